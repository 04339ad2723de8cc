#pragma once

#include "ChunkPipeline.h"
#include "LineReader.h"

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

// The parsing thread's side: finds the prescanned run that begins at the reader's cursor.
class PrescannedEvents {
public:
    struct Run {
        const uint32_t* values = nullptr;
        uint32_t count = 0; // lines, one record each
        const char* begin = nullptr; // the text of the run's first line
        const char* end = nullptr; // just past its last line
    };
    // The run, or the rest of the run, that starts at the cursor, if there is one (count 0
    // otherwise). Runs are met in order; a run left half-way (a bad line in it) is not offered
    // again.
    Run at(const LineReader& lines);
    // Where the `lines`-th line after `begin` starts (all of them end before `end`).
    static const char* skipLines(const char* begin, const char* end, uint32_t lines);
    // Where the line that ends just before `end` (past its '\n') began, `begin` at the earliest.
    static const char* startOfLastLine(const char* begin, const char* end);

private:
    const ChunkPipeline::Chunk* m_chunk = nullptr;
    uint64_t m_sequence = UINT64_MAX;
    size_t m_next = 0; // the first run not yet passed in that chunk
};

} // namespace heapline
