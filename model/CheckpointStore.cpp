#include "CheckpointStore.h"

#include "ThreadPlacement.h"

#include <algorithm>
#include <cassert>
#include <cstring>

namespace heapline {

namespace {

// Merges consecutive encoded columns (the earliest first) straight into `out`, encoded, streaming
// from their bytes rather than decoding them into vectors: the columns of a recording that touches
// 100 000 callsites an interval are 6 MB each as entries, merged thousands of times in a long load.
// Entries with the same key(e) are folded together in time order (combine(sum, later)); keep(sum)
// says whether the result is written. Returns the entries written.
// Entries are decoded into their cursors field by field and folded there, never copied whole: a
// copy of an entry just written read it back in 16-byte halves of 8-byte writes, which the CPU
// cannot forward from its store buffer (a stall per copy: half of cc1plus-40M's merge time).
template <typename Entry, typename Decode, typename Key, typename Combine, typename Keep, typename Encode>
size_t mergeEncoded(std::span<const std::pair<const uint8_t*, const uint8_t*>> columns, Decode decode, Key key, Combine combine,
                    Keep keep, Encode encode)
{
    struct Cursor {
        const uint8_t* p = nullptr;
        const uint8_t* end = nullptr;
        uint32_t callsite = 0;
        Entry entry {};
        bool live = false;
    };
    std::vector<Cursor> cursors(columns.size());
    const auto advance = [&](Cursor& c) {
        c.live = c.p < c.end;
        if (c.live)
            decode(c.p, c.callsite, c.entry);
    };
    for (size_t i = 0; i < columns.size(); ++i) {
        cursors[i].p = columns[i].first;
        cursors[i].end = columns[i].second;
        advance(cursors[i]);
    }
    uint32_t previous = 0;
    size_t written = 0;
    while (true) {
        Cursor* lowest = nullptr;
        for (auto& c : cursors)
            if (c.live && (!lowest || key(c.entry) < key(lowest->entry)))
                lowest = &c;
        if (!lowest)
            return written;
        // The earliest column with the lowest key holds the sum of its entries.
        const auto lowestKey = key(lowest->entry);
        for (auto* c = lowest + 1; c != cursors.data() + cursors.size(); ++c) {
            if (c->live && key(c->entry) == lowestKey) {
                combine(lowest->entry, c->entry);
                advance(*c);
            }
        }
        if (keep(lowest->entry)) {
            encode(lowest->entry, previous);
            ++written;
        }
        advance(*lowest);
    }
}

// Checkpoint columns: a callsite's deltas combine in time order, and drop out when they cancel.
size_t mergeColumns(std::span<const std::pair<const uint8_t*, const uint8_t*>> columns, std::vector<uint8_t>& out)
{
    return mergeEncoded<CallsiteDelta>(
        columns, [](const uint8_t*& p, uint32_t& callsite, CallsiteDelta& e) { codec::decodeEntry(p, callsite, e); },
        [](const CallsiteDelta& e) { return e.callsite.value; },
        [](CallsiteDelta& sum, const CallsiteDelta& later) { sum.then(later); },
        [](const CallsiteDelta& sum) { return !sum.isZero(); },
        [&](const CallsiteDelta& e, uint32_t& previous) { codec::encodeEntry(e, previous, out); });
}

// Size columns: by callsite, then class; counts add up.
void mergeSizeColumns(std::span<const std::pair<const uint8_t*, const uint8_t*>> columns, std::vector<uint8_t>& out)
{
    mergeEncoded<SizeCount>(
        columns, [](const uint8_t*& p, uint32_t& callsite, SizeCount& s) { s = codec::decodeSize(p, callsite); },
        [](const SizeCount& s) { return (uint64_t(s.callsite.value) << 8) | s.sizeClass; },
        [](SizeCount& sum, const SizeCount& later) { sum.count += later.count; }, [](const SizeCount&) { return true; },
        [&](const SizeCount& s, uint32_t& previous) { codec::encodeSize(s, previous, out); });
}

} // namespace

std::vector<SizeCount> CheckpointStore::decodeSizes(size_t interval) const
{
    std::vector<SizeCount> out;
    forEachSize(interval, [&](const SizeCount& s) { out.push_back(s); });
    return out;
}

CheckpointStore::CheckpointStore()
    : m_times { 0.0 }
    , m_pinned { true }
    , m_columnEnd { 0 }
    , m_entryCounts { 0 }
    , m_sizeEnd { 0 }
    , m_totals { LiveState {} }
    , m_cumulativeAllocations { 0 }
{
}

CheckpointStore::Sums CheckpointStore::sums(
    std::span<const CallsiteDelta> entries, const std::vector<bool>& outsideTotals)
{
    Sums sums;
    for (const CallsiteDelta& e : entries) {
        if (e.callsite.value < outsideTotals.size() && outsideTotals[e.callsite.value])
            continue;
        sums.total.bytes += e.bytes;
        sums.total.blocks += e.blocks;
        sums.allocations += e.allocations;
    }
    return sums;
}

void CheckpointStore::appendInterval(double endTime, std::span<const CallsiteDelta> entries, bool pinned,
    std::span<const SizeCount> sizes, const std::vector<bool>& outsideTotals)
{
    // The totals and the live state now, as the columns come: a pass over every column at the
    // end of the load (decoding them all again) took 2.9 ms of cc1plus's, 6.7 of the converted
    // cc1plus-40M's, while the other core idled.
    const Sums added = sums(entries, outsideTotals);
    if (!entries.empty() && entries.back().callsite.value >= m_liveNow.size())
        m_liveNow.resize(entries.back().callsite.value + 1);
    for (const CallsiteDelta& e : entries) {
        m_liveNow[e.callsite.value].bytes += e.bytes;
        m_liveNow[e.callsite.value].blocks += e.blocks;
    }
    m_totals.push_back({ m_totals.back().bytes + added.total.bytes, m_totals.back().blocks + added.total.blocks });
    m_cumulativeAllocations.push_back(m_cumulativeAllocations.back() + added.allocations);

    if (!sizes.empty())
        m_hasSizes = true;
    codec::encodeSizes(sizes, m_sizeBytes);
    m_sizeEnd.push_back(m_sizeBytes.size());
    assert(std::is_sorted(entries.begin(), entries.end(),
                          [](const auto& a, const auto& b) { return a.callsite < b.callsite; }));
    codec::encodeColumn(entries, m_bytes);
    m_times.push_back(endTime);
    m_pinned.push_back(pinned);
    m_columnEnd.push_back(m_bytes.size());
    m_entryCounts.push_back(entries.size());
    m_totalEntries += entries.size();
}

std::vector<CallsiteDelta> CheckpointStore::decode(size_t interval) const
{
    std::vector<CallsiteDelta> out;
    out.reserve(m_entryCounts[interval]);
    forEachDelta(interval, [&](const CallsiteDelta& e) { out.push_back(e); });
    return out;
}

size_t CheckpointStore::splitInterval(size_t k, double time, std::span<const CallsiteDelta> firstPart,
    std::span<const SizeCount> firstSizes, const std::vector<bool>& outsideTotals)
{
    assert(k >= 1 && k < m_times.size());
    const auto whole = decode(k);
    // second = whole - first, column-wise. The second part's rise is not known exactly: what the
    // whole rose beyond the first part's end bounds it.
    std::vector<CallsiteDelta> second;
    size_t f = 0;
    for (const auto& w : whole) {
        while (f < firstPart.size() && firstPart[f].callsite < w.callsite)
            ++f; // an entry of the first part alone cannot occur: the whole holds it
        CallsiteDelta rest = w;
        if (f < firstPart.size() && firstPart[f].callsite == w.callsite) {
            const auto& first = firstPart[f];
            rest.bytes -= first.bytes;
            rest.blocks -= first.blocks;
            rest.allocations -= first.allocations;
            rest.allocatedBytes -= first.allocatedBytes;
            rest.frees -= first.frees;
            rest.temporary -= first.temporary;
            rest.peakRise = std::max<int64_t>({ 0, rest.bytes, w.peakRise - first.bytes });
        }
        if (!rest.isZero())
            second.push_back(rest);
    }
    if (second.empty() && time >= m_times[k]) {
        m_pinned[k] = true;
        return k;
    }

    std::vector<uint8_t> encoded;
    codec::encodeColumn(firstPart, encoded);
    const size_t firstSize = encoded.size();
    codec::encodeColumn(second, encoded);

    const size_t begin = m_columnEnd[k - 1];
    const size_t oldEnd = m_columnEnd[k];
    m_bytes.erase(m_bytes.begin() + static_cast<ptrdiff_t>(begin), m_bytes.begin() + static_cast<ptrdiff_t>(oldEnd));
    m_bytes.insert(m_bytes.begin() + static_cast<ptrdiff_t>(begin), encoded.begin(), encoded.end());
    const auto shift = static_cast<ptrdiff_t>(encoded.size()) - static_cast<ptrdiff_t>(oldEnd - begin);
    for (size_t j = k; j < m_columnEnd.size(); ++j)
        m_columnEnd[j] = static_cast<size_t>(static_cast<ptrdiff_t>(m_columnEnd[j]) + shift);
    m_columnEnd.insert(m_columnEnd.begin() + static_cast<ptrdiff_t>(k), begin + firstSize);

    m_totalEntries = m_totalEntries - m_entryCounts[k] + firstPart.size() + second.size();
    m_entryCounts[k] = second.size();
    m_entryCounts.insert(m_entryCounts.begin() + static_cast<ptrdiff_t>(k), firstPart.size());
    m_times.insert(m_times.begin() + static_cast<ptrdiff_t>(k), time);
    m_pinned.insert(m_pinned.begin() + static_cast<ptrdiff_t>(k), true);
    const Sums first = sums(firstPart, outsideTotals);
    m_totals.insert(m_totals.begin() + static_cast<ptrdiff_t>(k),
        { m_totals[k - 1].bytes + first.total.bytes, m_totals[k - 1].blocks + first.total.blocks });
    m_cumulativeAllocations.insert(m_cumulativeAllocations.begin() + static_cast<ptrdiff_t>(k),
        m_cumulativeAllocations[k - 1] + first.allocations);

    // Sizes: the first part as given, the rest of the column after it.
    std::vector<SizeCount> wholeSizes = decodeSizes(k), restSizes;
    size_t fs = 0;
    for (const auto& w : wholeSizes) {
        while (fs < firstSizes.size()
               && (firstSizes[fs].callsite < w.callsite || (firstSizes[fs].callsite == w.callsite && firstSizes[fs].sizeClass < w.sizeClass)))
            ++fs;
        SizeCount rest = w;
        if (fs < firstSizes.size() && firstSizes[fs].callsite == w.callsite && firstSizes[fs].sizeClass == w.sizeClass)
            rest.count -= firstSizes[fs].count;
        if (rest.count > 0)
            restSizes.push_back(rest);
    }
    std::vector<uint8_t> sizeBytes(m_sizeBytes.begin(), m_sizeBytes.begin() + static_cast<ptrdiff_t>(m_sizeEnd[k - 1]));
    codec::encodeSizes(firstSizes, sizeBytes);
    const size_t firstEnd = sizeBytes.size();
    codec::encodeSizes(std::span<const SizeCount>(restSizes), sizeBytes);
    const size_t restEnd = sizeBytes.size();
    const auto tailBegin = m_sizeBytes.begin() + static_cast<ptrdiff_t>(m_sizeEnd[k]);
    sizeBytes.insert(sizeBytes.end(), tailBegin, m_sizeBytes.end());
    const auto tailShift = static_cast<ptrdiff_t>(restEnd) - static_cast<ptrdiff_t>(m_sizeEnd[k]);
    for (size_t j = k + 1; j < m_sizeEnd.size(); ++j)
        m_sizeEnd[j] = static_cast<size_t>(static_cast<ptrdiff_t>(m_sizeEnd[j]) + tailShift);
    m_sizeEnd[k] = restEnd;
    m_sizeEnd.insert(m_sizeEnd.begin() + static_cast<ptrdiff_t>(k), firstEnd);
    m_sizeBytes = std::move(sizeBytes);
    m_hasSizes = m_hasSizes || !firstSizes.empty();
    return k;
}

void CheckpointStore::mergeIntervals(const std::function<bool(size_t)>& keep)
{
    const size_t count = m_times.size();
    if (count <= 2)
        return;
    // Intervals [first, last] that become one.
    struct Group {
        size_t first, last;
    };
    std::vector<Group> groups;
    for (size_t k = 1, first = 1; k < count; ++k) {
        if (k + 1 == count || m_pinned[k] || keep(k)) {
            groups.push_back({ first, k });
            first = k + 1;
        }
    }
    // A group's column appended to `columnOut` and its sizes to `sizeOut`; its entries.
    const auto mergeGroup = [this](const Group& g, std::vector<uint8_t>& columnOut, std::vector<uint8_t>& sizeOut) {
        std::vector<std::pair<const uint8_t*, const uint8_t*>> columns; // the group's, earliest first
        size_t entries = 0;
        if (g.first == g.last) {
            const uint8_t* bytes = m_bytes.data();
            columnOut.insert(columnOut.end(), bytes + m_columnEnd[g.first - 1], bytes + m_columnEnd[g.first]);
            entries = m_entryCounts[g.first];
        } else {
            for (size_t j = g.first; j <= g.last; ++j)
                columns.push_back({ m_bytes.data() + m_columnEnd[j - 1], m_bytes.data() + m_columnEnd[j] });
            entries = mergeColumns(columns, columnOut);
        }
        if (m_hasSizes) {
            if (g.first == g.last) {
                sizeOut.insert(sizeOut.end(), m_sizeBytes.begin() + static_cast<ptrdiff_t>(m_sizeEnd[g.first - 1]),
                               m_sizeBytes.begin() + static_cast<ptrdiff_t>(m_sizeEnd[g.first]));
            } else {
                columns.clear();
                for (size_t j = g.first; j <= g.last; ++j)
                    columns.push_back({ m_sizeBytes.data() + m_sizeEnd[j - 1], m_sizeBytes.data() + m_sizeEnd[j] });
                mergeSizeColumns(columns, sizeOut);
            }
        }
        return entries;
    };
    // What a run of groups made: each group's column end, size end and entries. Columns and
    // sizes are written in place from the part's `out` and `sizeOut` on, which never overtake
    // the ones still to be read: a merged column never takes more bytes than its parts (gaps only
    // shrink, a sum of two varints fits in their combined length).
    struct Part {
        std::vector<size_t> columnEnd, sizeEnd, entries;
        size_t out = 0;
        size_t sizeOut = 0;
    };
    const auto mergeGroups = [&](size_t from, size_t to, Part& part) {
        std::vector<uint8_t> scratch, sizeScratch;
        for (size_t i = from; i < to; ++i) {
            scratch.clear();
            sizeScratch.clear();
            part.entries.push_back(mergeGroup(groups[i], scratch, sizeScratch));
            assert(part.out + scratch.size() <= m_columnEnd[groups[i].last]);
            if (!scratch.empty()) // an empty merge: nothing to copy, and memcpy wants real pointers
                std::memcpy(m_bytes.data() + part.out, scratch.data(), scratch.size());
            part.out += scratch.size();
            part.columnEnd.push_back(part.out);
            assert(part.sizeOut + sizeScratch.size() <= m_sizeEnd[groups[i].last]);
            if (!sizeScratch.empty())
                std::memcpy(m_sizeBytes.data() + part.sizeOut, sizeScratch.data(), sizeScratch.size());
            part.sizeOut += sizeScratch.size();
            part.sizeEnd.push_back(part.sizeOut);
        }
    };
    // A long recording's store holds tens of megabytes of columns, merged every time the step
    // doubles (five times on cc1plus-40M) while the parser waits: past a few megabytes the later
    // half is merged on a thread of its own, in place from where its columns begin, while this
    // one merges the earlier half; then it is moved down behind it. Each group's bytes are the
    // same either way, and no more memory is taken.
    size_t split = groups.size();
    if (m_columnEnd.back() >= parallelMergeBytes && groups.size() >= 2) {
        const size_t half = m_columnEnd.back() / 2;
        split = 0;
        while (split < groups.size() && m_columnEnd[groups[split].last] < half)
            ++split;
    }
    Part first, second;
    if (split < groups.size()) {
        const size_t secondStart = second.out = m_columnEnd[groups[split].first - 1];
        const size_t secondSizeStart = second.sizeOut = m_sizeEnd[groups[split].first - 1];
        // Off this thread's CPU: started beside it, it waited up to 1.4 ms for it (ThreadPlacement.h).
        auto later = asyncElsewhere([&] { mergeGroups(split, groups.size(), second); });
        mergeGroups(0, split, first); // should it throw, `later` is waited for as it goes
        later.get();
        // The second half moved down behind the first, its ends with it.
        const size_t length = second.out - secondStart;
        if (length > 0)
            std::memmove(m_bytes.data() + first.out, m_bytes.data() + secondStart, length);
        const size_t sizeLength = second.sizeOut - secondSizeStart;
        if (sizeLength > 0)
            std::memmove(m_sizeBytes.data() + first.sizeOut, m_sizeBytes.data() + secondSizeStart, sizeLength);
        for (size_t& end : second.columnEnd)
            end = end - secondStart + first.out;
        for (size_t& end : second.sizeEnd)
            end = end - secondSizeStart + first.sizeOut;
        first.out += length;
        first.sizeOut += sizeLength;
    } else {
        mergeGroups(0, groups.size(), first);
    }
    const size_t out = first.out;

    std::vector<double> times { m_times[0] };
    std::vector<bool> pinned { m_pinned[0] };
    std::vector<LiveState> totals { m_totals[0] };
    std::vector<int64_t> cumulativeAllocations { m_cumulativeAllocations[0] };
    std::vector<size_t> columnEnd { 0 };
    std::vector<size_t> entryCounts { 0 };
    std::vector<size_t> sizeEnd { 0 };
    size_t totalEntries = 0;
    for (size_t i = 0; i < groups.size(); ++i) {
        const bool inFirst = i < split;
        const size_t j = inFirst ? i : i - split;
        const Part& part = inFirst ? first : second;
        times.push_back(m_times[groups[i].last]);
        pinned.push_back(m_pinned[groups[i].last]);
        totals.push_back(m_totals[groups[i].last]);
        cumulativeAllocations.push_back(m_cumulativeAllocations[groups[i].last]);
        columnEnd.push_back(part.columnEnd[j]);
        sizeEnd.push_back(part.sizeEnd[j]);
        entryCounts.push_back(part.entries[j]);
        totalEntries += part.entries[j];
    }
    m_bytes.resize(out);
    m_bytes.shrink_to_fit();
    m_times = std::move(times);
    m_pinned = std::move(pinned);
    m_totals = std::move(totals);
    m_cumulativeAllocations = std::move(cumulativeAllocations);
    m_columnEnd = std::move(columnEnd);
    m_entryCounts = std::move(entryCounts);
    m_totalEntries = totalEntries;
    m_sizeBytes.resize(first.sizeOut);
    m_sizeBytes.shrink_to_fit();
    m_sizeEnd = std::move(sizeEnd);
}

void CheckpointStore::enforceLimits(size_t maxCheckpoints, size_t maxEntries)
{
    maxCheckpoints = std::max<size_t>(maxCheckpoints, 2);
    while ((m_times.size() > maxCheckpoints || m_totalEntries > maxEntries) && m_times.size() > 2) {
        const size_t before = m_times.size();
        // Drop every other unpinned checkpoint: counting only unpinned ones keeps the halving
        // even around a pinned peak.
        std::vector<bool> keepFlags(before, true);
        size_t unpinnedSeen = 0;
        for (size_t k = 1; k + 1 < before; ++k) {
            if (m_pinned[k])
                continue;
            keepFlags[k] = (unpinnedSeen++ % 2) == 1;
        }
        mergeIntervals([&](size_t k) { return keepFlags[k]; });
        if (m_times.size() == before)
            break;
    }
}

void CheckpointStore::finish(size_t callsiteCount)
{
    m_callsiteCount = callsiteCount;
    // A keyframe costs up to one entry per live callsite; a live query reads one keyframe and
    // up to a stride of columns. A stride of K * C / E (K checkpoints, C callsites, E entries)
    // makes the keyframes cost no more than the columns themselves, and a query read about as
    // many entries from columns as from the keyframe.
    const size_t intervals = std::max<size_t>(m_times.size() - 1, 1);
    m_keyframeStride = std::clamp<size_t>(intervals * std::max<size_t>(callsiteCount, 1) / std::max<size_t>(m_totalEntries, 1),
                                          8, std::max<size_t>(intervals, 8));
    encodeLive(m_liveNow, m_lastLive);
    m_lastLive.shrink_to_fit();
    m_liveNow.clear();
    m_liveNow.shrink_to_fit();
    m_finished = true;
}

template <typename Bytes>
void CheckpointStore::encodeLive(std::span<const LiveState> live, Bytes& out)
{
    uint32_t previous = 0;
    for (size_t c = 0; c < live.size(); ++c) {
        if (live[c].bytes || live[c].blocks)
            codec::encodeLive(CallsiteId { c }, live[c].bytes, live[c].blocks, previous, out);
    }
}

void CheckpointStore::makeKeyframes()
{
    m_keyframeBytes.clear();
    m_keyframeEnd.assign(1, 0);
    // Mapped and faulted in at once (PodVector), not page by page as the first pass writes it.
    PodVector<LiveState> live(m_callsiteCount);
    for (size_t k = 1; k < m_times.size(); ++k) {
        forEachDelta(k, [&](const CallsiteDelta& e) {
            if (e.callsite.value >= live.size())
                live.resize(e.callsite.value + 1);
            live[e.callsite.value].bytes += e.bytes;
            live[e.callsite.value].blocks += e.blocks;
        });
        if (k % m_keyframeStride == 0) {
            encodeLive(live, m_keyframeBytes);
            m_keyframeEnd.push_back(m_keyframeBytes.size());
        }
    }
    m_keyframeBytes.shrink_to_fit();
}

CheckpointStore::Keyframe CheckpointStore::keyframeAtOrBefore(size_t k) const
{
    if (m_finished && k == m_times.size() - 1)
        return { m_lastLive, k + 1 };
    needKeyframes();
    const size_t j = std::min(k / m_keyframeStride, m_keyframeEnd.size() - 1);
    if (j == 0)
        return { {}, 1 };
    return { std::span<const uint8_t>(
                 m_keyframeBytes.data() + m_keyframeEnd[j - 1], m_keyframeBytes.data() + m_keyframeEnd[j]),
        j * m_keyframeStride + 1 };
}

void CheckpointStore::accumulate(size_t from, size_t to, std::span<CallsiteDelta> dense) const
{
    for (size_t k = from + 1; k <= to && k < m_times.size(); ++k) {
        forEachDelta(k, [&](const CallsiteDelta& e) {
            if (e.callsite.value < dense.size())
                dense[e.callsite.value].then(e);
        });
    }
}

std::vector<LiveState> CheckpointStore::liveAt(size_t k, size_t callsiteCount) const
{
    std::vector<LiveState> live(callsiteCount);
    addLiveAt(k, [&](CallsiteId c, int64_t bytes, int64_t blocks) {
        if (c.value < live.size()) {
            live[c.value].bytes += bytes;
            live[c.value].blocks += blocks;
        }
    });
    return live;
}

LiveState CheckpointStore::liveAt(size_t k, CallsiteId callsite) const
{
    LiveState state;
    addLiveAt(k, [&](CallsiteId c, int64_t bytes, int64_t blocks) {
        if (c == callsite) {
            state.bytes += bytes;
            state.blocks += blocks;
        }
    });
    return state;
}

size_t CheckpointStore::nearest(double time) const
{
    auto it = std::lower_bound(m_times.begin(), m_times.end(), time);
    if (it == m_times.end())
        return m_times.size() - 1;
    if (it != m_times.begin() && time - *std::prev(it) <= *it - time)
        --it;
    return static_cast<size_t>(it - m_times.begin());
}

size_t CheckpointStore::memoryBytes() const
{
    return m_bytes.capacity() + m_keyframeBytes.capacity() + m_sizeBytes.capacity()
        + m_sizeEnd.capacity() * sizeof(size_t) + m_lastLive.capacity() + m_liveNow.capacity() * sizeof(LiveState)
        + (m_times.capacity() + m_totals.capacity() * 2 + m_columnEnd.capacity() + m_entryCounts.capacity()
              + m_keyframeEnd.capacity() + m_cumulativeAllocations.capacity())
        * sizeof(size_t);
}

} // namespace heapline
