#include "HeaptrackReader.h"

#include "HeaptrackParser.h"
#include "model/Demangle.h"
#include "model/Suppressions.h"

#include <algorithm>
#include <cstdio>
#include <cstring>

namespace heapline {

namespace heaptrack_detail {

void Parser::badLine(const char* what)
{
    ++m_badLines;
    if (m_badLineExamples.size() < 3)
        m_badLineExamples.push_back("line " + std::to_string(m_lines.lineNumber()) + ": " + what);
}

ImportResult Parser::run()
{
    // heaptrack_print parses a cut last line as it stands; so do we, and say so.
    m_lines.setAcceptUnterminatedLastLine(true);
    std::string_view line;
    for (;;) {
        if (m_fileVersion >= 1)
            scanEvents();
        if (!m_lines.next(line))
            break;
        if (line.empty())
            continue;
        const char mode = line[0];
        if (mode == 'x' || mode == 'm') {
            return fatal("this is raw heaptrack data (recorded with heaptrack -r), not yet interpreted; interpret it "
                         "first: zstd -dc < FILE | /usr/lib/heaptrack/libexec/heaptrack_interpret | zstd -c > "
                         "FILE.interpreted.zst");
        }
        if (mode == 'v') {
            onVersion(line.data() + std::min<size_t>(2, line.size()), line.data() + line.size());
            if (m_fileVersion > LatestFileVersion)
                return fatal("written by a newer heaptrack (file format version " + std::to_string(m_fileVersion)
                             + "); Heapline reads file format versions 0 to " + std::to_string(LatestFileVersion));
            continue;
        }
        parseLine(line);
    }
    if (m_lines.end() == LineReader::End::Cancelled) {
        ImportResult result;
        result.error = ImportError { m_context.path, "loading was cancelled", std::nullopt, std::nullopt, true };
        return result;
    }
    if (m_eventLines == 0 && m_strings.size() == 1 && m_traceNodes.empty()) {
        if (m_lines.end() != LineReader::End::Complete)
            return fatal(m_lines.describeEarlyEnd() + "; no heaptrack data could be read");
        if (!m_sawVersion)
            return fatal("no heaptrack data found: expected lines such as \"v 10400 3\", \"s …\", \"+ …\"");
    }
    finishWarnings();
    return { m_builder.finish(), std::nullopt };
}

// Most lines of a recording are "+ <hex>" and "- <hex>". They are handled here straight from the
// decompressed buffer, without splitting lines first; anything else, or a line that runs past
// the buffer, is left to the general path.
void Parser::scanEvents()
{
    // First what the decompression thread already read (HeaptrackEvents.h); the text loop below
    // takes the lines it left (cut by a chunk's end, or not events).
    // Each run made in place: assigned from at()'s result, its copy read what at() had just
    // written field by field, a stall of the store forwarding on every run (leakpy: 400 000).
    for (;;) {
        const PrescannedRuns::Run run = m_prescanned.at(m_lines);
        if (run.count == 0)
            break;
        if (!applyRun(run))
            return;
    }
    const char* p = m_lines.cursor();
    const char* const end = m_lines.bufferEnd();
    const char* lineStart = p;
    uint64_t lines = 0;
    Events batch(*this);
    while (end - p > 2 && (p[0] == '+' || p[0] == '-') && p[1] == ' ') {
        const char* q = p + 2;
        uint64_t value = 0;
        int digits = 0;
        int8_t digit;
        while (q < end && (digit = hexDigits[static_cast<unsigned char>(*q)]) >= 0) {
            value = (value << 4) | static_cast<uint64_t>(digit);
            ++q;
            ++digits;
        }
        if (q == end || *q != '\n' || digits == 0 || digits > 16)
            break;
        if (!(p[0] == '+' ? batch.allocate(value) : batch.release(value)))
            break; // let the general path report it
        m_lastDataMode = p[0];
        ++m_eventLines;
        lineStart = p;
        p = q + 1;
        ++lines;
    }
    if (lines > 0)
        m_lines.consume(p, lineStart, lines);
}

// The run's records in order, up to one the text path must see (an event or allocation info
// whose index is not defined yet, a trace whose instruction pointer or parent is not): that
// line is left for it, which reports it. True when the whole run was applied.
bool Parser::applyRun(const PrescannedRuns::Run& run)
{
    uint32_t applied = 0;
    const uint32_t* last = nullptr;
    Events batch(*this);
    // A repeat (events only): its rounds in one step where that gives the same figures as the
    // events one by one. Where rounds would pass the peak, those of a heap that climbs but the
    // last, which is then applied event by event (and makes the peak); else a round as events
    // (the first, which makes a new peak or lists the callsites again), then the rest.
    const RepeatEffect* repeat = run.repeats > 1 ? repeatEffect(run.values, run.count) : nullptr;
    for (uint32_t round = 0; round < run.repeats;) {
        const uint32_t left = run.repeats - round;
        if (repeat && left > 1) {
            if (batch.tryRepeat(*repeat, left)) {
                applied += run.count * left;
                last = run.values + run.count - 1;
                break;
            }
            if (batch.tryRepeat(*repeat, left - 1, true)) {
                applied += run.count * (left - 1);
                round += left - 1;
                if (batch.tryPeakRound(*repeat)) {
                    applied += run.count;
                    last = run.values + run.count - 1;
                    break;
                }
            }
        }
        const uint32_t done = applyRecords(batch, run.values, run.count, last);
        applied += done;
        if (done < run.count)
            break;
        ++round;
    }
    if (applied == 0)
        return false;
    static constexpr char modes[] = { '+', '-', 't', 'a' };
    m_lastDataMode = modes[*last & 3];
    m_eventLines += static_cast<uint64_t>(batch.events());
    PrescannedRuns::consume(m_lines, run, applied);
    return applied == run.lines();
}

const Parser::RepeatEffect* Parser::repeatEffect(const uint32_t* period, uint32_t count)
{
    // A loop's stretches come back again and again, a few lines apart, each from where the
    // interruption before it ended (a period of five lines in five rotations): kept by the
    // period's records, one effect per slot.
    // (A long period's slot from its first records, and its records compared as bytes: a
    // thousand records hashed and compared one by one, at every repeat, had cost leakpy 4 ms.)
    uint32_t hash = count;
    for (uint32_t i = 0; i < std::min<uint32_t>(count, 64); ++i)
        hash = (hash ^ period[i]) * 0x9E3779B1u;
    RepeatEffect& made = m_repeatEffects[hash % std::size(m_repeatEffects)];
    if (made.records.size() == count && std::memcmp(period, made.records.data(), count * sizeof *period) == 0)
        return &made;
    made.records.clear(); // until it is complete
    // The event record `head`, counted into `into` (its callsite's entry `slot`):
    // `lastAllocated` is the info allocated last, whose free is temporary.
    const auto countRecord = [](ProfileBuilder::EventBatch::Period& into, size_t slot, uint32_t head, int64_t size,
                                 uint64_t& lastAllocated) {
        const uint32_t index = head >> 2;
        if (head & 1) {
            into.release(slot, size, lastAllocated == index);
            lastAllocated = None;
        } else {
            into.allocate(slot, size);
            lastAllocated = index;
        }
    };
    // One round as the events go from the state every round ends in (the last event says what
    // was allocated last), and so starts in, after the first.
    const uint32_t lastHead = period[count - 1];
    uint64_t lastAllocated = (lastHead & 1) ? None : lastHead >> 2;
    made.lastAllocated = lastAllocated;
    made.effect.clear();
    made.counted.clear();
    // Where each info of the period counts: its callsite's entry and its own count. A long
    // period (LongRepeatFinder's: a thousand lines of a few dozen infos) looks them up here
    // rather than among the entries made so far, at every line.
    constexpr uint32_t NotCounted = UINT32_MAX;
    struct Seen {
        uint32_t index = UINT32_MAX;
        uint32_t slot, counted;
    };
    std::array<Seen, 64> seen;
    for (uint32_t i = 0; i < count; ++i) {
        const uint32_t head = period[i];
        const uint32_t index = head >> 2;
        if ((head & 2) != 0 || index >= m_infos.size())
            return nullptr;
        const Info& info = m_infos[index];
        Seen& place = seen[index % seen.size()];
        if (place.index != index) {
            // Sizes that many rounds could carry past 2^63: left to the events one by one.
            if (static_cast<uint64_t>(info.size) >= (uint64_t(1) << 32))
                return nullptr;
            const size_t slot = made.effect.slotOf(info.callsite);
            if (slot == ProfileBuilder::EventBatch::Period::MaxSlots)
                return nullptr;
            // (Each of an info's places is found once: two infos of one place take turns in it.)
            const auto counted = std::find_if(made.counted.begin(), made.counted.end(),
                [index](const RepeatEffect::Counted& c) { return c.index == index; });
            place = { index, static_cast<uint32_t>(slot),
                counted == made.counted.end() ? NotCounted : static_cast<uint32_t>(counted - made.counted.begin()) };
        }
        countRecord(made.effect, place.slot, head, info.size, lastAllocated);
        if ((head & 1) == 0) {
            if (place.counted == NotCounted) {
                place.counted = static_cast<uint32_t>(made.counted.size());
                made.counted.push_back({ index, 0 });
            }
            ++made.counted[place.counted].allocations;
        }
    }
    made.splitAtHighest = false;
    // (Not where sizes are counted: tryPeakRound() leaves such a round to the events.)
    if (!m_countSizes && made.effect.heap > 0 && made.effect.highest != ProfileBuilder::EventBatch::NoAllocation) {
        // The round again, in two halves about the first allocation that reaches its highest.
        using Period = ProfileBuilder::EventBatch::Period;
        for (Period* half : { &made.toHighest, &made.afterHighest }) {
            half->clear();
            half->slotCount = made.effect.slotCount;
            for (size_t i = 0; i < made.effect.slotCount; ++i)
                half->slots[i]
                    = { made.effect.slots[i].callsite, 0, 0, 0, 0, 0, ProfileBuilder::EventBatch::NoAllocation };
        }
        Period* half = &made.toHighest;
        lastAllocated = made.lastAllocated;
        for (uint32_t i = 0; i < count; ++i) {
            const uint32_t head = period[i];
            const uint32_t index = head >> 2;
            const Info& info = m_infos[index];
            const uint32_t slot = seen[index % seen.size()].index == index
                ? seen[index % seen.size()].slot
                : static_cast<uint32_t>(made.effect.slotOf(info.callsite));
            countRecord(*half, slot, head, info.size, lastAllocated);
            if ((head & 1) == 0 && half == &made.toHighest && half->heap == made.effect.highest)
                half = &made.afterHighest;
        }
        made.splitAtHighest = true;
    }
    made.records.assign(period, period + count);
    return &made;
}

bool Parser::Events::tryRepeat(const RepeatEffect& repeat, uint32_t times, bool climbing)
{
    // A round that starts otherwise (what was allocated last) counts its temporaries otherwise.
    if (m_state.lastAllocated != repeat.lastAllocated)
        return false;
    // Its rounds change the state at the last peak: its copy first.
    m_batch.settlePeak();
    if (m_countSizes) {
        // Each info counted in this interval already (the events list it), and counted in this
        // peak generation as its first count in it would: its count at the peak is the one it
        // has now. After a peak (a leak's heap makes one every few rounds), every repeat's
        // first round had gone event by event for that alone.
        const uint32_t generation = m_batch.peakGeneration();
        for (const RepeatEffect::Counted& counted : repeat.counted)
            if (m_state.counts[counted.index].count == 0)
                return false;
        for (const RepeatEffect::Counted& counted : repeat.counted) {
            InfoCount& counts = m_state.counts[counted.index];
            counts.atPeak = counts.peakStamp != generation ? counts.count : counts.atPeak;
            counts.peakStamp = generation;
        }
    }
    // Each callsite listed in this interval and peak generation, as the first of its events
    // would list it: after a peak (a leak's heap makes one every few rounds), every repeat's
    // first round had gone event by event for that alone.
    m_batch.list(repeat.effect);
    if (!m_batch.state().tryRepeat(repeat.effect, times, climbing))
        return false;
    if (m_countSizes)
        for (const RepeatEffect::Counted& counted : repeat.counted)
            m_state.counts[counted.index].count += counted.allocations * times;
    return true;
}

bool Parser::Events::tryPeakRound(const RepeatEffect& repeat)
{
    // (With sizes counted, each info's count at the peak would be wanted too.)
    if (!repeat.splitAtHighest || m_countSizes || m_state.lastAllocated != repeat.lastAllocated)
        return false;
    m_batch.settlePeak();
    auto& state = m_batch.state();
    if (state.heap + repeat.effect.highest <= state.peakLimit)
        return false;
    // As the events one by one: the callsites listed, the heap up to its highest point, where the
    // peak is made (those the events make before it on the way give way to it), the callsites
    // listed anew after it, and the rest of the round, which stays below it.
    m_batch.list(repeat.effect);
    state.apply(repeat.toHighest, 1);
    m_batch.peakIfAbove();
    m_batch.settlePeak();
    m_batch.list(repeat.effect);
    state.apply(repeat.afterHighest, 1);
    return true;
}

// The `count` records from `value` on, in order, up to one the text path must see (an event or
// allocation info whose index is not defined yet, a trace whose instruction pointer or parent is
// not): that line is left for it, which reports it. How many were applied; `last`, the last one.
uint32_t Parser::applyRecords(Events& batch, const uint32_t* value, uint32_t count, const uint32_t*& last)
{
    uint32_t applied = 0;
    // Counts and the line kind come from the batch and the last record once the run is over:
    // what the loop keeps between records has to fit in registers.
    while (applied < count) {
        // The common case: events that need no call, in a loop of their own (see
        // ProfileBuilder::EventBatch). Calling it costs about what it saves on two or three
        // events: it is called for a stretch of at least four.
        const uint32_t left = count - applied;
        // (While a peak's copy is pending, none is: see ProfileBuilder::EventBatch::State::stamps.)
        const bool stretch
            = left >= 4 && ((value[0] | value[1] | value[2] | value[3]) & 2) == 0 && !batch.peakPending();
        if (const uint32_t listed = stretch ? batch.applyListed(value, left) : 0) {
            applied += listed;
            value += listed;
            last = value - 1;
            if (applied == count)
                break;
        }
        const uint32_t head = *value;
        const uint32_t index = head >> 2;
        const auto kind = static_cast<PrescannedRecord>(head & 3);
        if (kind == PrescannedAllocation || kind == PrescannedFree) {
            if (!(kind == PrescannedAllocation ? batch.allocate(index) : batch.release(index)))
                break;
        } else if (kind == PrescannedTrace) {
            if (!traceDefinable(index, value[1]))
                break;
            defineTrace(index, value[1]);
        } else {
            const uint64_t size = value[1] | (uint64_t(value[2]) << 32);
            if (!infoDefinable(size, index))
                break;
            defineInfo(size, index);
            batch.reload();
        }
        last = value;
        value += prescannedRecordLength(head);
        ++applied;
    }
    return applied;
}

bool Parser::parseLine(std::string_view line)
{
    const char* p = line.data() + std::min<size_t>(2, line.size());
    const char* end = line.data() + line.size();
    if (line.size() >= 2 && line[1] != ' ') {
        badLine("expected a space after the line's type");
        return false;
    }
    uint64_t value = 0;
    switch (line[0]) {
    case '+':
        ++m_eventLines;
        m_lastDataMode = '+';
        if (m_fileVersion == 0) {
            onAllocationV0(p, end);
            return true;
        }
        if (!readHex(p, end, value) || !allocate(value)) {
            badLine(value >= m_infos.size() ? "allocation refers to an undefined allocation info" : "malformed allocation");
            return false;
        }
        return true;
    case '-':
        ++m_eventLines;
        m_lastDataMode = '-';
        if (m_fileVersion == 0) {
            onFreeV0(p, end);
            return true;
        }
        if (!readHex(p, end, value) || !release(value)) {
            badLine(value >= m_infos.size() ? "free refers to an undefined allocation info" : "malformed free");
            return false;
        }
        return true;
    case 'a':
        m_lastDataMode = 'a';
        onAllocationInfo(p, end);
        return true;
    case 't':
        m_lastDataMode = 't';
        onTrace(p, end);
        return true;
    case 'i':
        m_lastDataMode = 'i';
        onInstructionPointer(p, end);
        return true;
    case 's':
        m_lastDataMode = 's';
        onString(line, p, end);
        return true;
    case 'c':
        m_lastDataMode = 'c';
        onTimestamp(p, end);
        return true;
    case 'R':
        m_lastDataMode = 'R';
        if (!readHex(p, end, value) || value > (uint64_t(1) << 40)) {
            badLine("malformed RSS");
            return false;
        }
        m_builder.timeline().rss.append(m_builder.currentTime(), static_cast<int64_t>(value * m_pageSize));
        return true;
    case 'X':
        if (m_sawCommand) {
            badLine("a second command line (X)");
            return false;
        }
        m_sawCommand = true;
        m_builder.info().command = std::string(p, end);
        return true;
    case 'I':
        if (!readHex(p, end, value) || value == 0 || value > (uint64_t(1) << 30)) {
            badLine("malformed system information (I)");
            return false;
        }
        m_pageSize = value;
        m_sawPageSize = true;
        return true;
    case 'A':
        m_builder.resetTotals();
        // heaptrack records no free of a block it did not see allocated: a block the program made
        // before the attach and replaced after it (a table refreshed entry by entry, recorded with
        // heaptrack -p) shows its replacement as growth, and nothing of the block it replaced.
        m_builder.warn("heaptrack attached to an already running process: what it allocated before the attach is not "
                       "seen, nor freed. The heap shown is what was allocated since the attach and still live; a block "
                       "that replaced one made before it reads as growth the real heap did not have");
        return true;
    case 'S': {
        const auto pattern = parseSuppressionLine(std::string_view(p, end));
        if (!pattern)
            badLine("malformed suppression (expected 'S leak:PATTERN')");
        else if (!pattern->empty())
            m_builder.info().embeddedSuppressions.push_back(*pattern);
        return true;
    }
    case '#':
        if (line.starts_with("# strings:") || line.starts_with("# ips:"))
            m_sawTrailer = true;
        return true;
    default:
        badLine("unknown line type");
        return false;
    }
}

} // namespace heaptrack_detail


ImportResult HeaptrackReader::read(ReadContext& context)
{
    heaptrack_detail::Parser parser(context);
    return parser.run();
}

} // namespace heapline
