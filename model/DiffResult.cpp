#include "DeltaCodec.h"
#include "Diff.h"
#include "DiffRows.h"
#include "ThreadPlacement.h"

#include <algorithm>

// A diff's answers about its rows (growth, series, keys), apart from computeDiff, which makes them.

namespace heapline {

using namespace diff_detail;

std::string DiffResult::key(const DiffRow& row) const
{
    if (!baseAnalysis)
        return analysis->groupKey(grouping, row.group);
    if (row.group >= m_analysisGroups.size())
        return {};
    if (m_analysisGroups[row.group] != NoGroup)
        return analysis->groupKey(grouping, m_analysisGroups[row.group]);
    return baseAnalysis->groupKey(grouping, m_baseGroups[row.group]);
}

Growth DiffResult::growth(const DiffRow& row) const
{
    if (m_totalGrowth && &row == &total)
        return *m_totalGrowth;
    std::vector<int64_t> values, highs;
    decodeSeries(row, &values, &highs);
    if (values.empty()) {
        Growth growth;
        growth.cls = row.cls;
        growth.evidence.net = row.deltaBytes();
        growth.evidence.highest = row.highest;
        return growth;
    }
    const size_t listed = row.underThreshold ? listedSamples(values) : values.size();
    Growth growth = row.census
        ? classifyAtCensus(sampleTimes, values, highs, m_censusSamples, m_secondsPerUnit, m_thresholds)
        : classifyListed(sampleTimes, values, highs, listed, m_secondsPerUnit, forBlocksOf(m_thresholds, row));
    if (listed < values.size()) {
        growth.evidence.unlistedFrom = sampleTimes[listed];
        growth.evidence.classFromListed = listed >= MinListedSamples;
    }
    // A row found spiky at every snapshot (massif) tells that series' evidence.
    if (auto dense = spikyBetweenSamples(row, values, growth, nullptr))
        return *dense;
    growth.cls = row.cls;
    growth.evidence.highsRecorded = analysis->profile().info().intervalHighs;
    return growth;
}

void DiffResult::decodeSeries(const DiffRow& row, std::vector<int64_t>* values, std::vector<int64_t>* highs) const
{
    if (row.seriesOffset >= m_seriesBytes.size())
        return;
    const uint8_t* p = m_seriesBytes.data() + row.seriesOffset;
    std::vector<int64_t> levels(m_seriesPoints);
    int64_t level = 0;
    for (auto& v : levels)
        v = level += codec::unzigzag(codec::getVarint(p));
    if (highs) {
        highs->resize(m_seriesPoints);
        for (size_t j = 0; j < m_seriesPoints; ++j)
            (*highs)[j] = levels[j] + codec::unzigzag(codec::getVarint(p));
    }
    if (values)
        *values = std::move(levels);
}

std::optional<Growth> DiffResult::spikyBetweenSamples(
    const DiffRow& row, std::span<const int64_t> values, const Growth& atSamples, TimedSeries* series) const
{
    if (row.cls != GrowthClass::Spiky || atSamples.cls == GrowthClass::Spiky
        || analysis->profile().info().intervalHighs)
        return std::nullopt;
    return spikyAtEverySnapshot(analysis->profile(), sampleTimes, values, timeA, timeB, m_secondsPerUnit, m_thresholds,
        dipsOf(m_attributedDips, analysisGroup(row).value_or(NoGroup)), series);
}

std::optional<TimedSeries> DiffResult::everySnapshotSeries(const DiffRow& row) const
{
    // Asked for every row a table paints: the rows of other formats and classes leave at once.
    if (row.cls != GrowthClass::Spiky || row.census || analysis->profile().info().intervalHighs)
        return std::nullopt;
    std::vector<int64_t> values, highs;
    decodeSeries(row, &values, &highs);
    TimedSeries series;
    if (values.empty()
        || !spikyBetweenSamples(
            row, values, classifyGrowth(sampleTimes, values, highs, m_secondsPerUnit, m_thresholds), &series))
        return std::nullopt;
    return series;
}

std::vector<int64_t> DiffResult::series(const DiffRow& row) const
{
    std::vector<int64_t> values;
    decodeSeries(row, &values, nullptr);
    return values;
}

std::vector<int64_t> DiffResult::highs(const DiffRow& row) const
{
    std::vector<int64_t> highs;
    decodeSeries(row, nullptr, &highs);
    return highs;
}

std::optional<uint32_t> DiffResult::analysisGroup(const DiffRow& row) const
{
    if (!baseAnalysis)
        return row.group;
    if (row.group < m_analysisGroups.size() && m_analysisGroups[row.group] != NoGroup)
        return m_analysisGroups[row.group];
    return std::nullopt;
}

std::optional<CallsiteId> DiffResult::callsite(const DiffRow& row) const
{
    if (grouping != Grouping::Callsite)
        return std::nullopt;
    const auto group = analysisGroup(row);
    return group ? std::optional<CallsiteId>(CallsiteId { *group }) : std::nullopt;
}

std::optional<uint32_t> DiffResult::baseGroup(const DiffRow& row) const
{
    if (!baseAnalysis || row.group >= m_analysisGroups.size() || m_analysisGroups[row.group] != NoGroup)
        return std::nullopt;
    return m_baseGroups[row.group];
}

std::optional<CallsiteId> DiffResult::baseCallsite(const DiffRow& row) const
{
    const auto group = grouping == Grouping::Callsite ? baseGroup(row) : std::nullopt;
    return group ? std::optional<CallsiteId>(CallsiteId { *group }) : std::nullopt;
}

void DiffResult::rank()
{
    // Rows are large: sort small keys, then move each row once.
    struct SortKey {
        int64_t grown;
        int64_t rise;
        int64_t delta;
        uint32_t group;
        uint32_t index;
    };
    thread_local PodVector<SortKey> sortKeys;
    sortKeys.clear();
    sortKeys.resize(rows.size());
    for (uint32_t i = 0; i < rows.size(); ++i) {
        const DiffRow& r = rows[i];
        sortKeys[i] = { std::max<int64_t>(r.deltaBytes(), 0), r.riseBytes(), r.deltaBytes(), r.group, i };
    }
    const auto before = [](const SortKey& l, const SortKey& r) {
        if (l.grown != r.grown)
            return l.grown > r.grown;
        if (l.rise != r.rise)
            return l.rise > r.rise;
        // Among rows that did not grow and rose alike, the largest fall first: a run compared with
        // the run before its fix listed work's -524 kB above parse's -77.4 MB.
        if (l.delta != r.delta)
            return l.grown > 0 ? l.delta > r.delta : l.delta < r.delta;
        return l.group < r.group; // a total order: the same result every time
    };
    // By callsite, rows by the hundred thousand: split at the median, then each half sorted on a
    // thread of its own (the sort was a fifth of such a diff's time, after every other part of it;
    // a merge of two sorted halves would have needed another copy of the keys at the diff's peak).
    constexpr size_t SortedApartFrom = 16384;
    if (sortKeys.size() >= SortedApartFrom) {
        SortKey* first = sortKeys.begin(); // (sortKeys is this thread's own: not named on the other)
        SortKey* last = sortKeys.end();
        SortKey* middle = first + sortKeys.size() / 2;
        std::nth_element(first, middle, last, before);
        auto earlier = asyncElsewhere([&] { std::sort(first, middle, before); });
        std::sort(middle, last, before);
        earlier.get();
    } else {
        std::sort(sortKeys.begin(), sortKeys.end(), before);
    }
    // Moved in place along the permutation's cycles: a sorted copy would double the rows at the
    // moment the comparison peaks (11 MB for 117 000 callsites).
    for (uint32_t start = 0; start < rows.size(); ++start) {
        if (sortKeys[start].index == start)
            continue;
        const DiffRow held = rows[start];
        uint32_t to = start;
        while (true) {
            const uint32_t from = sortKeys[to].index;
            sortKeys[to].index = to; // placed
            if (from == start) {
                rows[to] = held;
                break;
            }
            rows[to] = rows[from];
            to = from;
        }
    }
}

const Replacement* DiffResult::replacing(const DiffRow& row) const
{
    for (const auto& r : replacements)
        if (r.replacer == row.group)
            return &r;
    return nullptr;
}

const Replacement* DiffResult::replacedBy(const DiffRow& row) const
{
    for (const auto& r : replacements)
        if (r.replaced == row.group)
            return &r;
    return nullptr;
}

} // namespace heapline
