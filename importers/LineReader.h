#pragma once

#include "ChunkPipeline.h"
#include "ImportControl.h"

#include <cstring>
#include <string>
#include <string_view>

namespace heapline {

// Lines of the decompressed stream, as views into the pipeline's buffers (parsed in place). A
// line that straddles two buffers is assembled in a carry buffer of its own.
class LineReader {
public:
    enum class End {
        Complete, // the stream ended where it should
        Truncated, // the compressed stream stops mid-frame: the file was cut
        Corrupt, // the decompressor or the disk reported an error
        Cancelled,
        LineTooLong,
    };

    static constexpr size_t MaxLineLength = 64u << 20;

    LineReader(ChunkPipeline& pipeline, const ImportControl* control);

    // The first bytes of the stream, without consuming them (for format detection).
    std::string_view peek();

    // The next line without its '\n' (and without a trailing '\r'). False at the end; then
    // end() says why.
    bool next(std::string_view& line)
    {
        if (m_pos < m_end) {
            if (const auto* newline = static_cast<const char*>(std::memchr(m_pos, '\n', static_cast<size_t>(m_end - m_pos)))) {
                line = { m_pos, static_cast<size_t>(newline - m_pos) };
                m_lineStart = m_pos;
                m_pos = newline + 1;
                ++m_lineNumber;
                if (!line.empty() && line.back() == '\r')
                    line.remove_suffix(1);
                return true;
            }
        }
        return nextSlow(line);
    }

    // Direct access for a reader's own hot loop: the unread bytes of the current buffer. After
    // scanning complete lines up to `position` (just past a '\n'), the reader reports them with
    // consume(); `lastLineStart` is where the last of them began (for error positions), or
    // `position` when it is not known (found again only if an error needs it: the lines of a
    // prescanned run are text the parser's core has not read).
    const char* cursor() const { return m_pos; }
    // The chunk the cursor is in (null before the first and after the last; the cursor may be in
    // the carry buffer instead, outside the chunk's data).
    const ChunkPipeline::Chunk* chunk() const { return m_chunk; }
    ChunkPipeline& pipeline() { return m_pipeline; }
    const char* bufferEnd() const { return m_end; }
    void consume(const char* position, const char* lastLineStart, uint64_t lines)
    {
        m_pos = position;
        m_lineStart = lastLineStart;
        m_lineNumber += lines;
    }

    // 1-based number of the line last returned.
    uint64_t lineNumber() const { return m_lineNumber; }
    // Offset of that line's first byte in the decompressed stream.
    uint64_t lineOffset() const;
    // Decompressed bytes delivered so far.
    uint64_t decompressedBytes() const { return m_chunkStart + (m_pos ? static_cast<uint64_t>(m_pos - m_chunkBegin) : 0); }

    End end() const { return m_endReason; }
    // For Corrupt: what the decompressor said.
    const std::string& endMessage() const { return m_endMessage; }
    // Bytes of a last line without '\n' (cut, or a hand-edited file). 0 if none.
    size_t unterminatedTailBytes() const { return m_unterminatedTail; }
    // Return such a last line (as heaptrack_print and ms_print do) instead of dropping it.
    void setAcceptUnterminatedLastLine(bool accept) { m_acceptUnterminated = accept; }

    const Decoder& decoder() const { return m_pipeline.decoder(); }
    uint64_t compressedOffset() const { return m_compressedOffset; }
    // A sentence that says where and why the data ended early, or "" when it did not.
    std::string describeEarlyEnd() const;

private:
    bool nextSlow(std::string_view& line);
    bool fetch();

    ChunkPipeline& m_pipeline;
    const ImportControl* m_control;
    const ChunkPipeline::Chunk* m_chunk = nullptr;
    const char* m_chunkBegin = nullptr;
    const char* m_pos = nullptr;
    const char* m_end = nullptr;
    const char* m_lineStart = nullptr;
    uint64_t m_chunkStart = 0; // stream offset of m_chunkBegin
    uint64_t m_carryStart = 0;
    uint64_t m_lineNumber = 0;
    uint64_t m_compressedOffset = 0;
    std::string m_carry;
    bool m_finished = false;
    bool m_started = false;
    bool m_acceptUnterminated = false;
    size_t m_unterminatedTail = 0;
    End m_endReason = End::Complete;
    std::string m_endMessage;
};

} // namespace heapline
