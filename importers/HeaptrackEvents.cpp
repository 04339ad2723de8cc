#include "HeaptrackEvents.h"

#include <cstring>

namespace heapline {

namespace {
constexpr uint32_t MinRun = 3;
}

void prescanHeaptrackEvents(ChunkPipeline::Chunk& chunk, bool startsLine)
{
    const char* const begin = chunk.data;
    const char* const end = begin + chunk.size;
    const char* p = begin;
    // At most one value per 4 bytes ("+ 0\n"): reserved once, never grown by doubling (the pages
    // not written to are not resident).
    chunk.values.reserve(chunk.size / 4 + 1);
    if (!startsLine) {
        p = static_cast<const char*>(std::memchr(p, '\n', chunk.size));
        if (!p)
            return;
        ++p;
    }
    ChunkPipeline::Run run;
    bool open = false;
    // A run of a line or two between trace definitions saves the parser less than looking it up
    // costs: such lines stay text.
    const auto closeRun = [&](const ChunkPipeline::Run& closed) {
        if (closed.count >= MinRun)
            chunk.runs.push_back(closed);
        else
            chunk.values.resize(closed.first);
    };
    const auto offset = [&](const char* at) { return static_cast<uint32_t>(at - begin); };
    while (p < end) {
        const char* const line = p;
        if (end - p > 2 && (p[0] == '+' || p[0] == '-') && p[1] == ' ') {
            const char* q = p + 2;
            uint32_t value = 0;
            int digits = 0;
            int8_t digit;
            while (q < end && digits < 8 && (digit = hexDigits[static_cast<unsigned char>(*q)]) >= 0) {
                value = (value << 4) | static_cast<uint32_t>(digit);
                ++q;
                ++digits;
            }
            if (q < end && *q == '\n' && digits > 0 && value < (1u << 31)) {
                if (!open) {
                    run = { offset(line), 0, static_cast<uint32_t>(chunk.values.size()), 0 };
                    open = true;
                }
                chunk.values.push_back((value << 1) | (line[0] == '-' ? 1u : 0u));
                ++run.count;
                p = q + 1;
                run.end = offset(p);
                continue;
            }
        }
        if (open) {
            closeRun(run);
            open = false;
        }
        const auto* newline = static_cast<const char*>(std::memchr(line, '\n', static_cast<size_t>(end - line)));
        if (!newline)
            break; // cut by the chunk's end
        p = newline + 1;
    }
    if (open)
        closeRun(run);
}

PrescannedEvents::Run PrescannedEvents::at(const LineReader& lines)
{
    const ChunkPipeline::Chunk* chunk = lines.chunk();
    const char* cursor = lines.cursor();
    if (!chunk || !chunk->prescanned || cursor < chunk->data || cursor >= chunk->data + chunk->size)
        return {};
    if (chunk != m_chunk || chunk->sequence != m_sequence) {
        m_chunk = chunk;
        m_sequence = chunk->sequence;
        m_next = 0;
    }
    const auto offset = static_cast<uint32_t>(cursor - chunk->data);
    while (m_next < chunk->runs.size() && chunk->runs[m_next].begin < offset)
        ++m_next;
    if (m_next == chunk->runs.size() || chunk->runs[m_next].begin != offset)
        return {};
    const auto& run = chunk->runs[m_next++];
    return { chunk->values.data() + run.first, run.count, chunk->data + run.begin, chunk->data + run.end };
}

const char* PrescannedEvents::skipLines(const char* begin, const char* end, uint32_t lines)
{
    for (; lines > 0; --lines)
        begin = static_cast<const char*>(std::memchr(begin, '\n', static_cast<size_t>(end - begin))) + 1;
    return begin;
}

const char* PrescannedEvents::startOfLastLine(const char* begin, const char* end)
{
    // `end` is just past a '\n': the line before it starts after the '\n' before that.
    const char* p = end - 1;
    while (p > begin && p[-1] != '\n')
        --p;
    return p;
}

} // namespace heapline
