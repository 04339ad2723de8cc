#include "HeaplineRecords.h"

#include "PrescannedRuns.h"

#include <cstring>

namespace heapline {

namespace {
// The record of the "n" or "d" line from p to newline (its '\n'), appended to `values`; false
// (and nothing appended) where the line stays text.
inline bool prescanLine(const char* p, const char* newline, std::vector<uint32_t>& values)
{
    int64_t fields[7];
    const std::string_view rest(p + 2, static_cast<size_t>(newline - p - 2));
    if (p[0] == 'n') {
        if (fastFields(rest, fields, 3, false) != 3 || fields[0] >= (int64_t(1) << 31) || fields[1] > UINT32_MAX
            || fields[2] > UINT32_MAX)
            return false;
        values.push_back(static_cast<uint32_t>(fields[0]) << 1 | HeaplineNodeRecord);
        values.push_back(static_cast<uint32_t>(fields[1]));
        values.push_back(static_cast<uint32_t>(fields[2]));
        return true;
    }
    const size_t n = fastFields(rest, fields, 7, true);
    if ((n != 3 && n != 6 && n != 7) || fields[0] > UINT32_MAX)
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
    values[head] = wide << 4 | static_cast<uint32_t>(n) << 1 | HeaplineChangeRecord;
    return true;
}
} // namespace

void prescanHeaplineRecords(ChunkPipeline::Chunk& chunk, bool startsLine)
{
    // At most one value per 2 bytes ("d 1 0 0\n": 4 values; a wide number takes 11 bytes or more).
    RunCollector runs(chunk, startsLine);
    const char* const end = runs.chunkEnd();
    const char* p = runs.firstLine();
    while (p < end) {
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
