#include "HeaptrackEvents.h"

#include <cstring>

namespace heapline {

namespace {
constexpr uint32_t MinRun = 3;
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
    const char* const begin = chunk.data;
    const char* const end = begin + chunk.size;
    const char* p = begin;
    // At most one value per 2 bytes ("a 0 0\n"): reserved once, never grown by doubling (the
    // pages not written to are not resident).
    chunk.values.reserve(chunk.size / 2 + 1);
    if (!startsLine) {
        p = static_cast<const char*>(std::memchr(p, '\n', chunk.size));
        if (!p)
            return;
        ++p;
    }
    ChunkPipeline::Run run;
    bool open = false;
    // A run of a line or two between other lines saves the parser less than looking it up
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
        if (end - p > 2 && p[1] == ' ') {
            const size_t first = chunk.values.size();
            if (const char* next = prescanLine(p, end, chunk.values)) {
                if (!open) {
                    run = { offset(line), 0, static_cast<uint32_t>(first), 0 };
                    open = true;
                }
                ++run.count;
                p = next;
                // Event lines follow each other by the thousand: a loop of their own, without
                // the dispatch on the line's kind.
                uint32_t count = run.count;
                while (end - p > 3 && (p[0] == '+' || p[0] == '-') && p[1] == ' ') {
                    const char* const after = prescanEvent(p, end, chunk.values);
                    if (!after)
                        break;
                    ++count;
                    p = after;
                }
                run.count = count;
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
    while (m_next < chunk->runs.size() && chunk->runs[m_next].end <= offset)
        ++m_next;
    if (m_next == chunk->runs.size() || chunk->runs[m_next].begin > offset)
        return {};
    const auto& run = chunk->runs[m_next++];
    Run found { chunk->values.data() + run.first, run.count, chunk->data + run.begin, chunk->data + run.end };
    // The cursor inside the run: its first lines were read as text. (A chunk that begins with a
    // whole line hands that line to the line reader before the run is looked up; every run after
    // it would otherwise go to the text path up to its first line of another kind.)
    while (found.begin < cursor && found.count > 0) {
        found.begin
            = static_cast<const char*>(std::memchr(found.begin, '\n', static_cast<size_t>(found.end - found.begin)))
            + 1;
        found.values += prescannedRecordLength(*found.values);
        --found.count;
    }
    if (found.begin != cursor)
        return {};
    return found;
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
