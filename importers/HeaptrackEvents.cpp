#include "HeaptrackEvents.h"

#include "PrescannedRuns.h"

#include <cstring>

namespace heapline {

namespace {
constexpr uint64_t MaxIndex = uint64_t(1) << 30;
constexpr uint64_t MaxSize = uint64_t(1) << 48; // heaptrack_detail::MaxAllocationSize

// Hex digits at q (at most maxDigits of them), then `stop`: the value, with q just past `stop`.
inline bool readField(const char*& q, const char* end, int maxDigits, char stop, uint64_t& value)
{
    uint64_t parsed = 0;
    int digits = 0;
    int8_t digit;
    while (q < end && digits <= maxDigits && (digit = hexDigits[static_cast<unsigned char>(*q)]) >= 0) {
        parsed = (parsed << 4) | static_cast<uint64_t>(digit);
        ++q;
        ++digits;
    }
    if (q == end || *q != stop || digits == 0 || digits > maxDigits)
        return false;
    ++q;
    value = parsed;
    return true;
}

// The record of the event line at p ("+ HEX" or "- HEX", whose first two bytes are there),
// appended to `values`; the start of the next line, or nullptr (and nothing appended).
inline const char* prescanEvent(const char* p, const char* end, std::vector<uint32_t>& values)
{
    const char* q = p + 2;
    uint64_t index = 0;
    if (!readField(q, end, 8, '\n', index) || index >= MaxIndex)
        return nullptr;
    values.push_back(static_cast<uint32_t>(index << 2) | (p[0] == '-' ? PrescannedFree : PrescannedAllocation));
    return q;
}

// The record of the line at p (whose first two bytes are there), appended to `values`; the start
// of the next line, or nullptr (and nothing appended) when the line stays text.
inline const char* prescanLine(const char* p, const char* end, std::vector<uint32_t>& values)
{
    const char* q = p + 2;
    uint64_t first = 0, second = 0;
    switch (p[0]) {
    case '+':
    case '-':
        return prescanEvent(p, end, values);
    case 't':
        if (!readField(q, end, 8, ' ', first) || first >= MaxIndex || !readField(q, end, 8, '\n', second))
            return nullptr;
        values.push_back(static_cast<uint32_t>(first << 2) | PrescannedTrace);
        values.push_back(static_cast<uint32_t>(second));
        return q;
    case 'a':
        if (!readField(q, end, 12, ' ', first) || first > MaxSize || !readField(q, end, 8, '\n', second)
            || second >= MaxIndex)
            return nullptr;
        values.push_back(static_cast<uint32_t>(second << 2) | PrescannedInfo);
        values.push_back(static_cast<uint32_t>(first));
        values.push_back(static_cast<uint32_t>(first >> 32));
        return q;
    default:
        return nullptr;
    }
}
} // namespace

void prescanHeaptrackEvents(ChunkPipeline::Chunk& chunk, bool startsLine)
{
    // At most one value per 2 bytes ("a 0 0\n").
    RunCollector runs(chunk, startsLine);
    const char* const end = runs.chunkEnd();
    const char* p = runs.firstLine();
    while (p < end) {
        const char* const line = p;
        if (end - p > 2 && p[1] == ' ') {
            const size_t first = chunk.values.size();
            if (const char* next = prescanLine(p, end, chunk.values)) {
                p = next;
                // Event lines follow each other by the thousand: a loop of their own, without
                // the dispatch on the line's kind.
                uint32_t count = 1;
                while (end - p > 3 && (p[0] == '+' || p[0] == '-') && p[1] == ' ') {
                    const char* const after = prescanEvent(p, end, chunk.values);
                    if (!after)
                        break;
                    ++count;
                    p = after;
                }
                runs.add(line, p, first, count);
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
