#pragma once

// The repeats the heaptrack prescan looks for (prescanHeaptrackEvents): internal to
// HeaptrackEvents.cpp.

#include "HeaptrackLines.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <vector>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace heapline::heaptrack_prescan {

// How many bytes from a and b on are the same, up to `limit` (the ranges may overlap).
inline size_t commonPrefixSse2(const char* a, const char* b, size_t limit)
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
inline size_t commonPrefix(const char* a, const char* b, size_t limit)
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

} // namespace heapline::heaptrack_prescan
