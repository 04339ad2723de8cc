#include "ProfileBuilder.h"

#include "RadixSort.h"
#include "Suppressions.h"
#include "ThreadPlacement.h"

#include <algorithm>
#include <cmath>
#include <system_error>

namespace heapline {

ProfileBuilder::ProfileBuilder(BuilderOptions options)
    : m_options(options)
    , m_peakPerEvent(options.checkpointStep > 0 || options.peakCheckpoint)
    , m_profile(new Profile)
    , m_step(options.checkpointStep)
{
    m_slots.readAtRandom(); // every event's
}

ProfileBuilder::~ProfileBuilder() = default;

void ProfileBuilder::warn(std::string message)
{
    // A corrupt file could otherwise produce a warning per line.
    constexpr size_t MaxWarnings = 200;
    auto& warnings = m_profile->m_warnings;
    if (warnings.size() < MaxWarnings)
        warnings.push_back(std::move(message));
    else if (warnings.size() == MaxWarnings)
        warnings.push_back("further warnings suppressed");
}

void ProfileBuilder::setStartTime(double t0)
{
    m_profile->m_checkpoints.setStartTime(t0);
    m_time = std::max(m_time, t0);
}

CallsiteId ProfileBuilder::callsite(NodeId leaf)
{
    auto [it, inserted] = m_nodeCallsite.try_emplace(leaf.value, static_cast<uint32_t>(m_slots.size()));
    if (inserted) {
        m_profile->m_callsiteNodes.push_back(leaf);
        m_slots.emplace_back();
        if (m_options.peakCheckpoint)
            m_touchedPosition.emplace_back();
    }
    return CallsiteId { it->second };
}

void ProfileBuilder::setCallsiteType(CallsiteId c, StringId type)
{
    auto& types = m_profile->m_callsiteTypes;
    if (types.size() <= c.value)
        types.resize(c.value + 1);
    types[c.value] = type;
}

void ProfileBuilder::markCensus(CallsiteId c)
{
    auto& census = m_profile->m_census;
    if (census.size() <= c.value)
        census.resize(c.value + 1, false);
    census[c.value] = true;
}

bool ProfileBuilder::advanceTime(double time)
{
    if (!std::isfinite(time) || time < m_time)
        return false;
    if (time == m_time)
        return true;
    if (m_step > 0) {
        // Close at the last grid point before `time`: every event so far has a time at or before
        // it, every later event comes after it, so the checkpoint is exactly the state at it.
        const double lastTime = m_profile->m_checkpoints.time(m_profile->m_checkpoints.size() - 1);
        const double boundary = (std::ceil(time / m_step) - 1) * m_step;
        if (boundary > lastTime && boundary >= m_time)
            closeInterval(boundary, false);
    }
    m_time = time;
    return true;
}

void ProfileBuilder::sampleTimeline()
{
    auto& timeline = m_profile->m_timeline;
    timeline.heap.append(m_time, m_heap, std::min(m_sampleMin, m_heap), m_sampleMax);
    timeline.blocks.append(m_time, m_blocks);
    if (m_countsEvents || m_allocationCount > 0)
        timeline.allocations.append(m_time, m_allocationCount);
    m_sampleMin = m_sampleMax = m_heapAtSample = m_heap;
}

void ProfileBuilder::resetTotals()
{
    settlePeak();
    m_allocationCount = m_freeCount = m_temporaryCount = 0;
    m_heap = m_blocks = 0;
    m_sampleMin = m_sampleMax = m_heapAtSample = 0;
    m_peakHeap = 0;
    m_peakTime = m_time;
}

void ProfileBuilder::setLive(CallsiteId c, LiveState state)
{
    if (m_setSinceCheckpoint.size() <= c.value)
        m_setSinceCheckpoint.resize(std::max<size_t>(c.value + 1, m_slots.size()), false);
    m_setSinceCheckpoint[c.value] = true;
    const LiveState current = currentLive(c);
    CallsiteDelta delta;
    delta.callsite = c;
    delta.bytes = state.bytes - current.bytes;
    delta.blocks = state.blocks - current.blocks;
    if (delta.bytes || delta.blocks)
        applyDelta(delta);
}

void ProfileBuilder::applyDelta(const CallsiteDelta& delta)
{
    settlePeak();
    Slot& s = slot(delta.callsite);
    s.bytes += delta.bytes;
    s.otherBlocks += delta.blocks - (delta.allocations - delta.frees);
    s.allocations += delta.allocations;
    s.allocatedBytes += delta.allocatedBytes;
    s.frees += delta.frees;
    s.temporary += delta.temporary;
    s.peakRise = std::max({ s.peakRise, s.bytes, delta.peakRise });
    m_allocationCount += delta.allocations;
    m_freeCount += delta.frees;
    if (!m_profile->isCensus(delta.callsite))
        addToHeap(delta.bytes, delta.blocks);
}

void ProfileBuilder::clearUnsetCallsites()
{
    m_setSinceCheckpoint.resize(m_slots.size(), false);
    for (size_t c = 0; c < m_slots.size(); ++c) {
        if (m_setSinceCheckpoint[c])
            continue;
        if (const LiveState live = currentLive(CallsiteId { c }); live.bytes || live.blocks)
            setLive(CallsiteId { c }, {});
    }
}

LiveState ProfileBuilder::currentLive(CallsiteId c) const
{
    // The state at the last checkpoint, as the store keeps it, and the open interval's changes
    // (a slot is zero until its callsite changes in the interval).
    LiveState live = m_profile->m_checkpoints.liveNow(c);
    if (c.value < m_slots.size()) {
        live.bytes += m_slots[c.value].bytes;
        live.blocks += m_slots[c.value].blocks();
    }
    return live;
}

void ProfileBuilder::checkpoint(double time, bool pinned, bool isPeak)
{
    m_time = std::max(m_time, time);
    if (isPeak) {
        pinned = true;
        m_markedPeakTime = m_time;
    }
    if (!m_peakPerEvent && m_heap > m_peakHeap) {
        m_peakHeap = m_heap;
        m_peakTime = m_time;
    }
    closeInterval(m_time, pinned);
    std::fill(m_setSinceCheckpoint.begin(), m_setSinceCheckpoint.end(), false);
}

void ProfileBuilder::copyPeak()
{
    // Every callsite touched since the last peak's copy is dirty: after the copies, the first
    // m_touched.size() places all hold a copy.
    if (m_peakAccumulators.size() < m_touched.size())
        m_peakAccumulators.resizeUninitialized(m_touched.size());
    const auto copy = [this](uint32_t c) {
        const Slot& s = m_slots[c];
        auto& d = m_peakAccumulators[m_touchedPosition[c]];
        d.callsite = CallsiteId { c };
        d.bytes = s.bytes;
        d.blocks = s.blocks();
        d.allocations = s.allocations;
        d.allocatedBytes = s.allocatedBytes;
        d.frees = s.frees;
        d.temporary = s.temporary;
        d.peakRise = s.peakRise;
    };
    if (m_peakInterval != m_interval) {
        // First peak in this interval: copy everything it touched so far (once per interval).
        for (uint32_t c : m_touched)
            copy(c);
        m_peakInterval = m_interval;
        m_closedPeakCount = 0;
        auto& store = m_profile->m_checkpoints;
        const size_t start = store.size() - 1;
        if (m_peakStartPinnedByUs) {
            const size_t previous = findPinned(m_peakIntervalStart);
            if (previous != start)
                store.setPinned(previous, false);
        }
        m_peakStartPinnedByUs = !store.pinned(start);
        store.setPinned(start, true);
        m_peakIntervalStart = store.time(start);
    } else {
        for (uint32_t c : m_dirty)
            copy(c);
    }
    m_peakTouchedCount = m_touched.size();
    m_dirty.clear();
    nextPeakGeneration();
}

size_t ProfileBuilder::findPinned(double time) const
{
    const auto& store = m_profile->m_checkpoints;
    for (size_t k = store.size(); k-- > 0;)
        if (store.pinned(k) && store.time(k) == time)
            return k;
    return 0;
}

void ProfileBuilder::closeInterval(double time, bool pinned)
{
    settlePeak();
    auto& store = m_profile->m_checkpoints;
    time = std::max(time, store.time(store.size() - 1));

    if (m_options.peakCheckpoint && m_peakInterval == m_interval) {
        // The next interval's peak copies go to the other buffer (copyPeak() copies all it needs).
        std::swap(m_closedPeak, m_peakAccumulators);
        m_closedPeakCount = m_peakTouchedCount;
    }

    std::vector<SizeCount> sizes;
    if (m_sizeSource) {
        const bool peakHere = m_options.peakCheckpoint && m_peakInterval == m_interval;
        if (peakHere)
            m_peakSizes.clear();
        m_sizeSource(sizes, peakHere ? &m_peakSizes : nullptr);
    }
    radixSort(m_touched, m_sortScratch, [](uint32_t c) { return c; });
    auto& entries = m_intervalEntries;
    entries.clear();
    entries.reserve(m_touched.size());
    for (uint32_t c : m_touched) {
        Slot& s = m_slots[c];
        CallsiteDelta e { CallsiteId { c }, s.bytes, s.blocks(), s.allocations, s.allocatedBytes, s.frees, s.temporary,
            s.peakRise };
        if (!e.isZero())
            entries.push_back(e);
        s.bytes = s.otherBlocks = s.allocations = s.allocatedBytes = s.frees = s.temporary = s.peakRise = 0;
    }
    store.appendInterval(time, entries, pinned, sizes, m_profile->m_census);
    m_touched.clear();
    m_dirty.clear();
    ++m_interval;
    nextPeakGeneration();
    enforceLimits();
}

size_t ProfileBuilder::entryLimit() const
{
    return std::min(m_options.maxEntries, std::max(m_options.minEntryLimit, m_options.entriesPerCallsite * m_slots.size()));
}

void ProfileBuilder::enforceLimits()
{
    auto& store = m_profile->m_checkpoints;
    const size_t maxEntries = entryLimit();
    // The byte cap only where intervals merge on a regular grid (event formats): a snapshot
    // format's store merges by entries.
    const auto tooBig = [&] {
        return store.size() > m_options.maxCheckpoints || store.entryCount() > maxEntries
            || (m_step > 0 && store.columnBytes() > maxEntries * m_options.bytesPerEntry);
    };
    if (!tooBig())
        return;
    if (m_step <= 0) {
        store.enforceLimits(m_options.maxCheckpoints, maxEntries);
        return;
    }
    // Regular checkpoints stay regular: double the step and keep the boundaries on the new grid.
    for (int guard = 0; guard < 64 && tooBig(); ++guard) {
        m_step *= 2;
        const double step = m_step;
        store.mergeIntervals([&](size_t k) { return std::fmod(store.time(k), step) == 0.0; });
    }
}

void ProfileBuilder::splitAtPeak()
{
    if (!m_options.peakCheckpoint || m_peakInterval == 0)
        return;
    auto& store = m_profile->m_checkpoints;
    const size_t start = findPinned(m_peakIntervalStart);
    const size_t interval = start + 1;
    if (interval >= store.size())
        return;
    std::vector<CallsiteDelta> column, scratch;
    column.reserve(m_closedPeakCount);
    for (size_t i = 0; i < m_closedPeakCount; ++i)
        if (!m_closedPeak[i].isZero())
            column.push_back(m_closedPeak[i]);
    radixSort(column, scratch, [](const CallsiteDelta& d) { return d.callsite.value; });
    store.splitInterval(interval, m_peakTime, column, m_peakSizes, m_profile->m_census);
    if (m_peakStartPinnedByUs && start != 0)
        store.setPinned(start, false);
}

void ProfileBuilder::doneParsing()
{
    if (!m_options.suppressions || m_profile->m_suppressedAtLoad.valid())
        return;
    // The rules here: the recording's own are in its info, which the reader may still write.
    const Profile* profile = m_profile.get();
    auto make = [profile, rules = suppressionRules(*profile, *m_options.suppressions)]() mutable {
        return std::make_shared<const SuppressedCallsites>(*profile, std::move(rules));
    };
    // A small profile's are made where they are first asked for: a thread of their own cost more
    // than they take (phases: 0.1 ms waited for it, in half the loads, where the CPU it was made
    // for had to wake). Their cost grows with the tree and its strings: cc1plus's 866 000 nodes
    // 1.6 ms, heaptrack_gui's 100 000 about 0.9 ms (perf samples).
    const bool small = profile->stacks().size() < SuppressionsOnThisThreadBelow;
    try {
        m_profile->m_suppressedAtLoad = small ? std::async(std::launch::deferred, std::move(make)).share()
                                              : asyncElsewhere(std::move(make)).share();
        m_profile->m_suppressedAtLoadFor = m_options.suppressions;
    } catch (const std::system_error&) {
        // No thread to be had: suppressedCallsites() makes them when they are asked for.
    }
}

std::shared_ptr<const Profile> ProfileBuilder::finish()
{
    // What follows writes only the checkpoints, the timeline and the totals.
    settlePeak();
    doneParsing();
    auto& store = m_profile->m_checkpoints;
    const double lastCheckpoint = store.time(store.size() - 1);
    // Events: the end is a checkpoint of its own. Snapshots: only the snapshots are.
    const bool events = m_options.checkpointStep > 0 || m_countsEvents;
    if (!m_touched.empty() || (events && (store.size() == 1 || m_time > lastCheckpoint)))
        closeInterval(m_time, false);
    splitAtPeak();
    if (store.size() > m_options.maxCheckpoints || store.entryCount() > entryLimit())
        store.enforceLimits(m_options.maxCheckpoints, entryLimit());
    const size_t callsites = m_slots.size();
    if (!m_profile->m_census.empty())
        m_profile->m_census.resize(callsites, false);
    store.finish(callsites);
    const int64_t peak = m_explicitPeak ? m_explicitPeak->first : m_peakHeap;
    // From 1: checkpoint 0 is the empty start, even when the peak comes at the same instant.
    for (size_t k = 1; k < store.size(); ++k) {
        const bool found = m_markedPeakTime ? store.pinned(k) && store.time(k) == *m_markedPeakTime
                                            : store.totalAt(k).bytes == peak && (store.pinned(k) || !m_options.peakCheckpoint);
        if (found) {
            m_profile->m_peakCheckpoint = k;
            break;
        }
    }

    auto& timeline = m_profile->m_timeline;
    if (timeline.heap.empty() || timeline.heap.points().back().time < m_time)
        sampleTimeline();

    auto& totals = m_profile->m_totals;
    if (m_countsEvents) {
        totals.allocations = m_allocationCount;
        totals.frees = m_freeCount;
        totals.temporaryAllocations = m_temporaryCount;
    }
    totals.peakHeapBytes = m_explicitPeak ? m_explicitPeak->first : m_peakHeap;
    totals.peakTime = m_explicitPeak ? m_explicitPeak->second : m_peakTime;
    totals.leakedBytes = m_explicitLeaked.value_or(m_heap);
    totals.duration = m_explicitDuration.value_or(m_time - store.time(0));
    if (!timeline.rss.empty())
        totals.peakRssBytes = timeline.rss.maxValue();
    totals.snapshots = m_snapshotCount;
    m_profile->m_callsiteTypes.resize(callsites);

    std::shared_ptr<const Profile> result(m_profile.release());
    m_profile.reset(new Profile);
    m_slots.clear();
    m_nodeCallsite.clear();
    m_touched.clear();
    return result;
}

} // namespace heapline
