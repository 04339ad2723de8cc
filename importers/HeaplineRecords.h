#pragma once

#include "ChunkPipeline.h"

#include <bit>
#include <cstddef>
#include <cstdint>
#include <string_view>

// The two records a Heapline file has by the hundred thousand: "n ID PARENT FRAME" (a stack node)
// and "d NODE BYTES BLOCKS [ALLOCATIONS ALLOCATED_BYTES FREES [RISE]]" (a change in a snapshot).
// Their fields are read without splitting the line into views first, on the decompression thread
// where it can (prescanHeaplineRecords), else by the parser (fastFields).
namespace heapline {

// Sizes beyond this are not believed (no process holds an exabyte).
constexpr int64_t HeaplineMaxMagnitude = int64_t(1) << 60;

// Decimal fields of 1 to 18 digits (below HeaplineMaxMagnitude), one space apart. Anything
// else, however valid, is left to the reader's general path, which reads and reports it.
inline bool fastField(const char*& p, const char* end, int64_t& value, bool sign)
{
    const bool negative = sign && p < end && *p == '-';
    const char* const start = p + negative;
    const char* q = start;
    uint64_t parsed = 0;
    while (q < end && static_cast<unsigned>(*q - '0') < 10) {
        parsed = parsed * 10 + static_cast<unsigned>(*q - '0');
        ++q;
    }
    if (q == start || q - start > 18)
        return false;
    value = negative ? -static_cast<int64_t>(parsed) : static_cast<int64_t>(parsed);
    p = q;
    return true;
}

// Up to `max` space-separated fields of `rest` read with fastField (the first unsigned, the others
// signed where `signs`); how many, or 0 where the line is not that simple.
inline size_t fastFields(std::string_view rest, int64_t* values, size_t max, bool signs)
{
    const char* p = rest.data();
    const char* const end = p + rest.size();
    size_t n = 0;
    while (n < max) {
        if (!fastField(p, end, values[n], signs && n > 0))
            return 0;
        ++n;
        if (p == end)
            return n;
        if (*p++ != ' ')
            return 0;
    }
    return 0;
}

// A prescanned record's first value: its kind in the low bit. A node is its ID << 1 (IDs below
// 2^31), then the parent and the frame (below 2^32). A change is its field count << 1 | 1 and, from
// bit 4, which of its numbers take two values (a number outside int32's range: low then high
// half); then the node (below 2^32) and the numbers (BYTES, BLOCKS, …), one value each or two.
enum HeaplineRecordKind : uint32_t {
    HeaplineNodeRecord = 0,
    HeaplineChangeRecord = 1,
};
// A change line's fields: NODE BYTES BLOCKS [ALLOCATIONS ALLOCATED_BYTES FREES [RISE [TEMPORARY]]].
constexpr uint32_t HeaplineMaxChangeFields = 8;
// Whether a change line of `n` fields is one of the forms above (3, 6, 7 or 8).
constexpr bool heaplineChangeFieldCount(size_t n)
{
    return n == 3 || n == 6 || n == 7 || n == 8;
}
constexpr uint32_t heaplineChangeFields(uint32_t head)
{
    return (head >> 1) & 15;
}
constexpr uint32_t heaplineChangeWide(uint32_t head)
{
    return head >> 5;
}
constexpr uint32_t heaplineRecordLength(uint32_t head)
{
    if ((head & 1) == HeaplineNodeRecord)
        return 3;
    return 1 + heaplineChangeFields(head) + static_cast<uint32_t>(std::popcount(heaplineChangeWide(head)));
}
void prescanHeaplineRecords(ChunkPipeline::Chunk& chunk, bool startsLine);

} // namespace heapline
