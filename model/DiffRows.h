#pragma once

// The diff's work on single rows, shared by computeDiff, computeDiffBetween and DiffResult (not a
// public interface: only Diff*.cpp include it).

#include "Diff.h"

#include <functional>
#include <optional>
#include <span>
#include <vector>

namespace heapline::diff_detail {

// How a group's state counts in the heap: not at all (a census type), in it but not a row (hidden,
// the suppressed callsites, nothing to say), or as a row.
enum class HeapShare { None, Counted, Row };
// The falls of the heap between samples that a row alone could have made, given to the row that
// makes such falls again and again, by group and time. `stateValues(g, values)`: state g's values
// at the samples, and how it counts.
std::vector<AttributedDip> attributeDips(const Profile& profile, const std::vector<double>& sampleTimes, double timeA,
    double timeB, size_t states,
    const std::function<HeapShare(size_t state, std::vector<int64_t>& values)>& stateValues);
// Group g's dips in `dips` (sorted by group).
std::span<const AttributedDip> dipsOf(std::span<const AttributedDip> dips, uint32_t group);
// massif lists at a detailed snapshot only the entries that stand at its threshold of the
// snapshot's total or above (ProfileInfo::listingThreshold; heap, extra heap and stacks); the rest
// are summed under "below massif's threshold". A callsite that reads 0 at b, having stood under that
// threshold at every checkpoint since it last read more, may hold what it did: as the heap grew, it
// went unlisted (LruCache::put's 112 kB read "spiky, 0 B at B" in a 22 MB heap). Per group (by
// `groupOf`): true where such callsites, and no callsite that went to 0 where it would have been
// listed, made it read 0 at b. Empty where every entry is listed.
std::vector<bool> unlistedAtB(
    const Profile& profile, size_t a, size_t b, size_t groupCount, const std::function<uint32_t(CallsiteId)>& groupOf);
// The samples before a row's last run of zeros (all of them where it does not end at 0).
size_t listedSamples(std::span<const int64_t> values);

// A row's thresholds for the size of its blocks, where it held the more.
GrowthThresholds forBlocksOf(const GrowthThresholds& th, const DiffRow& row);

// The row's class from its first `listed` samples (listedSamples); from all of them where fewer
// than MinListedSamples were listed.
constexpr size_t MinListedSamples = 4;
Growth classifyListed(std::span<const double> times, std::span<const int64_t> values, std::span<const int64_t> highs,
    size_t listed, double unitSeconds, const GrowthThresholds& th);

// Spiky where massif's every snapshot shows batches its detailed snapshots missed (`values`
// empty: the heap itself); nothing otherwise. `dips`: the row's attributed dips. `series`, when
// spiky: the series read, the samples with the dips between them.
std::optional<Growth> spikyAtEverySnapshot(const Profile& profile, const std::vector<double>& sampleTimes,
    std::span<const int64_t> values, double timeA, double timeB, double unitSeconds, const GrowthThresholds& th,
    std::span<const AttributedDip> dips = {}, TimedSeries* series = nullptr);
// Which of the sampled checkpoints took a census (the first always).
std::vector<bool> censusSamples(const Profile& profile, const std::vector<size_t>& sampled);
// A census type's class, read at the samples that took a census.
Growth classifyAtCensus(const std::vector<double>& times, std::span<const int64_t> values,
    std::span<const int64_t> highs, const std::vector<bool>& taken, double unitSeconds, const GrowthThresholds& th);
// The first checkpoint with a census record, 0 when there is none.
size_t firstCensus(const Profile& profile);
// Whether the row is marked leak-like ("!").
// `growth`: the row's, where known: a row that kept one block more, come in one step, took once.
bool markedLeakLike(
    const DiffRow& row, const Profile& profile, const GrowthThresholds& th, const Growth* growth = nullptr);
// Unmarks the rows whose growth is negligible beside the total's.
void unmarkNegligible(std::span<DiffRow> rows, const DiffRow& total, const GrowthThresholds& th);
// Up to `count` checkpoint indices from a to b, evenly spread, both ends included.
std::vector<size_t> sampleCheckpoints(size_t a, size_t b, size_t count);

} // namespace heapline::diff_detail
