#include "HeaptrackEvents.h"

#include "PrescannedRuns.h"

#include <algorithm>
#include <array>
#include <bit>
#include <cstring>
#include <type_traits>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace heapline {

namespace {
constexpr uint64_t MaxIndex = uint64_t(1) << 30;
constexpr uint64_t MaxSize = uint64_t(1) << 48; // heaptrack_detail::MaxAllocationSize

// Two bytes' hex value, by the bytes read as one little-endian 16-bit word: both digits, their
// value (0-255); the first a digit and the second not, OneDigit and the first's value; the first
// not a digit, NoDigit. 128 KiB, of which a line's digits touch a few dozen cache lines.
constexpr uint16_t OneDigit = 0x100, NoDigit = 0x200;
constexpr std::array<uint16_t, 65536> hexPairs = [] {
    std::array<uint16_t, 65536> table {};
    for (unsigned word = 0; word < table.size(); ++word) {
        const int8_t first = hexDigits[word & 0xff], second = hexDigits[word >> 8];
        table[word] = first < 0 ? NoDigit
            : second < 0        ? static_cast<uint16_t>(OneDigit | first)
                                : static_cast<uint16_t>(first << 4 | second);
    }
    return table;
}();
static_assert(std::endian::native == std::endian::little, "hexPairs is indexed by little-endian words");

// Hex digits at q (at most MaxDigits of them), then `stop`: the value, with q just past `stop`.
// Unchecked (Checked false): the caller knows that the chunk holds MaxDigits + 2 bytes from q on
// (the digits, one more looked at only to refuse the line, and `stop`), and no end is checked;
// the digits are read two at a time (hexPairs), one table lookup and one branch for both: the
// prescan of cc1plus's event lines took 14 instructions for two digits one at a time, 6 this way.
// Checked, a digit at a time. The loops are unrolled: each step's exit a branch of its own, which
// the CPU predicts from the lines before. (Checking the end at every digit, the prescan of
// cc1plus-40M took 227-235 ms, 211-216 without; a loop not unrolled, one branch for every
// digit's exit, 295.)
template <int MaxDigits, bool Checked>
inline bool readField(const char*& q, const char* end, char stop, uint64_t& value)
{
    uint64_t parsed = 0;
    int digits = 0;
    if constexpr (Checked) {
#pragma GCC unroll 16
        for (; digits <= MaxDigits; ++digits) {
            if (q + digits == end)
                break;
            const int8_t digit = hexDigits[static_cast<unsigned char>(q[digits])];
            if (digit < 0)
                break;
            parsed = (parsed << 4) | static_cast<uint64_t>(digit);
        }
        q += digits;
        if (q == end)
            return false;
    } else {
        // Up to MaxDigits + 2 bytes: a field that fills every pair is refused as too long.
        digits = MaxDigits + 2;
#pragma GCC unroll 8
        for (int pair = 0; pair < (MaxDigits + 2) / 2; ++pair) {
            uint16_t word;
            std::memcpy(&word, q + 2 * pair, 2);
            const uint16_t two = hexPairs[word];
            if (two > 0xff) {
                if (two & OneDigit) {
                    parsed = (parsed << 4) | (two & 0xf);
                    digits = 2 * pair + 1;
                } else {
                    digits = 2 * pair;
                }
                break;
            }
            parsed = (parsed << 8) | two;
        }
        q += digits;
    }
    if (digits == 0 || digits > MaxDigits || *q != stop)
        return false;
    ++q;
    value = parsed;
    return true;
}
// The longest lines the prescan reads, and so the bytes a chunk must hold from a line's start for
// it to be read unchecked: "+ " and 8 digits, "a " and 12 then 8 (each with a digit more to refuse).
constexpr ptrdiff_t MaxUncheckedEvent = 2 + 9 + 1;
constexpr ptrdiff_t MaxUncheckedLine = 2 + 13 + 1 + 9 + 1;

// The record of the event line at p ("+ HEX" or "- HEX", whose first two bytes are there), in
// `record`; the start of the next line, or nullptr (and `record` not written).
template <bool Checked>
[[gnu::always_inline]] inline const char* eventRecord(const char* p, const char* end, uint32_t& record)
{
    const char* q = p + 2;
    uint64_t index = 0;
    if (!readField<8, Checked>(q, end, '\n', index) || index >= MaxIndex)
        return nullptr;
    record = static_cast<uint32_t>(index << 2) | (p[0] == '-' ? PrescannedFree : PrescannedAllocation);
    return q;
}
// The same, the record appended to `values`.
template <bool Checked>
inline const char* prescanEvent(const char* p, const char* end, std::vector<uint32_t>& values)
{
    uint32_t record;
    const char* next = eventRecord<Checked>(p, end, record);
    if (next)
        values.push_back(record);
    return next;
}
// The record of the "t" or "a" line at p (whose first two bytes are there), written from `out` on
// (`out` past it); the start of the next line, or nullptr (and nothing written).
template <bool Checked>
[[gnu::always_inline]] inline const char* definitionRecord(const char* p, const char* end, uint32_t*& out)
{
    const char* q = p + 2;
    uint64_t first = 0, second = 0;
    if (p[0] == 't') {
        if (!readField<8, Checked>(q, end, ' ', first) || first >= MaxIndex
            || !readField<8, Checked>(q, end, '\n', second))
            return nullptr;
        out[0] = static_cast<uint32_t>(first << 2) | PrescannedTrace;
        out[1] = static_cast<uint32_t>(second);
        out += 2;
        return q;
    }
    if (!readField<12, Checked>(q, end, ' ', first) || first > MaxSize || !readField<8, Checked>(q, end, '\n', second)
        || second >= MaxIndex)
        return nullptr;
    out[0] = static_cast<uint32_t>(second << 2) | PrescannedInfo;
    out[1] = static_cast<uint32_t>(first);
    out[2] = static_cast<uint32_t>(first >> 32);
    out += 3;
    return q;
}

// The record of the line at p (whose first two bytes are there), appended to `values`; the start
// of the next line, or nullptr (and nothing appended) when the line stays text.
template <bool Checked>
inline const char* prescanLine(const char* p, const char* end, std::vector<uint32_t>& values)
{
    switch (p[0]) {
    case '+':
    case '-':
        return prescanEvent<Checked>(p, end, values);
    case 't':
    case 'a': {
        uint32_t record[3];
        uint32_t* out = record;
        const char* next = definitionRecord<Checked>(p, end, out);
        if (next)
            values.insert(values.end(), record, out);
        return next;
    }
    default:
        return nullptr;
    }
}
// How many bytes from a and b on are the same, up to `limit` (the ranges may overlap).
size_t commonPrefixSse2(const char* a, const char* b, size_t limit)
{
    size_t same = 0;
#if defined(__SSE2__)
    for (; same + 16 <= limit; same += 16) {
        const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(a + same));
        const __m128i y = _mm_loadu_si128(reinterpret_cast<const __m128i*>(b + same));
        const auto equal = static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(x, y)));
        if (equal != 0xffff)
            return same + static_cast<size_t>(__builtin_ctz(~equal));
    }
#endif
    while (same < limit && a[same] == b[same])
        ++same;
    return same;
}
size_t commonPrefix(const char* a, const char* b, size_t limit)
{
    // Most compares end within a few lines. A long repeat's rounds (LongRepeatFinder: a hundred
    // MB of leakpy's text) go on through the C library's memcmp a block at a time, which uses
    // the widest vectors the CPU has, and the block where they differ through the loop above.
    // (memcmp from the first byte on cost each short compare a call.)
    constexpr size_t Head = 256, Block = 2048;
    size_t same = commonPrefixSse2(a, b, std::min(limit, Head));
    if (same < Head)
        return same;
    while (limit - same >= Block && std::memcmp(a + same, b + same, Block) == 0)
        same += Block;
    return same + commonPrefixSse2(a + same, b + same, limit - same);
}

// A program's loop allocates and frees the same way round after round: its events are the same
// few lines over and over (of heaptrack.leakpy.zst's 20 million events, three in four are in
// such stretches, most of them a 5-line period a dozen times over). Such a stretch becomes one
// repeat (RunCollector::addRepeat): its lines are not read again, and the parser applies a
// period's records in one step for all its rounds. Where nothing repeats, looking costs little:
// every 64th line (fewer, down to every 256th, while looks keep finding nothing), the records of
// the 32 lines before it, four at a time; only after a repeat is every line looked at for a
// while, where the next one often begins a few lines on (leakpy's loop is interrupted every fifty
// lines or so).
class RepeatFinder {
public:
    static constexpr uint32_t MaxPeriod = 32; // lines
    // Fewer lines save the parser less than a run of their own costs it.
    static constexpr uint32_t MinLines = 16;
    // Records before the line that must repeat too, before the text after it is compared.
    static constexpr uint32_t Lookback = 3;
    static constexpr uint32_t LookEvery = 64; // lines, but after a repeat
    static constexpr uint32_t MaxLookEvery = 256; // while looks keep finding nothing
    static constexpr uint32_t EagerLooks = 16; // at every line, after a repeat
    struct Repeat {
        size_t firstRecord; // of the period, in the chunk's values
        uint32_t rotation; // the repeat begins with the period's record `rotation`
        uint32_t period; // lines
        uint32_t repeats; // of the period, from the line found on
        const char* end; // just past the repeat's last line
    };

    // `text`: where the chunk's text begins.
    explicit RepeatFinder(const char* text)
        : m_text(text)
    {
    }
    // A stretch of event lines begins, with the record at `firstRecord`: a period lies within one.
    void startStretch(size_t firstRecord) { m_first = firstRecord; }
    // Whether the record `period` lines back is the `current` one, and the one before it the one
    // before the current.
    static bool periodSoFar(const uint32_t* current, uint32_t period)
    {
        return current[-static_cast<ptrdiff_t>(period)] == current[0]
            && current[-static_cast<ptrdiff_t>(period) - 1] == current[-1];
    }
    // Bit p - 1 for each period p up to `periods` (at most MaxPeriod) that periodSoFar().
    static uint32_t periodsSoFar(const uint32_t* current, uint32_t periods)
    {
        uint32_t candidates = 0;
#if defined(__SSE2__)
        if (periods == MaxPeriod) {
            static_assert(MaxPeriod == 32);
            // Lane i of block j: the record 32 - 4j - i back (and one further), bit 31 - 4j - i.
            const __m128i now = _mm_set1_epi32(static_cast<int>(current[0]));
            const __m128i before = _mm_set1_epi32(static_cast<int>(current[-1]));
            uint32_t reversed = 0;
            for (int j = 0; j < 8; ++j) {
                const __m128i back = _mm_loadu_si128(reinterpret_cast<const __m128i*>(current - 32 + 4 * j));
                const __m128i backBefore = _mm_loadu_si128(reinterpret_cast<const __m128i*>(current - 33 + 4 * j));
                const __m128i same = _mm_and_si128(_mm_cmpeq_epi32(back, now), _mm_cmpeq_epi32(backBefore, before));
                reversed |= static_cast<uint32_t>(_mm_movemask_ps(_mm_castsi128_ps(same))) << (4 * j);
            }
            // Bit b of `reversed` is the period 32 - b.
            for (; reversed != 0; reversed &= reversed - 1)
                candidates |= uint32_t(1) << (31 - __builtin_ctz(reversed));
            return candidates;
        }
#endif
        for (uint32_t period = 1; period <= periods; ++period)
            if (periodSoFar(current, period))
                candidates |= uint32_t(1) << (period - 1);
        return candidates;
    }

    // periodsSoFar() of the last two repeats' periods only (those up to `periods`).
    uint32_t lastPeriodsSoFar(const uint32_t* current, size_t periods) const
    {
        uint32_t candidates = 0;
        for (const uint32_t period : m_lastPeriods)
            if (period <= periods && periodSoFar(current, period))
                candidates |= uint32_t(1) << (period - 1);
        return candidates;
    }

    // How many lines to read before the next look: after a repeat, none (the loop may take up
    // again at once).
    uint32_t linesBeforeLook() const
    {
        return m_eager > 0 ? 1 : m_lookEvery;
    }
    // Just after a repeat, where a look at the last line read could find nothing: its record is
    // none of the last repeat's period (resumes()), and no period of the last two repeats holds so
    // far. The look's one effect is then kept (an eager look fewer) without making it: on leakpy,
    // whose loop is interrupted every fifty lines or so, 419 000 of its 811 000 eager looks (the
    // load 44.5 -> 43.5 ms, median of 31, interleaved).
    [[gnu::always_inline]] bool skipsEagerLook(const std::vector<uint32_t>& values, uint32_t& untilLook)
    {
        if (m_eager == 0)
            return false;
        const uint32_t* const current = values.data() + values.size() - 1;
        if ((m_periodRecords >> recordBit(*current)) & 1)
            return false;
        const size_t known = values.size() - 1 - m_first;
        if (known >= Lookback + 1 && lastPeriodsSoFar(current, std::min<size_t>(MaxPeriod, known - Lookback)) != 0)
            return false;
        untilLook = linesBeforeLook(); // as look() sets it
        --m_eager;
        return true;
    }
    // The event line at `line` was read into values[record] (the last one): true when it
    // begins a repeat of at least MinLines lines. `untilLook`: the lines before the next look.
    [[gnu::noinline]] bool look(
        const std::vector<uint32_t>& values, const char* line, const char* end, Repeat& found, uint32_t& untilLook)
    {
        untilLook = linesBeforeLook();
        const bool eager = m_eager > 0;
        if (eager)
            --m_eager;
        const bool hit = lookAt(values, line, end, found, eager);
        // Looks that keep finding nothing are made half as often, every LookMisses of them, down
        // to one in MaxLookEvery lines; a repeat found brings them back to every LookEvery.
        // cc1plus-40M: 1.4 million of its 80 million event lines are in repeats, and its 1.25
        // million looks had cost its prescan 7%, more than the repeats they found saved.
        if (hit) {
            m_lookMisses = 0;
            m_lookEvery = LookEvery;
        } else if (!eager && ++m_lookMisses % LookMisses == 0 && m_lookEvery < MaxLookEvery) {
            m_lookEvery *= 2;
        }
        return hit;
    }

private:
    // `eager`: a look at every line, just after a repeat.
    bool lookAt(const std::vector<uint32_t>& values, const char* line, const char* end, Repeat& found, bool eager)
    {
        const size_t record = values.size() - 1;
        const uint32_t* const current = values.data() + record;
        if (eager && resumes(values, line, end, found))
            return true;
        const size_t known = record - m_first; // records before this one in the stretch
        if (known < Lookback + 1)
            return false;
        const auto periods = static_cast<uint32_t>(std::min<size_t>(MaxPeriod, known - Lookback));
        // Bit p - 1: the record `p` lines back is this one, and the one before it the one before
        // this one (period p, so far).
        uint32_t candidates = 0;
        if (!eager) {
            candidates = periodsSoFar(current, periods);
        } else {
            // Just after a repeat, only the periods of the last two: what interrupted a loop is
            // usually over in a few lines, and looking for every other period at every line costs
            // more than the lines it would save.
            candidates = lastPeriodsSoFar(current, periods);
        }
        for (; candidates != 0; candidates &= candidates - 1) {
            const auto period = static_cast<uint32_t>(__builtin_ctz(candidates)) + 1;
            uint32_t k = 2;
            while (k <= Lookback && current[-static_cast<ptrdiff_t>(k)] == current[-static_cast<ptrdiff_t>(period + k)])
                ++k;
            if (k <= Lookback)
                continue;
            // The period's text: the `period` lines before this one.
            // (Walked back to only here: keeping every line's start costs the lines that are no
            // repeat more than this costs the few looks that get this far.)
            const char* periodBegin = line;
            for (uint32_t l = 0; l < period; ++l) {
                --periodBegin; // the '\n' of the line before
                while (periodBegin > m_text && periodBegin[-1] != '\n')
                    --periodBegin;
            }
            const auto length = static_cast<size_t>(line - periodBegin);
            const size_t repeats = commonPrefix(periodBegin, line, static_cast<size_t>(end - line)) / length;
            if (repeats * period < MinLines)
                return false;
            m_eager = EagerLooks;
            if (period != m_lastPeriods[0])
                m_lastPeriods = { period, m_lastPeriods[0] };
            // Kept for resumes(): the period's lines, where each begins.
            m_previous.text = periodBegin;
            m_previous.length = length;
            m_previous.period = period;
            m_previous.firstRecord = record - period;
            m_periodRecords = 0;
            for (uint32_t r = 0; r < period; ++r)
                m_periodRecords |= uint64_t(1) << recordBit(values[record - period + r]);
            const char* lineStart = periodBegin;
            for (uint32_t l = 0; l < period; ++l) {
                m_previous.lineOffsets[l] = static_cast<uint32_t>(lineStart - periodBegin);
                lineStart
                    = static_cast<const char*>(std::memchr(lineStart, '\n', static_cast<size_t>(line - lineStart))) + 1;
            }
            found = { record - period, 0, period, static_cast<uint32_t>(repeats), line + repeats * length };
            return true;
        }
        return false;
    }

    // The loop of the last repeat taken up again after what interrupted it, from any of its
    // lines: a look needs no lines of this stretch behind the line, only the line to be one of
    // the period's and the text from it on to be the period's from there (the last repeat's text
    // holds two periods at least: every rotation of one).
    bool resumes(const std::vector<uint32_t>& values, const char* line, const char* end, Repeat& found) const
    {
        const uint32_t current = values.back();
        const size_t length = m_previous.length;
        if (m_previous.period == 0 || static_cast<size_t>(end - line) < length)
            return false;
        for (uint32_t r = 0; r < m_previous.period; ++r) {
            if (values[m_previous.firstRecord + r] != current)
                continue;
            if (commonPrefix(m_previous.text + m_previous.lineOffsets[r], line, length) != length)
                continue;
            const size_t repeats
                = 1 + commonPrefix(line, line + length, static_cast<size_t>(end - line) - length) / length;
            if (repeats * m_previous.period < MinLines)
                return false;
            found = { m_previous.firstRecord, r, m_previous.period, static_cast<uint32_t>(repeats),
                line + repeats * length };
            return true;
        }
        return false;
    }

    struct Previous {
        const char* text = nullptr; // its period's text, followed by its repeats
        size_t length = 0;
        uint32_t period = 0; // 0: no repeat yet
        size_t firstRecord = 0;
        std::array<uint32_t, MaxPeriod> lineOffsets {};
    };
    // A bit per record of the last repeat's period, a record's bit from its index and kind.
    static unsigned recordBit(uint32_t record)
    {
        return (record ^ (record >> 6)) & 63;
    }
    Previous m_previous;
    uint64_t m_periodRecords = 0;
    const char* m_text;
    size_t m_first = 0;
    uint32_t m_eager = 0; // looks left at every line
    static constexpr uint32_t LookMisses = 16;
    uint32_t m_lookEvery = LookEvery; // lines between looks, but after a repeat
    uint32_t m_lookMisses = 0; // looks since the last repeat found
    std::array<uint32_t, 2> m_lastPeriods { 1, 1 }; // of the last repeats, the last first
};

// A program's outer loop: the short repeats RepeatFinder finds, and the lines between them,
// come back in the same order round after round, byte for byte (heaptrack.leakpy.zst: 1 290
// lines, 28 runs and repeats, about 30 times between two timestamps). Such a round is one
// repeat of its own, found where a short repeat ends: the text there (its last bytes and the
// next line's first) was met at the end of an earlier short repeat of the chunk, and from that
// one to here is a period, if the text from here on is that period twice or more. Its lines are
// read again into one period's records; the rounds after it are not read at all.
class LongRepeatFinder {
public:
    // Fewer lines are RepeatFinder's.
    static constexpr uint32_t MinPeriod = RepeatFinder::MaxPeriod + 1;
    // A longer period is not looked for: its records cost as much to read again as it saves.
    static constexpr size_t MaxPeriodBytes = 32 * 1024;
    static constexpr uint32_t MinRounds = 2;

    explicit LongRepeatFinder(const char* text)
        : m_text(text)
    {
        m_seen.fill(NotSeen);
    }
    // A long repeat found: the lines from where the look was made to its round's start, and the
    // repeat itself.
    struct Found {
        uint32_t prefixLines; // before the repeat, from where the look was made
        size_t prefixRecord; // their records
        const char* begin; // of the repeat
        RepeatFinder::Repeat repeat;
    };
    // Whether to look at the event line whose record was just read (the last of `values`) for
    // a loop whose round holds no short repeat, whose end look() would be called at (a round
    // of distinct lines: a std::map's nodes one by one, a vector's growth). Such a line is
    // picked by its record, the same in every round: one record in 32, fewer once a chunk's
    // looks keep finding nothing (a compiler's events: no loop, and a look a line of a record
    // met often would cost more than the prescan).
    [[gnu::always_inline]] bool isAnchor(const std::vector<uint32_t>& values) const
    {
        return isAnchor(values.back(), m_anchorBelow);
    }
    static bool isAnchor(uint32_t record, uint32_t anchorBelow) { return record * 0x9E3779B1u < anchorBelow; }
    uint32_t anchorBelow() const { return m_anchorBelow; }
    bool anchorsOn() const { return m_anchorBelow != 0; }
    // After a look at an anchor: found or not.
    void anchorLooked(bool found)
    {
        if (found) {
            m_anchorMisses = 0;
            m_anchorBelow = AnchorsOften;
        } else if (++m_anchorMisses % AnchorMisses == 0) {
            m_anchorBelow = m_anchorBelow == AnchorsOften ? AnchorsSeldom : 0;
        }
    }

    // Whether a long repeat begins at `at` (a line's start, where a short repeat ends or an
    // anchor is; `end` the chunk's). Records for one round are appended to `values` where one
    // does (found), not else.
    bool look(const char* at, const char* end, std::vector<uint32_t>& values, Found& found)
    {
        if (at - m_text < KeyBefore || end - at < KeyAfter)
            return false;
        uint32_t& seen = m_seen[bucket(at)];
        const uint32_t before = seen;
        seen = offset(at);
        if (before == NotSeen)
            return false;
        const char* const from = m_text + before;
        const auto length = static_cast<size_t>(at - from);
        // (An event line takes 4 bytes at least.)
        if (length < MinPeriod * 4 || length > MaxPeriodBytes || static_cast<size_t>(end - at) < MinRounds * length)
            return false;
        const size_t same = commonPrefix(from, at, static_cast<size_t>(end - at));
        if (same / length < MinRounds)
            return false;
        const size_t first = values.size();
        uint32_t lines = 0;
        m_lineStarts.clear();
        // Each line of the period is followed by two rounds of text: no chunk end to check.
        static_assert(MinRounds * MinPeriod * 4 >= MaxUncheckedEvent);
        for (const char* p = from; p < at; ++lines) {
            m_lineStarts.push_back(static_cast<uint32_t>(p - from));
            if ((p[0] != '+' && p[0] != '-') || p[1] != ' ' || !(p = prescanEvent<false>(p, end, values))) {
                values.resize(first);
                return false;
            }
        }
        if (lines < MinPeriod) {
            values.resize(first);
            return false;
        }
        // The round begins at its least rotation's line, wherever in it the look was made, so
        // that the parser, which works out what a round does once per period's records, finds
        // the next repeat of this loop (in this chunk or another) to be the same period.
        uint32_t* const records = values.data() + first;
        uint32_t start = leastRotation(records, lines);
        if ((same - m_lineStarts[start]) / length < MinRounds)
            start = 0;
        const size_t shift = m_lineStarts[start];
        const size_t rounds = (same - shift) / length;
        // The lines before that start are a run of their own, their records the period's last.
        std::rotate(records, records + start, records + lines);
        found.prefixLines = start;
        found.prefixRecord = first + lines - start;
        found.begin = at + shift;
        found.repeat = { first, 0, lines, static_cast<uint32_t>(rounds), found.begin + rounds * length };
        // The next look here is made from the last round, which is this text too.
        seen = offset(at + (same / length - 1) * length);
        return true;
    }

private:
    // Where the least rotation of the `count` records begins: the least record's first place,
    // or a later one whose rotation is less, compared within a few times `count` steps
    // altogether (a period of runs of its least record would cost more; the choice is then
    // still the same wherever the look was made, only not always the least).
    static uint32_t leastRotation(const uint32_t* records, uint32_t count)
    {
        const uint32_t* least = std::min_element(records, records + count);
        auto best = static_cast<uint32_t>(least - records);
        size_t budget = size_t(4) * count;
        for (uint32_t j = best + 1; j < count && budget > 0; ++j) {
            if (records[j] != *least)
                continue;
            for (uint32_t k = 1; k < count && budget > 0; ++k, --budget) {
                const uint32_t a = records[(j + k) % count], b = records[(best + k) % count];
                if (a != b) {
                    if (a < b)
                        best = j;
                    break;
                }
            }
        }
        return best;
    }

    static constexpr uint32_t NotSeen = UINT32_MAX;
    static constexpr ptrdiff_t KeyBefore = 8, KeyAfter = 16;
    static constexpr uint32_t AnchorsOften = 1u << 27, AnchorsSeldom = 1u << 24, AnchorMisses = 32;
    // The bytes around `at`: the short repeat's last, and the next lines' first.
    static size_t bucket(const char* at)
    {
        uint64_t before, after, next;
        std::memcpy(&before, at - KeyBefore, 8);
        std::memcpy(&after, at, 8);
        std::memcpy(&next, at + 8, 8);
        const uint64_t hash
            = (before * 0x9E3779B97F4A7C15u) ^ (after * 0xC2B2AE3D27D4EB4Fu) ^ (next * 0x165667B19E3779F9u);
        return static_cast<size_t>(hash >> 56);
    }
    uint32_t offset(const char* at) const { return static_cast<uint32_t>(at - m_text); }

    const char* m_text;
    std::array<uint32_t, 256> m_seen; // a short repeat's end with those bytes, by bucket
    std::vector<uint32_t> m_lineStarts; // of the period being read, from its start
    uint32_t m_anchorBelow = AnchorsOften; // a record is an anchor where its hash is below this
    uint32_t m_anchorMisses = 0;
};
// What readRecordLines read, and why it stopped.
struct RecordLines {
    // Room for a stretch of events between two looks, beside what the buffer held before it.
    static constexpr uint32_t BufferRecords = 4 * RepeatFinder::MaxLookEvery;
    enum Stop : uint8_t {
        Other, // the line at `line` is none of the four kinds, stays text, or is near the chunk's end
        Full, // the line at `line` is the next to read
        Look, // the event line at `line`, whose record is the buffer's last, is where a look is due
        Anchor, // the event line at `line`, whose record is the buffer's last, is an anchor
    };
    const char* line;
    const char* after; // Look, Anchor: just past that line
    uint32_t records; // written to the buffer
    uint32_t lines; // read before `line`
    uint32_t untilLook; // the lines before the next look (0 for Look)
    size_t stretchFirst; // the stretch's first record, in the chunk's values (RepeatFinder::startStretch)
    Stop stop;
};
// The prescan's loop: reads the event, trace and allocation info lines from p on into `buffer`
// (their records in the chunk's values from `base` on) until one of the stops, none closer to the
// chunk's end than MaxUncheckedLine bytes. A stretch of events begins at a trace or an allocation
// info line (its first record the one after that line's), or at p where `newStretch` (with p's
// record); else it goes on from the call before (`untilLook`, `stretchFirst`). `lookEvery`: the
// lines from a stretch's first to its first look (RepeatFinder::linesBeforeLook).
// Out of line, a function of its own whose few values stay in registers (the text's cursor and
// end, the buffer's cursor, the lines until the next look) where the flattened prescan, inlining
// every path of the repeats it looks for, kept some of them on the stack and appended each record
// to a std::vector (its end and capacity loaded and its end stored), in code whose register
// allocation moved with any change to the rare paths around it (one test added that can never
// hold took cc1plus's prescan from 485M to 560M instructions).
template <bool Anchors>
[[gnu::noinline]] RecordLines readRecordLines(const char* p, const char* end, uint32_t* buffer, size_t base,
    bool newStretch, uint32_t untilLook, size_t stretchFirst, uint32_t lookEvery, uint32_t anchorBelow)
{
    uint32_t* out = buffer;
    // The buffer holds a stretch's events after every trace or allocation info line written
    // before this bound: between two looks, at most lookEvery events.
    const uint32_t* const full = buffer + RecordLines::BufferRecords - RepeatFinder::MaxLookEvery - 3;
    const char* const lastUnchecked = end - MaxUncheckedLine;
    uint32_t lines = 0;
    const auto stop = [&](RecordLines::Stop why, const char* after) {
        return RecordLines { p, after, static_cast<uint32_t>(out - buffer), lines, untilLook, stretchFirst, why };
    };
    const auto isEvent = [](const char* line) { return (line[0] == '+' || line[0] == '-') && line[1] == ' '; };
    if (newStretch && p <= lastUnchecked && isEvent(p)) {
        // The stretch's first line: no look at it.
        const char* const after = eventRecord<false>(p, end, *out);
        if (!after)
            return stop(RecordLines::Other, p);
        stretchFirst = base;
        untilLook = lookEvery;
        ++out;
        ++lines;
        p = after;
    }
    while (p <= lastUnchecked) {
        if (isEvent(p)) {
            const char* const after = eventRecord<false>(p, end, *out);
            if (!after)
                break;
            ++out;
            if (--untilLook == 0)
                return stop(RecordLines::Look, after);
            if (Anchors && LongRepeatFinder::isAnchor(out[-1], anchorBelow))
                return stop(RecordLines::Anchor, after);
            ++lines;
            p = after;
            continue;
        }
        if ((p[0] != 't' && p[0] != 'a') || p[1] != ' ')
            break;
        if (out > full)
            return stop(RecordLines::Full, p);
        const char* const after = definitionRecord<false>(p, end, out);
        if (!after)
            break;
        stretchFirst = base + static_cast<size_t>(out - buffer);
        untilLook = lookEvery;
        ++lines;
        p = after;
    }
    return stop(RecordLines::Other, p);
}
} // namespace

// Flattened: everything it calls is inlined but what is marked noinline (readRecordLines, the
// prescan's loop, and RepeatFinder::look). A trace's and an allocation info's values had been
// appended through an out-of-line vector::emplace_back, a call per value.
[[gnu::flatten]] void prescanHeaptrackEvents(ChunkPipeline::Chunk& chunk, bool startsLine)
{
    // At most one value per 2 bytes ("a 0 0\n").
    RunCollector runs(chunk, startsLine);
    RepeatFinder repeats(chunk.data);
    LongRepeatFinder longRepeats(chunk.data);
    // A long repeat found at `at`: the lines before its round's start a run, the rounds one
    // repeat; where the text goes on.
    const auto takeLoop = [&runs](const char* at, const LongRepeatFinder::Found& loop) {
        if (loop.prefixLines > 0) {
            runs.add(at, loop.begin, loop.prefixRecord, loop.prefixLines);
            runs.close(true);
        }
        runs.addRepeat(loop.begin, loop.repeat.end, loop.repeat.firstRecord, loop.repeat.period, loop.repeat.repeats);
        return loop.repeat.end;
    };
    const char* const end = runs.chunkEnd();
    const char* p = runs.firstLine();
    // The lines up to the chunk's last few, read by readRecordLines; where it stops at a look or
    // an anchor, what the repeats' finders do there is done here.
    uint32_t buffer[RecordLines::BufferRecords];
    bool newStretch = true;
    uint32_t untilLook = 0;
    size_t stretchFirst = 0;
    while (p < end && end - p >= MaxUncheckedLine) {
        const size_t base = chunk.values.size();
        const RecordLines read = longRepeats.anchorsOn() ? readRecordLines<true>(p, end, buffer, base, newStretch,
                                     untilLook, stretchFirst, repeats.linesBeforeLook(), longRepeats.anchorBelow())
                                                         : readRecordLines<false>(p, end, buffer, base, newStretch,
                                                             untilLook, stretchFirst, repeats.linesBeforeLook(), 0);
        chunk.values.insert(chunk.values.end(), buffer, buffer + read.records);
        if (read.lines > 0) {
            runs.add(p, read.line, base, read.lines);
            newStretch = false;
        }
        untilLook = read.untilLook;
        stretchFirst = read.stretchFirst;
        p = read.line;
        if (read.stop == RecordLines::Full)
            continue;
        if (read.stop == RecordLines::Other) {
            if (end - p < MaxUncheckedLine)
                break; // the chunk's last lines: below
            // A line that stays text (or a stretch's line where it is cut): a new stretch after it.
            runs.close();
            newStretch = true;
            const auto* newline = static_cast<const char*>(std::memchr(p, '\n', static_cast<size_t>(end - p)));
            if (!newline) {
                p = end; // cut by the chunk's end
                break;
            }
            p = newline + 1;
            continue;
        }
        // The event line at p, whose record is the last of the values: a look for a repeat due
        // there, or an anchor.
        newStretch = false;
        repeats.startStretch(stretchFirst);
        if (read.stop == RecordLines::Look && !repeats.skipsEagerLook(chunk.values, untilLook)) {
            RepeatFinder::Repeat repeat {};
            if (repeats.look(chunk.values, p, end, repeat, untilLook)) {
                chunk.values.pop_back();
                runs.close(true);
                size_t periodRecords = repeat.firstRecord;
                if (repeat.rotation != 0) {
                    // The period from its record `rotation` on, then its first records.
                    uint32_t rotated[RepeatFinder::MaxPeriod];
                    const uint32_t* period = chunk.values.data() + repeat.firstRecord;
                    std::rotate_copy(period, period + repeat.rotation, period + repeat.period, rotated);
                    periodRecords = chunk.values.size();
                    chunk.values.insert(chunk.values.end(), rotated, rotated + repeat.period);
                }
                runs.addRepeat(p, repeat.end, periodRecords, repeat.period, repeat.repeats);
                p = repeat.end;
                if (LongRepeatFinder::Found loop {}; longRepeats.look(p, end, chunk.values, loop))
                    p = takeLoop(p, loop);
                newStretch = true;
                continue;
            }
        }
        if (longRepeats.anchorsOn() && longRepeats.isAnchor(chunk.values)) {
            const uint32_t record = chunk.values.back();
            chunk.values.pop_back();
            LongRepeatFinder::Found loop {};
            const bool found = longRepeats.look(p, end, chunk.values, loop);
            longRepeats.anchorLooked(found);
            if (found) {
                runs.close(true);
                p = takeLoop(p, loop);
                newStretch = true;
                continue;
            }
            chunk.values.push_back(record);
        }
        runs.add(p, read.after, chunk.values.size() - 1);
        p = read.after;
    }
    // The chunk's last lines, where its end may cut one: each read with its end checked, and no
    // look for a repeat (none fits in so few bytes).
    while (p < end) {
        const char* const line = p;
        const size_t first = chunk.values.size();
        if (end - p > 2 && p[1] == ' ') {
            if (const char* next = prescanLine<true>(p, end, chunk.values)) {
                runs.add(line, next, first);
                p = next;
                continue;
            }
        }
        runs.close();
        const auto* newline = static_cast<const char*>(std::memchr(line, '\n', static_cast<size_t>(end - line)));
        if (!newline)
            break; // cut by the chunk's end
        p = newline + 1;
    }
    runs.close();
}

} // namespace heapline
