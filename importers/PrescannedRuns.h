#pragma once

#include "ChunkPipeline.h"
#include "LineReader.h"

#include <cstdint>
#include <cstring>

namespace heapline {

// The parsing thread's side of a prescan (ChunkPipeline::setPrescan): finds the prescanned run
// that begins at the reader's cursor. A format's prescan writes one record per line, a head value
// and what follows it; `recordLength` says from the head how many values the record takes.
class PrescannedRuns {
public:
    using RecordLength = uint32_t (*)(uint32_t head);
    struct Run {
        const uint32_t* values = nullptr;
        uint32_t count = 0; // lines, one record each (of one period, for a repeat)
        const char* begin = nullptr; // the text of the run's first line
        const char* end = nullptr; // just past its last line
        // A repeat: the run's lines are `count` lines repeated this many times, and `values`
        // the records of one period. Offered only from its first line.
        uint32_t repeats = 1;
        uint32_t lines() const { return count * repeats; }
    };

    explicit PrescannedRuns(RecordLength recordLength)
        : m_recordLength(recordLength)
    {
    }

    // The run, or the rest of the run, that starts at the cursor, if there is one (count 0
    // otherwise). Runs are met in order; a run left half-way (a bad line in it) is not offered
    // again.
    Run at(const LineReader& lines);
    // Where the `lines`-th line after `begin` starts (all of them end before `end`).
    static const char* skipLines(const char* begin, const char* end, uint32_t lines);
    // Tells the reader that the first `applied` lines of `run` were read from their records.
    static void consume(LineReader& lines, const Run& run, uint32_t applied);

private:
    RecordLength m_recordLength;
    const ChunkPipeline::Chunk* m_chunk = nullptr;
    uint64_t m_sequence = UINT64_MAX;
    size_t m_next = 0; // the first run not yet passed in that chunk
};

// The worker thread's side: gathers a chunk's runs as its prescan reads the lines in order. A run
// of a line or two between other lines saves the parser less than looking it up costs: such
// lines stay text.
class RunCollector {
public:
    static constexpr uint32_t MinRun = 3;

    // Makes room for a prescan that writes at most one value per 2 bytes of text, reserved once,
    // never grown by doubling (the pages not written to are not resident).
    RunCollector(ChunkPipeline::Chunk& chunk, bool startsLine)
        : m_chunk(chunk)
    {
        chunk.values.reserve(chunk.size / 2 + 1);
        if (startsLine) {
            m_firstLine = chunk.data;
        } else if (const auto* newline = static_cast<const char*>(std::memchr(chunk.data, '\n', chunk.size))) {
            m_firstLine = newline + 1;
        }
    }
    // Where the chunk's first whole line starts, and its end: the chunk's end where it has none.
    const char* firstLine() const { return m_firstLine ? m_firstLine : chunkEnd(); }
    const char* chunkEnd() const { return m_chunk.data + m_chunk.size; }
    // `lines` lines from `line` up to `next` (just past the last one's '\n') were read into
    // records, the first of which begins at value `first`.
    void add(const char* line, const char* next, size_t first, uint32_t lines = 1)
    {
        if (!m_open) {
            m_run = { offset(line), 0, static_cast<uint32_t>(first), 0 };
            m_open = true;
        }
        m_run.count += lines;
        m_run.end = offset(next);
    }
    // A repeat from `line` to `next`: `period` lines, `repeats` times, whose records are the
    // `period` values from `first` (the lines before it, in the run closed with close(true), or
    // a rotated copy of a period met earlier in the chunk).
    void addRepeat(const char* line, const char* next, size_t first, uint32_t period, uint32_t repeats)
    {
        m_chunk.runs.push_back({ offset(line), offset(next), static_cast<uint32_t>(first), period, repeats });
    }
    // The line that comes next stays text (and so does the end of the chunk), or is a repeat
    // (`keep`: a run however short, for the parser's text path, once it has a line to read,
    // reads every event line up to the next line of another kind).
    void close(bool keep = false)
    {
        if (!m_open)
            return;
        m_open = false;
        if (keep || m_run.count >= MinRun)
            m_chunk.runs.push_back(m_run);
        else
            m_chunk.values.resize(m_run.first);
    }

private:
    uint32_t offset(const char* at) const { return static_cast<uint32_t>(at - m_chunk.data); }

    ChunkPipeline::Chunk& m_chunk;
    const char* m_firstLine = nullptr;
    ChunkPipeline::Run m_run;
    bool m_open = false;
};

} // namespace heapline
