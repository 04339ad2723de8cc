#include "HeaplineRecords.h"

#include "PrescannedRuns.h"

#include <cstring>

namespace heapline {

namespace {
// A node line's record from its three fields, appended to `values`; false (and nothing appended)
// where they are out of a record's range (the line stays text).
inline bool appendNode(const int64_t* fields, std::vector<uint32_t>& values)
{
    if (fields[0] >= (int64_t(1) << 31) || fields[1] > UINT32_MAX || fields[2] > UINT32_MAX)
        return false;
    values.push_back(static_cast<uint32_t>(fields[0]) << 1 | HeaplineNodeRecord);
    values.push_back(static_cast<uint32_t>(fields[1]));
    values.push_back(static_cast<uint32_t>(fields[2]));
    return true;
}

// A change line's record from its `n` fields, likewise.
inline bool appendChange(const int64_t* fields, size_t n, std::vector<uint32_t>& values)
{
    if (!heaplineChangeFieldCount(n) || fields[0] > UINT32_MAX)
        return false;
    const size_t head = values.size();
    values.push_back(0);
    values.push_back(static_cast<uint32_t>(fields[0]));
    uint32_t wide = 0;
    for (size_t i = 1; i < n; ++i) {
        const int64_t v = fields[i];
        values.push_back(static_cast<uint32_t>(v));
        if (v < INT32_MIN || v > INT32_MAX) {
            wide |= 1u << (i - 1);
            values.push_back(static_cast<uint32_t>(static_cast<uint64_t>(v) >> 32));
        }
    }
    values[head] = wide << 5 | static_cast<uint32_t>(n) << 1 | HeaplineChangeRecord;
    return true;
}

// The record of the "n" or "d" line from p to newline (its '\n'), appended to `values`; false
// (and nothing appended) where the line stays text.
inline bool prescanLine(const char* p, const char* newline, std::vector<uint32_t>& values)
{
    int64_t fields[HeaplineMaxChangeFields];
    const std::string_view rest(p + 2, static_cast<size_t>(newline - p - 2));
    if (p[0] == 'n')
        return fastFields(rest, fields, 3, false) == 3 && appendNode(fields, values);
    return appendChange(fields, fastFields(rest, fields, HeaplineMaxChangeFields, true), values);
}

// The longest line read without checking for the chunk's end: "d ", then 8 fields of a sign,
// MaxDigits + 1 digits (one more than a field may have, where the read stops) and a space each.
constexpr size_t MaxDigits = 18;
constexpr ptrdiff_t MaxUncheckedLine = 2 + HeaplineMaxChangeFields * (1 + MaxDigits + 1 + 1);

// A decimal field at q of 1 to MaxDigits digits (a '-' first where `sign`), then ' ' or '\n':
// the value, with q just past the separator. The text from q holds MaxUncheckedLine bytes.
inline bool uncheckedField(const char*& q, int64_t& value, char& separator, bool sign)
{
    const bool negative = sign && *q == '-';
    const char* const start = q + negative;
    const char* r = start;
    auto digit = static_cast<unsigned>(*r - '0');
    if (digit > 9)
        return false;
    uint64_t parsed = digit;
    size_t digits = 1;
#pragma GCC unroll 18
    for (; digits <= MaxDigits; ++digits) {
        digit = static_cast<unsigned>(start[digits] - '0');
        if (digit > 9)
            break;
        parsed = parsed * 10 + digit;
    }
    if (digits > MaxDigits)
        return false;
    r += digits;
    separator = *r;
    q = r + 1;
    value = negative ? -static_cast<int64_t>(parsed) : static_cast<int64_t>(parsed);
    return true;
}

// The record of the "n" or "d" line at p, read as prescanLine() does without finding its end
// first: the start of the next line, or nullptr (and nothing appended) where the line stays text.
// Flattened, so that its values are appended inline, not through an out-of-line emplace_back
// (the prescan of a converted cc1plus-40M's text 28.2 -> 27.4 ms on one thread).
[[gnu::flatten]] inline const char* uncheckedLine(const char* p, std::vector<uint32_t>& values)
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
} // namespace

void prescanHeaplineRecords(ChunkPipeline::Chunk& chunk, bool startsLine)
{
    // At most one value per 2 bytes ("d 1 0 0\n": 4 values; a wide number takes 11 bytes or more).
    RunCollector runs(chunk, startsLine);
    const char* const end = runs.chunkEnd();
    const char* p = runs.firstLine();
    // Most of a chunk: its lines read field by field, each line's end found as its last field's.
    // (Finding the end first, with memchr, took as long as the fields: half the prescan.)
    while (end - p > MaxUncheckedLine) {
        const size_t first = chunk.values.size();
        if ((p[0] == 'n' || p[0] == 'd') && p[1] == ' ') {
            if (const char* next = uncheckedLine(p, chunk.values)) {
                runs.add(p, next, first);
                p = next;
                continue;
            }
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
