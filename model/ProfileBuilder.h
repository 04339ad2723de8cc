#pragma once

#include "PodVector.h"
#include "Profile.h"

#include <absl/container/flat_hash_map.h>
#include <algorithm>
#include <bit>
#include <cstddef>
#include <cstring>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace heapline {

struct BuilderOptions {
    // At most this many checkpoints are kept; beyond it neighbouring intervals merge.
    size_t maxCheckpoints = 512;
    // Cap on stored sparse entries (all intervals together); beyond it intervals merge.
    size_t maxEntries = 24'000'000;
    // … and at most this many per callsite (never below minEntryLimit): checkpoints of a recording
    // ten times longer cost about what the shorter one's do, rather than ten times as much.
    size_t entriesPerCallsite = 32;
    size_t minEntryLimit = 2'000'000;
    // The same limit in encoded bytes, at this many a entry: entries of merged intervals carry
    // larger numbers and need longer varints, so a cap on entries alone lets memory creep up with
    // the recording's length (about a byte an entry per ten times longer). Real recordings use
    // 9-10 bytes an entry, far below their entry limit; this binds only when that one does.
    size_t bytesPerEntry = 10;
    // > 0: checkpoints at multiples of this step, closed while streaming (event formats).
    // 0: checkpoints only where the importer calls checkpoint() (snapshot formats).
    double checkpointStep = 0;
    // Adds a pinned checkpoint exactly at the heap peak (event formats, where the peak can fall
    // anywhere between two regular checkpoints).
    bool peakCheckpoint = false;
    // The suppressed callsites under these settings are made on another core once the lines are
    // read (doneParsing()), beside the load's last steps, and handed out by suppressedCallsites():
    // the load's end had run on one core while the other idled, and they had followed it
    // (heaptrack_gui 0.9 ms, cc1plus 2.7 ms, of loads of 20 and 75).
    std::optional<SuppressionSettings> suppressions;
};

// The one neutral sink that every importer fills. Two styles of input, one per builder:
//  * events (heaptrack): advanceTime(), allocate(), release(); checkpoints follow the step.
//  * snapshots (massif, Heapline's own format): setLive()/applyDelta(), then checkpoint().
// finish() hands over an immutable Profile.
class ProfileBuilder {
public:
    explicit ProfileBuilder(BuilderOptions options = {});
    ~ProfileBuilder();
    ProfileBuilder(const ProfileBuilder&) = delete;
    ProfileBuilder& operator=(const ProfileBuilder&) = delete;

    ProfileInfo& info() { return m_profile->m_info; }
    StringTable& strings() { return m_profile->m_strings; }
    FrameTable& frames() { return m_profile->m_frames; }
    StackTree& stacks() { return m_profile->m_stacks; }
    Timeline& timeline() { return m_profile->m_timeline; }
    void warn(std::string message);
    void setTruncated(bool truncated = true) { m_profile->m_truncated = truncated; }
    const std::vector<std::string>& warnings() const { return m_profile->m_warnings; }

    // The callsite whose stack ends at `leaf` (created on first use).
    CallsiteId callsite(NodeId leaf);
    // For a reader that knows its next changes ahead (a snapshot's): their cache lines fetched
    // while it applies the ones before.
    void prefetchCallsite(NodeId leaf) const { m_nodeCallsite.prefetch(leaf.value); }
    void prefetchChange(CallsiteId c) const { __builtin_prefetch(&m_slots[c.value], 1); }
    size_t callsiteCount() const { return m_slots.size(); }
    void setCallsiteType(CallsiteId c, StringId type);
    // A census row (see Profile::isCensus): its changes stay out of the heap totals.
    void markCensus(CallsiteId c);

    // --- events ----------------------------------------------------------------------------
    // Time of the events that follow. Going backwards is refused (returns false).
    bool advanceTime(double time);
    double currentTime() const { return m_time; }
    // Single events; a run of them goes through an EventBatch (below), which these open for one.
    inline void allocate(CallsiteId c, int64_t bytes);
    // `temporary`: freed right after it was made.
    inline void release(CallsiteId c, int64_t bytes, bool temporary = false);
    class EventBatch;
    // Starts the whole accounting afresh (heaptrack's attach marker).
    void resetTotals();

    // Allocation sizes. A format that records single allocations counts them by size itself,
    // where the event's data already is (heaptrack: per allocation info, a size and a stack), and
    // hands the counts over as each interval closes: appended to `sizes`, sorted by callsite and
    // class, and to `atPeak` (when not null) as they stood at the interval's peak. Counts that
    // move after a peak keep their value at it, by peakGeneration() as stamp: count before
    // allocate(), so that the allocation that makes a peak is in it.
    using SizeSource = std::function<void(std::vector<SizeCount>& sizes, std::vector<SizeCount>* atPeak)>;
    void setSizeSource(SizeSource source) { m_sizeSource = std::move(source); }
    uint32_t peakGeneration() const { return m_peakGeneration; }

    // --- snapshots -------------------------------------------------------------------------
    void setLive(CallsiteId c, LiveState state);
    void applyDelta(const CallsiteDelta& delta);
    // Sets every callsite not set since the last checkpoint to zero (a snapshot that lists the
    // complete state).
    void clearUnsetCallsites();
    // Closes the current interval at `time` (≥ the previous checkpoint). `isPeak`: this is the
    // state the format itself names as the peak (massif's peak snapshot).
    void checkpoint(double time, bool pinned = false, bool isPeak = false);

    // The most the heap stood at since the last sample, where the format knows it between samples
    // (a batch built and freed in between): the next sample's high, and the peak when it is one
    // (timed at the sample: when in the interval it came is not known).
    void noteHeapHigh(int64_t high)
    {
        m_sampleMax = std::max(m_sampleMax, high);
        if (high > m_peakHeap) {
            m_peakHeap = high;
            m_peakTime = m_time;
        }
    }
    // The least the heap stood at since the last sample, where the format says (a converted
    // heaptrack file: memory freed and taken again between two timestamps).
    void noteHeapLow(int64_t low) { m_sampleMin = std::min(m_sampleMin, low); }
    // A snapshot's changes were applied one by one but came at one instant: the order they were
    // applied in made a low (or a high) the heap never stood at (json.tool: the file's text
    // dropped before the parse that replaced it was added read as a fall to 0 between snapshots
    // at 20 and 63 MB). The interval's lowest and highest are its ends; a format's own high is
    // noted after (noteHeapHigh). `instant`: the snapshot says nothing of the interval before it,
    // as massif's do (its reader draws each snapshot as the heap at one instant).
    void settleSnapshot(bool instant = false)
    {
        m_sampleMin = instant ? m_heap : std::min(m_heapAtSample, m_heap);
        m_sampleMax = instant ? m_heap : std::max(m_heapAtSample, m_heap);
    }
    // Samples the current heap and block totals onto the timeline at the current time.
    void sampleTimeline();
    // A point of the heap's line between snapshots, where the source knew more than its
    // snapshots (a converted massif file's snapshots without a tree): the heap stood at `heap` at
    // `time`, between `low` and `high` since the point before. The next snapshot's interval
    // starts from it. The callsites' figures do not move.
    void sampleBetween(double time, int64_t heap, int64_t low, int64_t high)
    {
        m_profile->m_timeline.heap.append(time, heap, low, high);
        m_sampleMin = m_sampleMax = m_heapAtSample = heap;
    }

    // Live totals as the builder counted them.
    int64_t heapBytes() const { return m_heap; }
    int64_t liveBlocks() const { return m_blocks; }
    int64_t peakHeapBytes() const { return m_peakHeap; }
    double peakTime() const { return m_peakTime; }
    int64_t allocationCount() const { return m_allocationCount; }
    int64_t freeCount() const { return m_freeCount; }
    int64_t temporaryCount() const { return m_temporaryCount; }

    // Whole-run figures that the format states itself; where the importer does not set them,
    // finish() takes them from the builder's own accounting. Allocation, free and temporary
    // counts are reported only when the format records single events (see countsEvents).
    void setPeak(int64_t bytes, double time) { m_explicitPeak = { bytes, time }; }
    void setLeakedBytes(int64_t bytes) { m_explicitLeaked = bytes; }
    void setDuration(double duration) { m_explicitDuration = duration; }
    void setStartTime(double t0);
    void setCountsEvents(bool counts) { m_countsEvents = counts; }
    void setSnapshotCount(int64_t count) { m_snapshotCount = count; }
    void setTemporaryCount(int64_t count) { m_temporaryCount = count; }

    // The strings, frames, stack nodes and callsites are final (no more lines to read): what is
    // made from them alone, the suppressed callsites (BuilderOptions::suppressions), is started
    // on another core while the reader and finish() do the rest (for a tree of fewer stack nodes
    // than below, where they are first asked for). finish() calls it where the reader did not.
    void doneParsing();
    static constexpr size_t SuppressionsOnThisThreadBelow = 32768;
    // Hands over the profile; the builder is empty afterwards.
    std::shared_ptr<const Profile> finish();

private:
    // Per-callsite accumulators for the open interval: the hot path of every event.
    struct Slot {
        int64_t bytes = 0;
        // Blocks beyond allocations - frees (what a snapshot or a delta sets): the events leave it
        // alone, one write fewer each on the hot path (blocks()).
        int64_t otherBlocks = 0;
        int64_t allocations = 0;
        int64_t allocatedBytes = 0;
        int64_t frees = 0;
        int64_t temporary = 0;
        int64_t peakRise = 0;
        uint32_t touchedStamp = 0; // == m_interval when listed in m_touched
        uint32_t dirtyStamp = 0; // == m_peakGeneration when listed in m_dirty
        int64_t blocks() const { return otherBlocks + allocations - frees; }
    };
    // EventBatch reads the two stamps as one number: touched in the low half.
    static_assert(std::endian::native == std::endian::little);
    static_assert(offsetof(Slot, dirtyStamp) == offsetof(Slot, touchedStamp) + 4);

    Slot& slot(CallsiteId c)
    {
        Slot& s = m_slots[c.value];
        if (s.touchedStamp != m_interval)
            touch(c.value);
        if (m_options.peakCheckpoint && s.dirtyStamp != m_peakGeneration)
            markDirty(c.value);
        return s;
    }
    // The first change to a callsite in the open interval, and since the last peak: listed once.
    [[gnu::noinline]] void touch(uint32_t c)
    {
        m_slots[c].touchedStamp = m_interval;
        if (m_options.peakCheckpoint)
            m_touchedPosition[c] = static_cast<uint32_t>(m_touched.size());
        m_touched.push_back(c);
    }
    [[gnu::noinline]] void markDirty(uint32_t c)
    {
        m_slots[c].dirtyStamp = m_peakGeneration;
        m_dirty.push_back(c);
    }
    void addToHeap(int64_t bytes, int64_t blocks)
    {
        m_heap += bytes;
        m_blocks += blocks;
        if (m_heap > m_sampleMax)
            m_sampleMax = m_heap;
        if (m_heap < m_sampleMin)
            m_sampleMin = m_heap;
        if (m_heap > m_peakHeap && m_peakPerEvent) {
            markPeak();
            settlePeak();
        }
    }
    // A new peak where the heap stands. Its copy (peak checkpoint) is made only once something
    // else is about to change (settlePeak()): while the heap climbs, every allocation is a new
    // peak, and each copy had listed every callsite afresh for the next (heaptrack_gui: 54 500
    // copies, where the heap turned down from a peak 11 000 times).
    void markPeak()
    {
        m_peakHeap = m_heap;
        m_peakTime = m_time;
        m_peakPending = m_options.peakCheckpoint;
    }
    // Before any change but an allocation that makes a new peak: the copy of the last peak, if
    // it is not made yet (the state now is the state at it).
    void settlePeak()
    {
        if (m_peakPending) {
            m_peakPending = false;
            copyPeak();
        }
    }
    void copyPeak();
    // Never 0, which an EventBatch reads as "no peak checkpoint".
    void nextPeakGeneration() { m_peakGeneration = m_peakGeneration == UINT32_MAX ? 1 : m_peakGeneration + 1; }
    void closeInterval(double time, bool pinned);
    // A callsite's live state now: what setLive() compares against.
    LiveState currentLive(CallsiteId c) const;
    void enforceLimits();
    size_t entryLimit() const;
    void splitAtPeak();
    size_t findPinned(double time) const;

    BuilderOptions m_options;
    // Events: the peak is the largest heap after any event. Snapshots: a snapshot is applied
    // callsite by callsite, so only the state at its checkpoint counts.
    bool m_peakPerEvent;
    std::unique_ptr<Profile> m_profile;
    PodVector<Slot> m_slots;
    absl::flat_hash_map<uint32_t, uint32_t, absl::Hash<uint32_t>, std::equal_to<uint32_t>,
        FaultedInAllocator<std::pair<const uint32_t, uint32_t>>>
        m_nodeCallsite; // leaf node -> callsite
    std::vector<uint32_t> m_touched;
    std::vector<uint32_t> m_sortScratch; // radixSort's, reused from interval to interval
    // An interval's column before it is encoded, reused: a fresh vector per interval was mapped
    // and faulted in anew wherever it passed malloc's threshold (a snapshot of thousands of changes).
    PodVector<CallsiteDelta> m_intervalEntries;
    std::vector<bool> m_setSinceCheckpoint;
    uint32_t m_interval = 1;

    double m_time = 0;
    double m_step = 0;

    int64_t m_heap = 0;
    int64_t m_blocks = 0;
    // The lowest the heap stood in the interval so far, but for where it stands now (sampleTimeline
    // takes that), and for a state a free left that an allocation ended at once (see
    // EventBatch::State::subtract).
    int64_t m_sampleMin = 0;
    int64_t m_sampleMax = 0;
    int64_t m_heapAtSample = 0; // the heap at the last sample (settleSnapshot)
    int64_t m_allocationCount = 0;
    int64_t m_freeCount = 0;
    int64_t m_temporaryCount = 0;

    // Peak checkpoint: a copy of the open interval's accumulators as they were at the peak.
    int64_t m_peakHeap = 0;
    double m_peakTime = 0;
    uint32_t m_peakInterval = 0;
    uint32_t m_peakGeneration = 1;
    bool m_peakPending = false; // the last peak's copy is not made yet (markPeak())
    std::vector<uint32_t> m_dirty; // touched since the last peak's copy
    // Each touched callsite's state at the interval's last peak, by its place in m_touched: as
    // many as an interval touches, not one per callsite (6 MB on cc1plus).
    PodVector<CallsiteDelta> m_peakAccumulators;
    PodVector<uint32_t> m_touchedPosition; // per callsite: its place in m_touched, while touched
    size_t m_peakTouchedCount = 0; // the callsites in the peak copy: a prefix of m_touched
    // The copy, once its interval is closed: its first m_closedPeakCount, as m_peakAccumulators
    // held them (swapped out, not copied). Its zeros are dropped and it is sorted only when the
    // peak is split out: while the heap climbs, most intervals hold a peak a later one passes
    // (cc1plus-40M: the column had been made and sorted at thousands of intervals' ends).
    PodVector<CallsiteDelta> m_closedPeak;
    size_t m_closedPeakCount = 0;
    SizeSource m_sizeSource;
    std::vector<SizeCount> m_peakSizes; // the peak copy's sizes, once its interval is closed
    // The checkpoint that starts the interval holding the peak is pinned while the peak is
    // there, so that merging cannot move the interval's start under the copy.
    double m_peakIntervalStart = 0;
    bool m_peakStartPinnedByUs = false;

    std::optional<std::pair<int64_t, double>> m_explicitPeak;
    std::optional<int64_t> m_explicitLeaked;
    std::optional<double> m_explicitDuration;
    std::optional<int64_t> m_snapshotCount;
    std::optional<double> m_markedPeakTime;
    bool m_countsEvents = false;
};

// A run of events with the event path's running state (heap, sample range, counts, stamps) in
// locals, written back when the batch ends. Through the builder's members, every write to a
// callsite's slot made the compiler store and reload them around it (they could be the same
// memory), and those stores chained each event to the one before.
//
// Two ways in: allocate()/release() take any event; State::tryAllocate()/tryRelease() take one
// only when it needs no call (its callsite already listed in the interval and since the last
// peak, no new peak), and otherwise change nothing. A loop of try… calls on a copy of the State
// in a function of its own has no call in it, and the compiler keeps the state in registers (in
// a loop with calls, on x86-64, only six registers survive them and the rest goes to the stack).
// Members are always inlined: a call that took the batch's address would put it in memory. While
// a batch is open the builder takes no other calls but callsite() (then reload()).
class ProfileBuilder::EventBatch {
    // What one allocation or free does to its callsite's slot (`slotHigh`: where the slot keeps
    // the highest its bytes stood) and to the running counts, for the events one by one (State)
    // and for one round of a repeat (Period) alike; each keeps the heap's high or low its own way.
    template <typename CallsiteSlot, typename Counts>
    [[gnu::always_inline]] static void countAllocation(
        CallsiteSlot& s, int64_t& slotHigh, Counts& counts, int64_t bytes)
    {
        s.bytes += bytes;
        slotHigh = std::max(slotHigh, s.bytes);
        s.allocations += 1;
        s.allocatedBytes += bytes;
        counts.allocations += 1;
        ++counts.events;
        counts.heap += bytes;
    }
    template <typename CallsiteSlot, typename Counts>
    [[gnu::always_inline]] static void countFree(CallsiteSlot& s, Counts& counts, int64_t bytes, bool isTemporary)
    {
        s.bytes -= bytes;
        s.frees += 1;
        s.temporary += isTemporary;
        counts.temporary += isTemporary;
        ++counts.events;
        counts.heap -= bytes;
    }

public:
    // What one period of a repeated stretch of events does (see State::tryRepeat), relative to
    // where it starts: per callsite, and to the heap. `highest` is the highest a callsite's bytes
    // (the heap) stand after one of its allocations (any allocation), `lowest` the lowest the
    // heap stands after an allocation or before a free (State::subtract); NoAllocation, NoEvent
    // when there is none.
    static constexpr int64_t NoAllocation = INT64_MIN;
    static constexpr int64_t NoEvent = INT64_MAX;
    struct PeriodSlot {
        CallsiteId callsite;
        int64_t bytes, allocations, allocatedBytes, frees, temporary;
        int64_t highest;
    };
    struct Period {
        static constexpr size_t MaxSlots = 64;
        PeriodSlot slots[MaxSlots]; // the first slotCount: not initialised before
        size_t slotCount = 0;
        int64_t heap = 0, highest = NoAllocation, lowest = NoEvent;
        int64_t allocations = 0, events = 0, temporary = 0;
        void clear()
        {
            slotCount = 0;
            heap = allocations = events = temporary = 0;
            highest = NoAllocation;
            lowest = NoEvent;
        }
        // The index of the callsite's entry, made on first use; MaxSlots where it has none and
        // there is no room for one.
        size_t slotOf(CallsiteId c)
        {
            for (size_t i = 0; i < slotCount; ++i)
                if (slots[i].callsite == c)
                    return i;
            if (slotCount == MaxSlots)
                return MaxSlots;
            slots[slotCount] = PeriodSlot { c, 0, 0, 0, 0, 0, NoAllocation };
            return slotCount++;
        }
        // One event of the round (of the callsite of entry `slot`), as State::add() and
        // State::subtract() count it, relative to the round's start.
        void allocate(size_t slot, int64_t bytes)
        {
            PeriodSlot& s = slots[slot];
            countAllocation(s, s.highest, *this, bytes);
            highest = std::max(highest, heap);
            lowest = std::min(lowest, heap);
        }
        void release(size_t slot, int64_t bytes, bool isTemporary)
        {
            lowest = std::min(lowest, heap);
            countFree(slots[slot], *this, bytes, isTemporary);
        }
        // How far `times` rounds move the heap's highest point (a period that raises the heap is
        // highest in its last round) and its lowest (one that lowers it, in its first).
        int64_t riseOver(int64_t times) const { return std::max<int64_t>(0, (times - 1) * heap); }
        int64_t fallOver(int64_t times) const { return std::min<int64_t>(0, (times - 1) * heap); }
    };

    struct State {
        Slot* slots;
        // The interval and the peak generation, as a listed slot's two stamps. While the last
        // peak's copy is pending (ProfileBuilder::markPeak), PendingStamps, which no slot has:
        // every event then takes the way with calls, which makes the copy first where it must.
        uint64_t stamps;
        uint32_t generation; // the peak generation (see setSizeSource); 0 without a peak checkpoint
        int64_t peakLimit; // the heap above which an event makes a new peak
        // While the last peak's copy is pending, the peak: an event that leaves the heap at or
        // below it needs the copy made first. INT64_MIN otherwise.
        int64_t settleLimit;
        int64_t heap;
        int64_t sampleMin;
        int64_t sampleMax;
        int64_t allocations = 0;
        int64_t events = 0; // allocations and frees
        int64_t temporary = 0;

        // The peak generation (see setSizeSource); 0 without a peak checkpoint.
        uint32_t peakGeneration() const { return generation; }
        bool peakPending() const { return settleLimit != INT64_MIN; }
        [[gnu::always_inline]] bool tryAllocate(CallsiteId c, int64_t bytes)
        {
            Slot& s = slots[c.value];
            if (!listed(s) || heap + bytes > peakLimit)
                return false;
            add(s, bytes);
            return true;
        }
        // tryAllocate() and then tryRelease() of the block it made (a temporary allocation), in
        // one step, with the figures of the two: the slot's bytes, which end where they were, are
        // not written, where the free would read back what the allocation had just written.
        [[gnu::always_inline]] bool tryTemporary(CallsiteId c, int64_t bytes)
        {
            Slot& s = slots[c.value];
            const int64_t high = heap + bytes; // after the allocation, and before the free
            if (!listed(s) || high > peakLimit)
                return false;
            s.peakRise = std::max(s.peakRise, s.bytes + bytes);
            s.allocations += 1;
            s.allocatedBytes += bytes;
            s.frees += 1;
            s.temporary += 1;
            allocations += 1;
            events += 2;
            temporary += 1;
            sampleMax = std::max(sampleMax, high);
            sampleMin = std::min(sampleMin, high);
            return true;
        }
        [[gnu::always_inline]] bool tryRelease(CallsiteId c, int64_t bytes, bool isTemporary)
        {
            Slot& s = slots[c.value];
            if (!listed(s))
                return false;
            subtract(s, bytes, isTemporary);
            return true;
        }
        // `times` more rounds of a period whose every event tryAllocate() or tryRelease() would
        // take (its callsites listed, no new peak in any round, no peak's copy pending: see
        // EventBatch::settlePeak): the figures of applying them one by one, in one step per
        // callsite. False, and nothing done, otherwise.
        // `climbing`: a period that raises the heap may pass the peak, when the caller then
        // applies one more round event by event. Its highest point is higher than any of these
        // rounds', and the peak made there is the one a peak made in these would give way to:
        // the callsites they change stay listed as changed since the peak before (copyPeak()), and
        // the sizes counted in them are counted after it, as they would be after their own.
        bool tryRepeat(const Period& period, int64_t times, bool climbing = false)
        {
            if (peakPending())
                return false;
            for (size_t i = 0; i < period.slotCount; ++i)
                if (!listed(slots[period.slots[i].callsite.value]))
                    return false;
            if (climbing ? period.heap <= 0
                         : period.highest != NoAllocation && heap + period.highest + period.riseOver(times) > peakLimit)
                return false;
            apply(period, times);
            return true;
        }
        // `times` rounds of `period`, whose callsites are listed, whatever the peak.
        void apply(const Period& period, int64_t times)
        {
            const int64_t rise = period.riseOver(times);
            const int64_t fall = period.fallOver(times);
            for (size_t i = 0; i < period.slotCount; ++i) {
                const PeriodSlot& p = period.slots[i];
                Slot& s = slots[p.callsite.value];
                if (p.highest != NoAllocation)
                    s.peakRise
                        = std::max(s.peakRise, s.bytes + p.highest + std::max<int64_t>(0, (times - 1) * p.bytes));
                s.bytes += times * p.bytes;
                s.allocations += times * p.allocations;
                s.allocatedBytes += times * p.allocatedBytes;
                s.frees += times * p.frees;
                s.temporary += times * p.temporary;
            }
            if (period.highest != NoAllocation)
                sampleMax = std::max(sampleMax, heap + period.highest + rise);
            if (period.lowest != NoEvent)
                sampleMin = std::min(sampleMin, heap + period.lowest + fall);
            heap += times * period.heap;
            allocations += times * period.allocations;
            events += times * period.events;
            temporary += times * period.temporary;
        }
        [[gnu::always_inline]] bool listed(const Slot& s) const
        {
            uint64_t slotStamps;
            std::memcpy(&slotStamps, &s.touchedStamp, sizeof slotStamps);
            return slotStamps == stamps;
        }
        [[gnu::always_inline]] void add(Slot& s, int64_t bytes)
        {
            countAllocation(s, s.peakRise, *this, bytes);
            sampleMax = std::max(sampleMax, heap);
            sampleMin = std::min(sampleMin, heap);
        }
        // The interval's low is where the heap stood after an allocation, before a free, or at the
        // interval's end: not after a free an allocation follows at once. heaptrack writes a
        // realloc as the old block's free and then the new one's allocation, and a buffer grown
        // by realloc drew a fall to 0 B at each resize (trimbuf.c: every interval a V, for a heap
        // that only climbed).
        [[gnu::always_inline]] void subtract(Slot& s, int64_t bytes, bool isTemporary)
        {
            sampleMin = std::min(sampleMin, heap);
            countFree(s, *this, bytes, isTemporary);
        }
    };

    [[gnu::always_inline]] explicit EventBatch(ProfileBuilder& builder)
        : m_builder(builder)
        , m_startAllocations(builder.m_allocationCount)
        , m_startFrees(builder.m_freeCount)
        , m_startBlocks(builder.m_blocks)
        , m_startTemporary(builder.m_temporaryCount)
    {
        m_state.slots = builder.m_slots.data();
        readStamps();
        m_state.heap = builder.m_heap;
        m_state.sampleMin = builder.m_sampleMin;
        m_state.sampleMax = builder.m_sampleMax;
    }
    [[gnu::always_inline]] ~EventBatch() { writeBack(); }
    EventBatch(const EventBatch&) = delete;
    EventBatch& operator=(const EventBatch&) = delete;

    State& state() { return m_state; }
    // After callsite() made a callsite: the slots may have moved.
    [[gnu::always_inline]] void reload() { m_state.slots = m_builder.m_slots.data(); }

    [[gnu::always_inline]] void allocate(CallsiteId c, int64_t bytes)
    {
        settlePeakBefore(bytes);
        m_state.add(slot(c), bytes);
        peakIfAbove();
    }
    [[gnu::always_inline]] void release(CallsiteId c, int64_t bytes, bool temporary = false)
    {
        settlePeak();
        m_state.subtract(slot(c), bytes, temporary);
    }
    // The pending peak's copy made (ProfileBuilder::settlePeak), before a change that is no
    // allocation making a new peak: a free, a repeat's rounds, what a caller counts for it.
    [[gnu::always_inline]] void settlePeak()
    {
        if (m_state.peakPending()) [[unlikely]]
            copyPendingPeak();
    }
    // Before an allocation of `bytes`: unless it makes a new peak.
    [[gnu::always_inline]] void settlePeakBefore(int64_t bytes)
    {
        if (m_state.heap + bytes <= m_state.settleLimit) [[unlikely]]
            copyPendingPeak();
    }
    // Lists each callsite of `period` (see State::tryRepeat) as its first event would
    // (ProfileBuilder::slot): a repeat need not take its first round event by event for that.
    // Listing a callsite that is then not changed changes no figure: its deltas stay zero.
    void list(const Period& period)
    {
        for (size_t i = 0; i < period.slotCount; ++i)
            slot(period.slots[i].callsite);
    }
    // A new peak where the heap stands, if it stands above the last (after an allocation); its
    // copy is left pending.
    [[gnu::always_inline]] void peakIfAbove()
    {
        if (m_state.heap > m_state.peakLimit) {
            m_state.peakLimit = m_state.heap;
            if (m_builder.m_options.peakCheckpoint) {
                m_state.settleLimit = m_state.heap;
                m_state.stamps = PendingStamps;
            }
        }
    }
    uint32_t peakGeneration() const { return m_state.peakGeneration(); }
    // A peak's copy is pending: no event is listed (State::stamps).
    bool peakPending() const { return m_state.peakPending(); }
    // Events applied through this batch so far.
    int64_t events() const { return m_state.events; }

private:
    [[gnu::always_inline]] Slot& slot(CallsiteId c) { return m_builder.slot(c); }
    // A slot not listed since the last peak keeps its dirty stamp at 0 without a peak checkpoint.
    [[gnu::always_inline]] void readStamps()
    {
        const uint32_t generation = m_builder.m_options.peakCheckpoint ? m_builder.m_peakGeneration : 0;
        m_state.generation = generation;
        m_state.stamps = m_builder.m_peakPending ? PendingStamps : (uint64_t(generation) << 32) | m_builder.m_interval;
        m_state.peakLimit = m_builder.m_peakPerEvent ? m_builder.m_peakHeap : INT64_MAX;
        m_state.settleLimit = m_builder.m_peakPending ? m_builder.m_peakHeap : INT64_MIN;
    }
    // A touched stamp of 0 with a dirty one: a slot is touched before it is marked dirty.
    static constexpr uint64_t PendingStamps = uint64_t(UINT32_MAX) << 32;
    [[gnu::noinline]] void copyPendingPeak()
    {
        writeBack();
        m_builder.settlePeak();
        readStamps();
    }
    [[gnu::always_inline]] void writeBack()
    {
        // A new peak made in the batch: events in a batch come at one time.
        if (m_builder.m_peakPerEvent && m_state.peakLimit > m_builder.m_peakHeap) {
            m_builder.m_peakHeap = m_state.peakLimit;
            m_builder.m_peakTime = m_builder.m_time;
        }
        m_builder.m_peakPending = m_state.peakPending();
        m_builder.m_heap = m_state.heap;
        m_builder.m_sampleMin = m_state.sampleMin;
        m_builder.m_sampleMax = m_state.sampleMax;
        const int64_t frees = m_state.events - m_state.allocations;
        m_builder.m_allocationCount = m_startAllocations + m_state.allocations;
        m_builder.m_freeCount = m_startFrees + frees;
        m_builder.m_blocks = m_startBlocks + m_state.allocations - frees;
        m_builder.m_temporaryCount = m_startTemporary + m_state.temporary;
    }

    ProfileBuilder& m_builder;
    State m_state;
    const int64_t m_startAllocations;
    const int64_t m_startFrees;
    const int64_t m_startBlocks;
    const int64_t m_startTemporary;
};

void ProfileBuilder::allocate(CallsiteId c, int64_t bytes)
{
    EventBatch(*this).allocate(c, bytes);
}

void ProfileBuilder::release(CallsiteId c, int64_t bytes, bool temporary)
{
    EventBatch(*this).release(c, bytes, temporary);
}

} // namespace heapline
