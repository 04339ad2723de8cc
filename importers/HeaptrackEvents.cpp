#include "HeaptrackEvents.h"

#include "HeaptrackLines.h"
#include "HeaptrackRepeats.h"
#include "PrescannedRuns.h"

#include <algorithm>
#include <cstring>

namespace heapline {

using namespace heaptrack_prescan;

namespace {
// What readRecordLines read, and why it stopped.
struct RecordLines {
    // Room for a stretch of events between two looks, beside what the buffer held before it.
    static constexpr uint32_t BufferRecords = 4 * RepeatFinder::MaxLookEvery;
    enum Stop : uint8_t {
        Other, // the line at `line` is none of the four kinds, stays text, or is near the chunk's end
        Full, // the line at `line` is the next to read
        Look, // the event line at `line`, whose record is the buffer's last, is where a look is due
        Anchor, // the event line at `line`, whose record is the buffer's last, is an anchor
    };
    const char* line;
    const char* after; // Look, Anchor: just past that line
    uint32_t records; // written to the buffer
    uint32_t lines; // read before `line`
    uint32_t untilLook; // the lines before the next look (0 for Look)
    size_t stretchFirst; // the stretch's first record, in the chunk's values (RepeatFinder::startStretch)
    Stop stop;
};
// The prescan's loop: reads the event, trace and allocation info lines from p on into `buffer`
// (their records in the chunk's values from `base` on) until one of the stops, none closer to the
// chunk's end than MaxUncheckedLine bytes. A stretch of events begins at a trace or an allocation
// info line (its first record the one after that line's), or at p where `newStretch` (with p's
// record); else it goes on from the call before (`untilLook`, `stretchFirst`). `lookEvery`: the
// lines from a stretch's first to its first look (RepeatFinder::linesBeforeLook).
// Out of line, a function of its own whose few values stay in registers (the text's cursor and
// end, the buffer's cursor, the lines until the next look) where the flattened prescan, inlining
// every path of the repeats it looks for, kept some of them on the stack and appended each record
// to a std::vector (its end and capacity loaded and its end stored), in code whose register
// allocation moved with any change to the rare paths around it (one test added that can never
// hold took cc1plus's prescan from 485M to 560M instructions).
template <bool Anchors>
[[gnu::noinline]] RecordLines readRecordLines(const char* p, const char* end, uint32_t* buffer, size_t base,
    bool newStretch, uint32_t untilLook, size_t stretchFirst, uint32_t lookEvery, uint32_t anchorBelow)
{
    uint32_t* out = buffer;
    // The buffer holds a stretch's events after every trace or allocation info line written
    // before this bound: between two looks, at most lookEvery events.
    const uint32_t* const full = buffer + RecordLines::BufferRecords - RepeatFinder::MaxLookEvery - 3;
    const char* const lastUnchecked = end - MaxUncheckedLine;
    uint32_t lines = 0;
    const auto stop = [&](RecordLines::Stop why, const char* after) {
        return RecordLines { p, after, static_cast<uint32_t>(out - buffer), lines, untilLook, stretchFirst, why };
    };
    const auto isEvent = [](const char* line) { return (line[0] == '+' || line[0] == '-') && line[1] == ' '; };
    if (newStretch && p <= lastUnchecked && isEvent(p)) {
        // The stretch's first line: no look at it.
        const char* const after = eventRecord<false>(p, end, *out);
        if (!after)
            return stop(RecordLines::Other, p);
        stretchFirst = base;
        untilLook = lookEvery;
        ++out;
        ++lines;
        p = after;
    }
    while (p <= lastUnchecked) {
        if (isEvent(p)) {
            const char* const after = eventRecord<false>(p, end, *out);
            if (!after)
                break;
            ++out;
            if (--untilLook == 0)
                return stop(RecordLines::Look, after);
            if (Anchors && LongRepeatFinder::isAnchor(out[-1], anchorBelow))
                return stop(RecordLines::Anchor, after);
            ++lines;
            p = after;
            continue;
        }
        if ((p[0] != 't' && p[0] != 'a') || p[1] != ' ')
            break;
        if (out > full)
            return stop(RecordLines::Full, p);
        const char* const after = definitionRecord<false>(p, end, out);
        if (!after)
            break;
        stretchFirst = base + static_cast<size_t>(out - buffer);
        untilLook = lookEvery;
        ++lines;
        p = after;
    }
    return stop(RecordLines::Other, p);
}
} // namespace

// Flattened: everything it calls is inlined but what is marked noinline (readRecordLines, the
// prescan's loop, and RepeatFinder::look). The chunk's last lines append their values to the
// vector, which had been an out-of-line vector::emplace_back per value.
[[gnu::flatten]] void prescanHeaptrackEvents(ChunkPipeline::Chunk& chunk, bool startsLine)
{
    // At most one value per 2 bytes ("a 0 0\n").
    RunCollector runs(chunk, startsLine);
    RepeatFinder repeats(chunk.data);
    LongRepeatFinder longRepeats(chunk.data);
    // A long repeat found at `at`: the lines before its round's start a run, the rounds one
    // repeat; where the text goes on.
    const auto takeLoop = [&runs](const char* at, const LongRepeatFinder::Found& loop) {
        if (loop.prefixLines > 0) {
            runs.add(at, loop.begin, loop.prefixRecord, loop.prefixLines);
            runs.close(true);
        }
        runs.addRepeat(loop.begin, loop.repeat.end, loop.repeat.firstRecord, loop.repeat.period, loop.repeat.repeats);
        return loop.repeat.end;
    };
    const char* const end = runs.chunkEnd();
    const char* p = runs.firstLine();
    // The lines up to the chunk's last few, read by readRecordLines; where it stops at a look or
    // an anchor, what the repeats' finders do there is done here.
    uint32_t buffer[RecordLines::BufferRecords];
    bool newStretch = true;
    uint32_t untilLook = 0;
    size_t stretchFirst = 0;
    while (p < end && end - p >= MaxUncheckedLine) {
        const size_t base = chunk.values.size();
        const RecordLines read = longRepeats.anchorsOn() ? readRecordLines<true>(p, end, buffer, base, newStretch,
                                     untilLook, stretchFirst, repeats.linesBeforeLook(), longRepeats.anchorBelow())
                                                         : readRecordLines<false>(p, end, buffer, base, newStretch,
                                                             untilLook, stretchFirst, repeats.linesBeforeLook(), 0);
        chunk.values.insert(chunk.values.end(), buffer, buffer + read.records);
        if (read.lines > 0) {
            runs.add(p, read.line, base, read.lines);
            newStretch = false;
        }
        untilLook = read.untilLook;
        stretchFirst = read.stretchFirst;
        p = read.line;
        if (read.stop == RecordLines::Full)
            continue;
        if (read.stop == RecordLines::Other) {
            if (end - p < MaxUncheckedLine)
                break; // the chunk's last lines: below
            // A line that stays text (or a stretch's line where it is cut): a new stretch after it.
            runs.close();
            newStretch = true;
            const auto* newline = static_cast<const char*>(std::memchr(p, '\n', static_cast<size_t>(end - p)));
            if (!newline) {
                p = end; // cut by the chunk's end
                break;
            }
            p = newline + 1;
            continue;
        }
        // The event line at p, whose record is the last of the values: a look for a repeat due
        // there, or an anchor.
        newStretch = false;
        repeats.startStretch(stretchFirst);
        if (read.stop == RecordLines::Look && !repeats.skipsEagerLook(chunk.values, untilLook)) {
            RepeatFinder::Repeat repeat {};
            if (repeats.look(chunk.values, p, end, repeat, untilLook)) {
                chunk.values.pop_back();
                runs.close(true);
                size_t periodRecords = repeat.firstRecord;
                if (repeat.rotation != 0) {
                    // The period from its record `rotation` on, then its first records.
                    uint32_t rotated[RepeatFinder::MaxPeriod];
                    const uint32_t* period = chunk.values.data() + repeat.firstRecord;
                    std::rotate_copy(period, period + repeat.rotation, period + repeat.period, rotated);
                    periodRecords = chunk.values.size();
                    chunk.values.insert(chunk.values.end(), rotated, rotated + repeat.period);
                }
                runs.addRepeat(p, repeat.end, periodRecords, repeat.period, repeat.repeats);
                p = repeat.end;
                if (LongRepeatFinder::Found loop {}; longRepeats.look(p, end, chunk.values, loop))
                    p = takeLoop(p, loop);
                newStretch = true;
                continue;
            }
        }
        if (longRepeats.anchorsOn() && longRepeats.isAnchor(chunk.values)) {
            const uint32_t record = chunk.values.back();
            chunk.values.pop_back();
            LongRepeatFinder::Found loop {};
            const bool found = longRepeats.look(p, end, chunk.values, loop);
            longRepeats.anchorLooked(found);
            if (found) {
                runs.close(true);
                p = takeLoop(p, loop);
                newStretch = true;
                continue;
            }
            chunk.values.push_back(record);
        }
        runs.add(p, read.after, chunk.values.size() - 1);
        p = read.after;
    }
    // The chunk's last lines, where its end may cut one: each read with its end checked, and no
    // look for a repeat (none fits in so few bytes).
    while (p < end) {
        const char* const line = p;
        const size_t first = chunk.values.size();
        if (end - p > 2 && p[1] == ' ') {
            if (const char* next = prescanLine(p, end, chunk.values)) {
                runs.add(line, next, first);
                p = next;
                continue;
            }
        }
        runs.close();
        const auto* newline = static_cast<const char*>(std::memchr(line, '\n', static_cast<size_t>(end - line)));
        if (!newline)
            break; // cut by the chunk's end
        p = newline + 1;
    }
    runs.close();
}

} // namespace heapline
