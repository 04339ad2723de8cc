#include "LineReader.h"

namespace heapline {

LineReader::LineReader(ChunkPipeline& pipeline, const ImportControl* control)
    : m_pipeline(pipeline)
    , m_control(control)
{
}

std::string_view LineReader::peek()
{
    if (!m_started)
        fetch();
    return { m_pos, static_cast<size_t>(m_end - m_pos) };
}

bool LineReader::fetch()
{
    m_started = true;
    const auto stop = [this] {
        m_chunk = nullptr;
        m_pos = m_end = m_chunkBegin = nullptr;
        return false;
    };
    if (m_chunk) {
        m_chunkStart += m_chunk->size;
        if (m_chunk->last)
            return stop();
    }
    if (m_control && m_control->cancelled()) {
        m_endReason = End::Cancelled;
        return stop();
    }
    m_chunk = m_pipeline.next();
    if (!m_chunk)
        return stop();
    m_chunkBegin = m_pos = m_chunk->data;
    m_end = m_chunk->data + m_chunk->size;
    m_compressedOffset = m_chunk->compressedOffset;
    if (!m_chunk->error.empty()) {
        m_endReason = End::Corrupt;
        m_endMessage = m_chunk->error;
    } else if (m_chunk->truncated) {
        m_endReason = End::Truncated;
    }
    if (m_control)
        m_control->reportProgress(m_compressedOffset, m_pipeline.decoder().fileSize());
    return true;
}

bool LineReader::nextSlow(std::string_view& line)
{
    if (m_finished)
        return false;
    if (!m_started) {
        if (!fetch()) {
            m_finished = true;
            return false;
        }
        if (m_pos < m_end && std::memchr(m_pos, '\n', static_cast<size_t>(m_end - m_pos)))
            return next(line);
    }
    // The rest of the current chunk holds no '\n': carry it over and keep reading.
    // The last line's offset, while its chunk is still held: an error named once the input has
    // ended names that line, not an address in a released chunk.
    const uint64_t lastLineOffset = lineOffset();
    m_carry.assign(m_pos, static_cast<size_t>(m_end - m_pos));
    m_carryStart = decompressedBytes();
    m_pos = m_end;
    for (;;) {
        if (m_endReason == End::Cancelled || !fetch()) {
            m_finished = true;
            const uint64_t tailStart = m_carryStart;
            m_lineStart = nullptr;
            m_carryStart = lastLineOffset;
            if (m_endReason == End::Cancelled)
                return false;
            if (!m_carry.empty()) {
                m_unterminatedTail = m_carry.size();
                if (m_acceptUnterminated) {
                    line = m_carry;
                    m_carryStart = tailStart;
                    ++m_lineNumber;
                    return true;
                }
            }
            return false;
        }
        const auto* newline = static_cast<const char*>(std::memchr(m_pos, '\n', static_cast<size_t>(m_end - m_pos)));
        const auto* stop = newline ? newline : m_end;
        if (m_carry.size() + static_cast<size_t>(stop - m_pos) > MaxLineLength) {
            m_endReason = End::LineTooLong;
            m_endMessage = "line " + std::to_string(m_lineNumber + 1) + " is longer than "
                + std::to_string(MaxLineLength >> 20) + " MiB";
            m_finished = true;
            return false;
        }
        if (m_carry.empty() && newline) {
            // Nothing carried: the line lies inside this chunk.
            return next(line);
        }
        m_carry.append(m_pos, stop);
        m_pos = stop;
        if (newline) {
            m_pos = newline + 1;
            line = m_carry;
            if (!line.empty() && line.back() == '\r')
                line.remove_suffix(1);
            m_lineStart = nullptr;
            ++m_lineNumber;
            return true;
        }
    }
}

uint64_t LineReader::lineOffset() const
{
    if (m_lineStart == nullptr)
        return m_carryStart;
    if (m_lineStart == m_pos && m_pos > m_chunkBegin) {
        // consume() without the last line's start: it ends just before the cursor.
        const char* start = m_pos - 1;
        while (start > m_chunkBegin && start[-1] != '\n')
            --start;
        return m_chunkStart + static_cast<uint64_t>(start - m_chunkBegin);
    }
    return m_chunkStart + static_cast<uint64_t>(m_lineStart - m_chunkBegin);
}

std::string LineReader::describeEarlyEnd() const
{
    const auto& d = decoder();
    std::string text;
    switch (m_endReason) {
    case End::Complete:
        break;
    case End::Truncated:
        text = std::string("the ") + compressionName(d.compression()) + " stream is cut off in the middle of a frame after "
            + std::to_string(d.compressedOffset()) + " of " + std::to_string(d.fileSize())
            + " bytes (the recording was interrupted)";
        break;
    case End::Corrupt:
        text = "the data is corrupt: " + m_endMessage;
        break;
    case End::Cancelled:
        text = "loading was cancelled";
        break;
    case End::LineTooLong:
        text = m_endMessage;
        break;
    }
    if (m_unterminatedTail > 0) {
        if (!text.empty())
            text += "; ";
        text += "the last line (" + std::to_string(m_unterminatedTail) + " bytes) has no end of line"
            + (m_acceptUnterminated ? ": it was read as it stands" : " and was not read");
    }
    return text;
}

} // namespace heapline
