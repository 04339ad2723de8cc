#pragma once

#include "CallsiteDelta.h"
#include "PodVector.h"

#include <algorithm>
#include <cstddef>
#include <functional>
#include <mutex>
#include <span>
#include <vector>

namespace heapline {

// Checkpoints t_0 < t_1 < … < t_K at which the per-callsite state is known. Checkpoint 0 is the
// empty state before the first event; interval k (1 ≤ k ≤ K) is a sparse column with one entry
// per callsite that changed in (t_{k-1}, t_k]. live(c, t_k) is the sum of the columns up to k;
// diff(A, B) the sum of the columns in (A, B]. Keyframes (cumulative live state every few
// checkpoints) keep a live query from reading every column before it; the totals per checkpoint
// and the live state at the last one are kept as the columns come, and the other keyframes are
// made when a query first needs them (a summary never does).
class CheckpointStore {
public:
    CheckpointStore();

    // --- building ------------------------------------------------------------------------
    void setStartTime(double t0) { m_times[0] = t0; }
    // `entries` sorted by callsite, strictly increasing, no zero entries.
    // `sizes`: the interval's allocations by callsite and size class, sorted by both (formats that
    // record single allocations; empty otherwise).
    // `outsideTotals`: callsites (by index) whose entries the totals leave out; may be empty.
    void appendInterval(double endTime, std::span<const CallsiteDelta> entries, bool pinned = false,
        std::span<const SizeCount> sizes = {}, const std::vector<bool>& outsideTotals = {});
    // Splits interval k at `time` (t_{k-1} < time < t_k): `firstPart` are the changes up to
    // `time`; the rest of the column becomes the new interval k+1. The new checkpoint is pinned;
    // its index is returned. When nothing is left for the second part and `time` is t_k itself,
    // checkpoint k is pinned instead of adding a duplicate.
    size_t splitInterval(size_t k, double time, std::span<const CallsiteDelta> firstPart,
        std::span<const SizeCount> firstSizes = {}, const std::vector<bool>& outsideTotals = {});
    // Merges every interval ending at an unpinned checkpoint for which keep(k) is false into the
    // interval after it. The last checkpoint is always kept.
    void mergeIntervals(const std::function<bool(size_t k)>& keep);
    // Halves the number of intervals (keeping pinned checkpoints) until both limits hold or no
    // further merging is possible.
    void enforceLimits(size_t maxCheckpoints, size_t maxEntries);
    void setPinned(size_t k, bool pinned) { m_pinned[k] = pinned; }
    // Keeps the live state at the last checkpoint, and readies the keyframes (made on first
    // need); call once when building is done.
    void finish(size_t callsiteCount);

    // --- queries -------------------------------------------------------------------------
    size_t size() const { return m_times.size(); }
    double time(size_t k) const { return m_times[k]; }
    std::span<const double> times() const { return m_times; }
    bool pinned(size_t k) const { return m_pinned[k]; }
    size_t entryCount() const { return m_totalEntries; }
    size_t entryCount(size_t interval) const { return m_entryCounts[interval]; }
    // The encoded columns' bytes (what the entries cost).
    size_t columnBytes() const { return m_columnEnd.back(); }
    size_t memoryBytes() const;

    // Calls f(const CallsiteDelta&) for each entry of interval k (1 ≤ k < size()).
    template <typename F>
    void forEachDelta(size_t interval, F&& f) const;
    // A store with more column bytes than this merges the later half of its intervals on a
    // thread of its own (mergeIntervals); tests lower it to run that path on small stores.
    static inline size_t parallelMergeBytes = size_t(4) << 20;
    // Whether allocation sizes were recorded, and f(const SizeCount&) for each of interval k.
    bool hasSizes() const { return m_hasSizes; }
    template <typename F>
    void forEachSize(size_t interval, F&& f) const;

    // Sum of intervals (from, to] into `dense` (indexed by callsite; must be large enough).
    void accumulate(size_t from, size_t to, std::span<CallsiteDelta> dense) const;
    // Live state of every callsite at checkpoint k (dense, indexed by callsite).
    std::vector<LiveState> liveAt(size_t k, size_t callsiteCount) const;
    // The same as contributions: calls add(CallsiteId, bytes, blocks) so that summing them per
    // callsite (or per group of callsites) from zero gives the live state at k.
    template <typename F>
    void addLiveAt(size_t k, F&& add) const;
    LiveState liveAt(size_t k, CallsiteId callsite) const;

    // Makes the keyframes now, if not yet made: for a loader's worker thread, so that the first
    // live query, on whatever thread, does not wait for them.
    void makeKeyframesNow() const { needKeyframes(); }
    // Before finish(): a callsite's live state at the last checkpoint.
    LiveState liveNow(CallsiteId c) const { return c.value < m_liveNow.size() ? m_liveNow[c.value] : LiveState {}; }
    // Totals over all callsites at checkpoint k.
    LiveState totalAt(size_t k) const { return m_totals[k]; }
    int64_t cumulativeAllocations(size_t k) const { return m_cumulativeAllocations[k]; }

    // Index of the checkpoint nearest to `time`.
    size_t nearest(double time) const;

private:
    const uint8_t* columnBegin(size_t interval) const { return m_bytes.data() + m_columnEnd[interval - 1]; }
    const uint8_t* columnEnd(size_t interval) const { return m_bytes.data() + m_columnEnd[interval]; }
    std::vector<CallsiteDelta> decode(size_t interval) const;
    void decode(size_t interval, std::vector<CallsiteDelta>& out) const;
    // The live state at or before checkpoint k (a live column: a keyframe, the last checkpoint's,
    // or none) and the first interval to add to it.
    struct Keyframe {
        std::span<const uint8_t> live;
        size_t nextInterval;
    };
    Keyframe keyframeAtOrBefore(size_t k) const;
    template <typename Bytes>
    static void encodeLive(std::span<const LiveState> live, Bytes& out);
    // The keyframes, made once, by the first query that needs them (any thread).
    void needKeyframes() const
    {
        if (m_finished)
            std::call_once(m_keyframesMade.flag, [this] { const_cast<CheckpointStore*>(this)->makeKeyframes(); });
    }
    void makeKeyframes();
    // Entries' effect on the totals per checkpoint (the callsites outside them left out).
    struct Sums {
        LiveState total;
        int64_t allocations = 0;
    };
    static Sums sums(std::span<const CallsiteDelta> entries, const std::vector<bool>& outsideTotals);

    std::vector<double> m_times;
    std::vector<bool> m_pinned;
    // Column k occupies m_bytes[m_columnEnd[k-1], m_columnEnd[k]); m_columnEnd[0] == 0.
    PodVector<uint8_t> m_bytes;
    std::vector<size_t> m_columnEnd;
    std::vector<size_t> m_entryCounts;
    size_t m_totalEntries = 0;

    // Keyframe j holds the live state at checkpoint j * m_keyframeStride, a live column
    // (codec::encodeLive: callsite, bytes and blocks).
    size_t m_keyframeStride = 16;
    PodVector<uint8_t> m_keyframeBytes;
    std::vector<size_t> m_keyframeEnd { 0 };
    bool m_finished = false;
    size_t m_callsiteCount = 0;
    struct Once {
        std::once_flag flag;
        Once() = default;
        Once(const Once&) { }
        Once& operator=(const Once&) { return *this; }
    };
    mutable Once m_keyframesMade;
    // The live state at the last checkpoint: dense while building, a live column once finished.
    PodVector<LiveState> m_liveNow;
    std::vector<uint8_t> m_lastLive;

    // Size columns, one per interval like the delta columns: (callsite gap, class, count) varints.
    bool m_hasSizes = false;
    std::vector<uint8_t> m_sizeBytes;
    std::vector<size_t> m_sizeEnd;
    std::vector<SizeCount> decodeSizes(size_t interval) const;
    void decodeSizes(size_t interval, std::vector<SizeCount>& out) const;

    std::vector<LiveState> m_totals;
    std::vector<int64_t> m_cumulativeAllocations;
};

} // namespace heapline

#include "DeltaCodec.h"

template <typename F>
void heapline::CheckpointStore::forEachDelta(size_t interval, F&& f) const
{
    codec::decodeColumn(columnBegin(interval), columnEnd(interval), std::forward<F>(f));
}

template <typename F>
void heapline::CheckpointStore::forEachSize(size_t interval, F&& f) const
{
    if (!m_hasSizes)
        return;
    codec::decodeSizes(m_sizeBytes.data() + m_sizeEnd[interval - 1], m_sizeBytes.data() + m_sizeEnd[interval], std::forward<F>(f));
}

template <typename F>
void heapline::CheckpointStore::addLiveAt(size_t k, F&& add) const
{
    k = std::min(k, m_times.size() - 1);
    const Keyframe keyframe = keyframeAtOrBefore(k);
    codec::decodeLive(keyframe.live.data(), keyframe.live.data() + keyframe.live.size(), add);
    for (size_t i = keyframe.nextInterval; i <= k; ++i)
        forEachDelta(i, [&](const CallsiteDelta& e) { add(e.callsite, e.bytes, e.blocks); });
}
