#pragma once

#include "ChunkPipeline.h"

#include <array>
#include <cstdint>

namespace heapline {

// Hex digit values, -1 for anything else.
inline constexpr std::array<int8_t, 256> hexDigits = [] {
    std::array<int8_t, 256> table {};
    for (auto& v : table)
        v = -1;
    for (int c = 0; c < 10; ++c)
        table['0' + c] = static_cast<int8_t>(c);
    for (int c = 0; c < 6; ++c) {
        table['a' + c] = static_cast<int8_t>(10 + c);
        table['A' + c] = static_cast<int8_t>(10 + c);
    }
    return table;
}();

// Most lines of a heaptrack recording are "+ HEX" and "- HEX" (an allocation or a free of
// allocation info HEX), and most of the rest "t IP PARENT" (a trace) and "a SIZE TRACE" (an
// allocation info). The decompression thread turns runs of them into numbers while the parsing
// thread is busy with the chunk before (ChunkPipeline::setPrescan), a record of one to three
// values per line; the first value's low two bits say which kind (PrescannedRecord), the rest of
// it is the line's first index. Indices of 2^30 and more, sizes above 2^48, malformed lines and
// lines cut by the chunk's ends stay text (the parsing thread reads them as before).
enum PrescannedRecord : uint32_t {
    PrescannedAllocation = 0, // index << 2
    PrescannedFree = 1, // index << 2 | 1
    PrescannedTrace = 2, // ip << 2 | 2, then the parent trace
    PrescannedInfo = 3, // trace << 2 | 3, then the size's low and high 32 bits
};
// How many values the record that begins with `head` takes.
constexpr uint32_t prescannedRecordLength(uint32_t head)
{
    return (head & 3) < PrescannedTrace ? 1 : (head & 3);
}
void prescanHeaptrackEvents(ChunkPipeline::Chunk& chunk, bool startsLine);

} // namespace heapline
