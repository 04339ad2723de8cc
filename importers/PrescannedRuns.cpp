#include "PrescannedRuns.h"

#include <cstring>

namespace heapline {

PrescannedRuns::Run PrescannedRuns::at(const LineReader& lines)
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
    while (m_next < chunk->runs.size() && chunk->runs[m_next].end <= offset)
        ++m_next;
    if (m_next == chunk->runs.size() || chunk->runs[m_next].begin > offset)
        return {};
    const auto& run = chunk->runs[m_next++];
    Run found { chunk->values.data() + run.first, run.count, chunk->data + run.begin, chunk->data + run.end,
        run.repeats };
    if (run.repeats > 1)
        return found.begin == cursor ? found : Run {};
    // The cursor inside the run: its first lines were read as text. (A chunk that begins with a
    // whole line hands that line to the line reader before the run is looked up; every run after
    // it would otherwise go to the text path up to its first line of another kind.)
    while (found.begin < cursor && found.count > 0) {
        found.begin
            = static_cast<const char*>(std::memchr(found.begin, '\n', static_cast<size_t>(found.end - found.begin)))
            + 1;
        found.values += m_recordLength(*found.values);
        --found.count;
    }
    if (found.begin != cursor)
        return {};
    return found;
}

const char* PrescannedRuns::skipLines(const char* begin, const char* end, uint32_t lines)
{
    for (; lines > 0; --lines)
        begin = static_cast<const char*>(std::memchr(begin, '\n', static_cast<size_t>(end - begin))) + 1;
    return begin;
}

void PrescannedRuns::consume(LineReader& lines, const Run& run, uint32_t applied)
{
    const char* stop = applied == run.lines() ? run.end : skipLines(run.begin, run.end, applied);
    lines.consume(stop, stop, applied);
}

} // namespace heapline
