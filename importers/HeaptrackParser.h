#pragma once

// The heaptrack reader's parser, shared by HeaptrackReader.cpp (the main loop and the events) and
// HeaptrackRecords.cpp (the definition records: strings, instruction pointers, traces, allocation
// infos, timestamps). Not a public interface: only the reader includes it.

#include "HeaptrackEvents.h"
#include "Importer.h"
#include "LineReader.h"
#include "PrescannedRuns.h"
#include "model/PodVector.h"
#include "model/ProfileBuilder.h"

#include <absl/container/flat_hash_map.h>
#include <string>
#include <string_view>
#include <vector>

namespace heapline::heaptrack_detail {


// Sizes beyond this are not a real allocation but a corrupt line; summing them would overflow.
constexpr uint64_t MaxAllocationSize = uint64_t(1) << 48;
constexpr unsigned LatestFileVersion = 3;

// Hex number at p (heaptrack writes lowercase), then at most one space. False when there are no
// digits, more than 16, or something else follows.
inline bool readHex(const char*& p, const char* end, uint64_t& out)
{
    const char* start = p;
    uint64_t value = 0;
    while (p < end) {
        const unsigned c = static_cast<unsigned char>(*p);
        unsigned digit;
        if (c - '0' < 10u)
            digit = c - '0';
        else if ((c | 0x20u) - 'a' < 6u)
            digit = (c | 0x20u) - 'a' + 10;
        else
            break;
        value = (value << 4) | digit;
        ++p;
    }
    if (p == start || p - start > 16)
        return false;
    if (p < end) {
        if (*p != ' ')
            return false;
        ++p;
    }
    out = value;
    return true;
}


class Parser {
public:
    Parser(ReadContext& context)
        : m_context(context)
        , m_lines(context.lines)
        , m_builder(builderOptions(context.options))
        , m_countSizes(context.options.sizes)
    {
        m_traceNodes.readAtRandom(); // every trace's parent
        m_infos.readAtRandom(); // every event's
        m_strings.push_back(StringId {}); // index 0: no string
        m_isOperatorNew.push_back(false);
        m_ipFrameBegin.push_back(0); // ip index 0: no frames
        m_ipFrameBegin.push_back(0);
        m_unknownFunction = m_builder.strings().intern("??");
        m_builder.info().format = "heaptrack";
        m_builder.info().sourcePath = context.path;
        m_builder.info().timeUnit = TimeUnit::Milliseconds;
        m_builder.setCountsEvents(true);
        if (m_countSizes)
            m_builder.setSizeSource([this](std::vector<SizeCount>& sizes, std::vector<SizeCount>* atPeak) { handOverSizes(sizes, atPeak); });
    }

    ImportResult run();

private:
    static BuilderOptions builderOptions(const ImportOptions& options)
    {
        BuilderOptions b;
        b.maxCheckpoints = options.maxCheckpoints;
        b.maxEntries = options.maxEntries;
        b.checkpointStep = 10; // heaptrack's own timer ticks every 10 ms
        b.peakCheckpoint = true;
        b.suppressions = options.suppressions;
        return b;
    }

    bool parseLine(std::string_view line);
    void scanEvents();
    bool applyRun(const PrescannedRuns::Run& run);
    class Events;
    // What a round of a repeat's period does (repeats: HeaptrackEvents.cpp): the same wherever
    // it repeats.
    struct RepeatEffect {
        // A short period (RepeatFinder's: up to 32 lines) or a long one (LongRepeatFinder's).
        std::vector<uint32_t> records; // none: nothing kept here
        uint64_t lastAllocated; // at the end of a round, and so at the start of the next
        ProfileBuilder::EventBatch::Period effect;
        // A round that raises the heap, up to and with its highest allocation, and after it
        // (their entries those of `effect`, in its order): a climbing repeat's last round makes
        // the peak there (Events::tryPeakRound). Only where `splitAtHighest`.
        bool splitAtHighest = false;
        ProfileBuilder::EventBatch::Period toHighest, afterHighest;
        struct Counted {
            uint32_t index; // an allocation info
            uint32_t allocations; // of it in a round
        };
        std::vector<Counted> counted;
    };
    RepeatEffect m_repeatEffects[16];
    // The effect of the event records at `period`, nullptr where it cannot be made in one step
    // (an info not defined yet, a size of 4 GiB or more, more callsites than a Period holds).
    const RepeatEffect* repeatEffect(const uint32_t* period, uint32_t count);
    uint32_t applyRecords(Events& batch, const uint32_t* value, uint32_t count, const uint32_t*& last);
    bool allocate(uint64_t index);
    bool release(uint64_t index);
    void badLine(const char* what);
    ImportResult fatal(std::string message) { return { nullptr, m_context.errorAtLine(std::move(message)) }; }

    void onVersion(const char* p, const char* end);
    void onString(std::string_view line, const char* p, const char* end);
    void onInstructionPointer(const char* p, const char* end);
    void onTrace(const char* p, const char* end);
    bool traceDefinable(uint64_t ip, uint64_t parent) const
    {
        // Not ip + 1 < size: a trace of ip ffffffffffffffff wrapped that to 0 and was defined.
        return ip < m_ipFrameBegin.size() - 1 && parent <= m_traceNodes.size();
    }
    void defineTrace(uint64_t ip, uint64_t parent); // traceDefinable
    void onAllocationInfo(const char* p, const char* end);
    bool infoDefinable(uint64_t size, uint64_t trace) const
    {
        return size <= MaxAllocationSize && trace <= m_traceNodes.size();
    }
    void defineInfo(uint64_t size, uint64_t trace) // infoDefinable
    {
        addInfo(static_cast<int64_t>(size), m_builder.callsite(nodeForTrace(trace)));
    }
    void onAllocationV0(const char* p, const char* end);
    void onFreeV0(const char* p, const char* end);
    void onTimestamp(const char* p, const char* end);

    StringId string(uint64_t index) const { return index < m_strings.size() ? m_strings[index] : StringId {}; }
    StringId functionName(uint64_t index);
    NodeId nodeForTrace(uint64_t trace) const { return trace == 0 ? NodeId {} : NodeId { m_traceNodes[trace - 1] }; }
    uint32_t infoFor(uint64_t size, uint64_t trace);
    void finishWarnings();

    ReadContext& m_context;
    LineReader& m_lines;
    PrescannedRuns m_prescanned { &prescannedRecordLength };
    ProfileBuilder m_builder;

    unsigned m_fileVersion = 0;
    bool m_sawVersion = false;
    bool m_sawCommand = false;
    uint64_t m_pageSize = 4096;
    bool m_sawPageSize = false;

    std::vector<StringId> m_strings; // heaptrack string index -> interned
    std::vector<uint32_t> m_demangled; // heaptrack string index -> demangled StringId + 1 (0: not yet)
    std::vector<bool> m_isOperatorNew; // per heaptrack string
    StringId m_unknownFunction;

    // Per instruction pointer: its frames, outermost first (inlined frames expanded); none for
    // operator new's.
    PodVector<FrameId> m_ipFrames;
    std::vector<uint32_t> m_ipFrameBegin; // ip i: m_ipFrames[begin[i], begin[i+1])

    PodVector<uint32_t> m_traceNodes; // trace i (1-based): its stack node, at i-1

    // An allocation info: what every event reads, in 16 bytes (a third of cc1plus's events then
    // find theirs in the cache).
    struct Info {
        int64_t size = 0;
        CallsiteId callsite;
    };
    // An info's allocations in the open interval, when sizes are counted: counted where every
    // event reads its info anyway, and handed to the builder's size columns.
    struct InfoCount {
        uint32_t count = 0; // in the open interval; zeroed as the interval is handed over
        uint32_t peakStamp = 0; // the builder's peak generation when atPeak was taken
        uint32_t atPeak = 0;
    };
    PodVector<Info> m_infos;
    PodVector<InfoCount> m_infoCounts; // beside m_infos when sizes are counted, else empty
    void addInfo(int64_t size, CallsiteId callsite)
    {
        m_infos.push_back({ size, callsite });
        if (m_countSizes)
            m_infoCounts.emplace_back();
    }
    std::vector<uint32_t> m_countedInfos; // infos with a count in the open interval
    const bool m_countSizes;
    void handOverSizes(std::vector<SizeCount>& sizes, std::vector<SizeCount>* atPeak);
    struct KeyedSize {
        uint64_t key; // callsite << 8 | size class
        int64_t count;
    };
    std::vector<KeyedSize> m_keyedSizes, m_keyedPeakSizes, m_keyedScratch; // reused from interval to interval

    // Temporary: a free that immediately follows the allocation it frees (no +/- in between).
    // The allocation just made (its index; its pointer in format 0), None after a free.
    static constexpr uint64_t None = UINT64_MAX;
    uint64_t m_lastAllocated = None;

    // Version 0 files carry pointers; allocation infos are formed here as heaptrack did.
    absl::flat_hash_map<uint64_t, uint32_t> m_v0Infos; // (size, trace) -> info
    absl::flat_hash_map<uint64_t, uint32_t> m_v0Pointers; // pointer -> info
    uint64_t m_v0UnknownFrees = 0;

    uint64_t m_badLines = 0;
    std::vector<std::string> m_badLineExamples;
    uint64_t m_backwardTimestamps = 0;
    std::string m_firstBackwardTimestamp;
    uint64_t m_eventLines = 0;
    char m_lastDataMode = 0;
    bool m_sawTrailer = false;
    bool m_sawTimestamp = false;
};

// The event path with its running state in locals (see ProfileBuilder::EventBatch), for a run of
// events: the parser's own (the infos, the last allocation) as the builder's.
class Parser::Events {
public:
    [[gnu::always_inline]] explicit Events(Parser& parser)
        : m_parser(parser)
        , m_batch(parser.m_builder)
        , m_countSizes(parser.m_countSizes)
    {
        m_state.infos = parser.m_infos.data();
        m_state.counts = parser.m_infoCounts.data();
        m_state.infoCount = parser.m_infos.size();
        m_state.lastAllocated = parser.m_lastAllocated;
    }
    [[gnu::always_inline]] ~Events() { m_parser.m_lastAllocated = m_state.lastAllocated; }
    Events(const Events&) = delete;
    Events& operator=(const Events&) = delete;

    [[gnu::always_inline]] int64_t events() const { return m_batch.events(); }
    [[gnu::always_inline]] bool peakPending() const { return m_batch.peakPending(); }
    // After an allocation info was defined: infos and callsites may have moved.
    [[gnu::always_inline]] void reload()
    {
        m_state.infos = m_parser.m_infos.data();
        m_state.counts = m_parser.m_infoCounts.data();
        m_state.infoCount = m_parser.m_infos.size();
        m_batch.reload();
    }

    // The leading prescanned records of `values` that are events needing no call (see
    // ProfileBuilder::EventBatch), applied; how many. Out of line, for the registers.
    [[gnu::noinline]] uint32_t applyListed(const uint32_t* values, uint32_t count)
    {
        return m_countSizes ? applyListed<true>(values, count) : applyListed<false>(values, count);
    }

    // `times` rounds of a repeat's period in one step (ProfileBuilder::EventBatch::tryRepeat);
    // false, and nothing done, where that would not give the figures of its events one by one.
    // `climbing`: see ProfileBuilder::EventBatch::State::tryRepeat.
    bool tryRepeat(const RepeatEffect& repeat, uint32_t times, bool climbing = false);
    // After tryRepeat() climbing: one more round, which makes a new peak at its highest point,
    // in two steps (RepeatEffect::splitAtHighest); false, and nothing done, where that would not
    // give the figures of its events one by one (sizes counted, for one).
    bool tryPeakRound(const RepeatEffect& repeat);

    // An event of info `index`; false (and nothing done) when no such info is defined.
    [[gnu::always_inline]] bool allocate(uint64_t index)
    {
        if (index >= m_state.infoCount)
            return false;
        allocateAs(static_cast<uint32_t>(index), index);
        return true;
    }
    [[gnu::always_inline]] bool release(uint64_t index)
    {
        if (index >= m_state.infoCount)
            return false;
        releaseAs(static_cast<uint32_t>(index), index);
        return true;
    }
    // Format 0: the info looked up from the block's pointer, which is what a free names.
    [[gnu::always_inline]] void allocateInfo(uint32_t info, uint64_t pointer) { allocateAs(info, pointer); }
    [[gnu::always_inline]] void releaseInfo(uint32_t info, uint64_t pointer) { releaseAs(info, pointer); }

private:
    struct State {
        const Info* infos;
        InfoCount* counts;
        size_t infoCount;
        uint64_t lastAllocated;
    };

    // `key` names the block (the info's index; the pointer in format 0): a free of the key just
    // allocated is temporary.
    [[gnu::always_inline]] void allocateAs(uint32_t index, uint64_t key)
    {
        const Info& info = m_state.infos[index];
        // Counted after a pending peak's copy (its generation: see setSizeSource), before
        // allocate(): a peak it makes includes it.
        m_batch.settlePeakBefore(info.size);
        countSize(index);
        m_batch.allocate(info.callsite, info.size);
        m_state.lastAllocated = key;
    }
    [[gnu::always_inline]] void releaseAs(uint32_t index, uint64_t key)
    {
        const Info& info = m_state.infos[index];
        m_batch.release(info.callsite, info.size, m_state.lastAllocated == key);
        m_state.lastAllocated = None;
    }

    // Each variant out of line on its own: inlined into one function, the two shared its
    // registers' allocation, and the loop of summary's variant kept more of its values on the stack.
    template <bool CountSizes>
    [[gnu::noinline]] uint32_t applyListed(const uint32_t* values, uint32_t count)
    {
        // Copies, so that nothing in the loop is reached through a pointer that a slot's or an
        // info's write could alias.
        ProfileBuilder::EventBatch::State batch = m_batch.state();
        State own = m_state;
        // The events and allocations are counted from the records once the loop ends (the
        // counts the loop keeps are overwritten there, and the compiler leaves them out): counted
        // in the loop, they were kept on the stack, a read and a write each per event.
        const int64_t eventsBefore = batch.events, allocationsBefore = batch.allocations;
        const uint32_t* v = values;
        const uint32_t* const end = values + count;
        for (; v != end; ++v) {
            const uint32_t head = *v;
            const uint32_t index = head >> 2;
            if ((head & 2) != 0 || index >= own.infoCount)
                break;
            const Info& info = own.infos[index];
            if (head & 1) {
                if (!batch.tryRelease(info.callsite, info.size, own.lastAllocated == index))
                    break;
                own.lastAllocated = None;
                continue;
            }
            if (CountSizes && own.counts[index].count == 0)
                break; // the info is listed first
            // Its free on the next line (a fifth to a quarter of a compiler's events are in such
            // pairs): both in one step.
            if (v + 1 != end && v[1] == (head | 1)) {
                if (!batch.tryTemporary(info.callsite, info.size))
                    break;
                if (CountSizes)
                    countListed(own.counts[index], batch.peakGeneration());
                ++v;
                own.lastAllocated = None;
                continue;
            }
            if (!batch.tryAllocate(info.callsite, info.size))
                break;
            // After the allocation, which made no peak: the count goes in the same generation.
            if (CountSizes)
                countListed(own.counts[index], batch.peakGeneration());
            own.lastAllocated = index;
        }
        const auto applied = static_cast<uint32_t>(v - values);
        uint32_t frees = 0;
        for (uint32_t i = 0; i < applied; ++i)
            frees += values[i] & 1;
        batch.events = eventsBefore + applied;
        batch.allocations = allocationsBefore + (applied - frees);
        m_batch.state() = batch;
        m_state = own;
        return applied;
    }
    [[gnu::always_inline]] void countSize(uint32_t index)
    {
        if (!m_countSizes)
            return;
        InfoCount& counts = m_state.counts[index];
        if (counts.count == 0)
            m_parser.m_countedInfos.push_back(index);
        countListed(counts, m_batch.peakGeneration());
    }
    // An info already in m_countedInfos.
    [[gnu::always_inline]] static void countListed(InfoCount& info, uint32_t generation)
    {
        // Branch-free: while the heap climbs, every allocation is a new peak, and a branch on it
        // is a coin toss for the predictor.
        info.atPeak = info.peakStamp != generation ? info.count : info.atPeak;
        info.peakStamp = generation;
        ++info.count;
    }

    Parser& m_parser;
    ProfileBuilder::EventBatch m_batch;
    const bool m_countSizes;
    State m_state;
};

inline bool Parser::allocate(uint64_t index)
{
    return Events(*this).allocate(index);
}

inline bool Parser::release(uint64_t index)
{
    return Events(*this).release(index);
}

} // namespace heapline::heaptrack_detail
