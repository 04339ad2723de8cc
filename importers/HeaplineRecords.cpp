#include "HeaplineRecords.h"

#include "PrescannedRuns.h"

#include <array>
#include <bit>
#include <cstring>

namespace heapline {

namespace {
// The most values a line's record takes: a change's head, its node, and its other fields wide.
constexpr uint32_t MaxRecordValues = 2 + 2 * (HeaplineMaxChangeFields - 1);

// A node line's record from its three fields, written from `out` on (`out` past it); false (and
// nothing written) where they are out of a record's range (the line stays text).
[[gnu::always_inline]] inline bool appendNode(const int64_t* fields, uint32_t*& out)
{
    if (fields[0] >= (int64_t(1) << 31) || fields[1] > UINT32_MAX || fields[2] > UINT32_MAX)
        return false;
    out[0] = static_cast<uint32_t>(fields[0]) << 1 | HeaplineNodeRecord;
    out[1] = static_cast<uint32_t>(fields[1]);
    out[2] = static_cast<uint32_t>(fields[2]);
    out += 3;
    return true;
}

// A change line's record from its `n` fields, likewise.
[[gnu::always_inline]] inline bool appendChange(const int64_t* fields, size_t n, uint32_t*& out)
{
    if (!heaplineChangeFieldCount(n) || fields[0] > UINT32_MAX)
        return false;
    uint32_t* const head = out;
    out[1] = static_cast<uint32_t>(fields[0]);
    out += 2;
    uint32_t wide = 0;
    for (size_t i = 1; i < n; ++i) {
        const int64_t v = fields[i];
        *out++ = static_cast<uint32_t>(v);
        if (v < INT32_MIN || v > INT32_MAX) {
            wide |= 1u << (i - 1);
            *out++ = static_cast<uint32_t>(static_cast<uint64_t>(v) >> 32);
        }
    }
    *head = wide << 5 | static_cast<uint32_t>(n) << 1 | HeaplineChangeRecord;
    return true;
}

// The record of the "n" or "d" line from p to newline (its '\n'), appended to `values`; false
// (and nothing appended) where the line stays text.
inline bool prescanLine(const char* p, const char* newline, std::vector<uint32_t>& values)
{
    int64_t fields[HeaplineMaxChangeFields];
    uint32_t record[MaxRecordValues];
    uint32_t* out = record;
    const std::string_view rest(p + 2, static_cast<size_t>(newline - p - 2));
    const bool read = p[0] == 'n' ? fastFields(rest, fields, 3, false) == 3 && appendNode(fields, out)
                                  : appendChange(fields, fastFields(rest, fields, HeaplineMaxChangeFields, true), out);
    if (read)
        values.insert(values.end(), record, out);
    return read;
}

// The longest line read without checking for the chunk's end: "d ", then 8 fields of a sign,
// MaxDigits + 1 digits (one more than a field may have, where the read stops) and a space each.
constexpr size_t MaxDigits = 18;
constexpr ptrdiff_t MaxUncheckedLine = 2 + HeaplineMaxChangeFields * (1 + MaxDigits + 1 + 1);

// Two bytes' decimal value, by the bytes read as one little-endian 16-bit word: both digits,
// their value (0-99); else the first's value with DigitThen where it is a digit, and where the
// byte after the digits (the second, or the first) is ' ' or '\n', SpaceAfter or NewlineAfter.
// 128 KiB, of which a line's digits touch a few dozen cache lines.
constexpr uint16_t DigitThen = 0x100, SpaceAfter = 0x200, NewlineAfter = 0x400, NoDigit = 0x800;
constexpr std::array<uint16_t, 65536> decimalPairs = [] {
    std::array<uint16_t, 65536> table {};
    const auto separator = [](unsigned c) -> uint16_t { return c == ' ' ? SpaceAfter : c == '\n' ? NewlineAfter : 0; };
    for (unsigned word = 0; word < table.size(); ++word) {
        const unsigned first = word & 0xff, second = word >> 8;
        const bool firstDigit = first - '0' < 10, secondDigit = second - '0' < 10;
        table[word] = !firstDigit ? static_cast<uint16_t>(NoDigit | separator(first))
            : !secondDigit        ? static_cast<uint16_t>(DigitThen | separator(second) | (first - '0'))
                                  : static_cast<uint16_t>((first - '0') * 10 + (second - '0'));
    }
    return table;
}();
static_assert(std::endian::native == std::endian::little, "decimalPairs is indexed by little-endian words");

// A decimal field at q of 1 to MaxDigits digits (a '-' first where `sign`), then ' ' or '\n':
// the value, with q just past the separator (' ', '\n', or 0 for any other byte). The text from
// q holds MaxUncheckedLine bytes. The digits are read two at a time (decimalPairs), one lookup
// and one branch for both, and the separator with the last of them.
[[gnu::always_inline]] inline bool uncheckedField(const char*& q, int64_t& value, char& separator, bool sign)
{
    const bool negative = sign && *q == '-';
    const char* const start = q + negative;
    uint64_t parsed = 0;
    // Up to MaxDigits + 2 bytes: a field that fills every pair is refused as too long.
    uint16_t two = 0;
    size_t pair = 0;
#pragma GCC unroll 10
    for (; pair < (MaxDigits + 2) / 2; ++pair) {
        uint16_t word;
        std::memcpy(&word, start + 2 * pair, 2);
        two = decimalPairs[word];
        if (two > 99)
            break;
        parsed = parsed * 100 + two;
    }
    if (pair == (MaxDigits + 2) / 2)
        return false;
    size_t digits = 2 * pair;
    if (two & DigitThen) {
        parsed = parsed * 10 + (two & 0xf);
        ++digits;
    }
    if (digits == 0 || digits > MaxDigits)
        return false;
    separator = (two & SpaceAfter) ? ' ' : (two & NewlineAfter) ? '\n' : 0;
    q = start + digits + 1;
    value = negative ? -static_cast<int64_t>(parsed) : static_cast<int64_t>(parsed);
    return true;
}

// The record of the "n" or "d" line at p, read as prescanLine() does without finding its end
// first, written from `values` on (`values` past it): the start of the next line, or nullptr (and
// nothing written) where the line stays text.
[[gnu::always_inline]] inline const char* uncheckedLine(const char* p, uint32_t*& values)
{
    int64_t fields[HeaplineMaxChangeFields];
    const char* q = p + 2;
    char separator = 0;
    if (p[0] == 'n') {
        if (!uncheckedField(q, fields[0], separator, false) || separator != ' '
            || !uncheckedField(q, fields[1], separator, false) || separator != ' '
            || !uncheckedField(q, fields[2], separator, false) || separator != '\n' || !appendNode(fields, values))
            return nullptr;
        return q;
    }
    uint32_t n = 0;
    do {
        if (n == HeaplineMaxChangeFields || !uncheckedField(q, fields[n], separator, n > 0))
            return nullptr;
        ++n;
    } while (separator == ' ');
    if (separator != '\n' || !appendChange(fields, n, values))
        return nullptr;
    return q;
}

// What readRecordLines read: the line it stopped at (not read), the values and lines before it.
struct RecordLines {
    static constexpr uint32_t BufferRecords = 4096;
    const char* line;
    uint32_t records;
    uint32_t lines;
};
// Reads the "n" and "d" lines from p on into `buffer` up to the first line of another kind, one
// that stays text, a full buffer, or the chunk's last MaxUncheckedLine bytes. A loop of its own,
// out of line, whose values stay in registers, writing through a cursor: appended to a
// std::vector one by one, each value had its end and capacity loaded and its end stored
// (the converted cc1plus-40M's prescan 401.7M -> 319.6M instructions).
[[gnu::noinline]] RecordLines readRecordLines(const char* p, const char* end, uint32_t* buffer)
{
    uint32_t* out = buffer;
    const uint32_t* const full = buffer + RecordLines::BufferRecords - MaxRecordValues;
    uint32_t lines = 0;
    while (end - p > MaxUncheckedLine && out <= full && (p[0] == 'n' || p[0] == 'd') && p[1] == ' ') {
        const char* const next = uncheckedLine(p, out);
        if (!next)
            break;
        p = next;
        ++lines;
    }
    return { p, static_cast<uint32_t>(out - buffer), lines };
}
} // namespace

void prescanHeaplineRecords(ChunkPipeline::Chunk& chunk, bool startsLine)
{
    // At most one value per 2 bytes ("d 1 0 0\n": 4 values; a wide number takes 11 bytes or more).
    RunCollector runs(chunk, startsLine);
    const char* const end = runs.chunkEnd();
    const char* p = runs.firstLine();
    // Most of a chunk: its lines read field by field, each line's end found as its last field's.
    // (Finding the end first, with memchr, took as long as the fields: half the prescan.)
    uint32_t buffer[RecordLines::BufferRecords];
    while (end - p > MaxUncheckedLine) {
        const size_t first = chunk.values.size();
        const RecordLines read = readRecordLines(p, end, buffer);
        if (read.lines > 0) {
            chunk.values.insert(chunk.values.end(), buffer, buffer + read.records);
            runs.add(p, read.line, first, read.lines);
            p = read.line;
            continue;
        }
        runs.close();
        p = static_cast<const char*>(std::memchr(p, '\n', static_cast<size_t>(end - p)));
        if (!p)
            break;
        ++p;
    }
    // Its last lines, where the chunk's end may cut one.
    while (p && p < end) {
        const auto* newline = static_cast<const char*>(std::memchr(p, '\n', static_cast<size_t>(end - p)));
        if (!newline)
            break; // cut by the chunk's end
        const size_t first = chunk.values.size();
        if (newline - p > 2 && (p[0] == 'n' || p[0] == 'd') && p[1] == ' ' && prescanLine(p, newline, chunk.values))
            runs.add(p, newline + 1, first);
        else
            runs.close();
        p = newline + 1;
    }
    runs.close();
}

} // namespace heapline
