#pragma once

#include "Analysis.h"
#include "Growth.h"
#include "PodVector.h"
#include "Replacements.h"
#include "Suppressions.h"

#include <algorithm>
#include <atomic>
#include <memory>
#include <optional>
#include <span>
#include <vector>

namespace heapline {

struct DiffOptions {
    // Each row's series has at most this many points (A and B included) …
    size_t maxSeriesPoints = 64;
    // … and all rows together at most this many, so that 100 000 callsites stay affordable
    // (a profile that size gets about 16 points per callsite).
    size_t seriesBudget = 1'500'000;
    GrowthThresholds thresholds;
    // Callsites left out of the rows (leak suppressions), in the profile and, with two files, in
    // the base; gathered in DiffResult::suppressed instead. The total stays the whole heap.
    std::shared_ptr<const SuppressedCallsites> suppressed;
    std::shared_ptr<const SuppressedCallsites> suppressedBase;
    // Set by whoever asked for the diff when it is no longer wanted (the GUI's B moved on):
    // the diff then stops between checkpoints by throwing DiffCancelled. Null: never.
    std::shared_ptr<const std::atomic<bool>> cancel;
};

// Thrown out of a diff whose DiffOptions::cancel was set.
struct DiffCancelled { };

namespace diff_detail {
// A fall of the heap between two samples (massif's snapshots between detailed ones) taken to be a
// row's: where it stood at most then (DiffRows.cpp, attributeDips).
struct AttributedDip {
    uint32_t group = 0;
    double time = 0;
    int64_t level = 0;
};
} // namespace diff_detail

// A row's levels at instants of their own (not the diff's samples).
struct TimedSeries {
    std::vector<double> times;
    std::vector<int64_t> levels;
};

// A row is kept small (there may be 100 000): its class is stored, its evidence is worked out
// again from its series when asked for (DiffResult::growth).
struct DiffRow {
    uint32_t group = 0; // the group's index in the analysis (the callsite, by callsite)
    GrowthClass cls = GrowthClass::Flat;
    LiveState atA;
    LiveState atB;
    int64_t allocations = 0; // in (A, B]
    int64_t allocatedBytes = 0;
    int64_t frees = 0;
    int64_t temporary = 0; // allocations in (A, B] freed by the very next event
    int64_t highest = 0; // the highest the row stood between A and B, inside intervals included
    // Leak-like, and marked so ("!"): a linear or stepwise class that kept a fair share of what it
    // rose by at B (GrowthThresholds::leakNetOfRise) over more than one allocation, unless the
    // format could not see what rose between checkpoints and the growth is small
    // (GrowthThresholds::unknownHighsLeakShare).
    bool leakLike = false;
    bool census = false; // a census type: counted only where a census was taken
    // massif: unlisted from some detailed snapshot to B while it stood under the listing threshold
    // (ProfileInfo::listingThreshold): its bytes there are unknown, in "below massif's threshold",
    // not 0; its class is read from the snapshots before (listedSamples, DiffRows.h).
    bool underThreshold = false;
    size_t seriesOffset = SIZE_MAX;

    int64_t deltaBytes() const { return atB.bytes - atA.bytes; }
    int64_t deltaBlocks() const { return atB.blocks - atA.blocks; }
    // The most the row rose above its level at A at any time up to B (≥ Δbytes): a batch built
    // and freed in between rose this far, for a while.
    int64_t riseBytes() const { return std::max({ deltaBytes(), highest - atA.bytes, int64_t(0) }); }
};

// About how many sampled allocations a row's growth in (A, B] rests on (for a row that gave back
// what it rose by, its rise), where the profile's heap figures are estimates
// (ProfileInfo::sampleIntervalBytes): a sample of a block smaller than the interval stands for
// about an interval's bytes, one of a larger block for itself (one block). None where the figures
// are exact: a census type's are (the census counts every object, sampled recording or not).
inline std::optional<double> sampledCount(const DiffRow& row, int64_t sampleIntervalBytes)
{
    if (sampleIntervalBytes <= 0 || row.census)
        return std::nullopt;
    const double interval = static_cast<double>(sampleIntervalBytes);
    if (row.deltaBytes() <= 0)
        return static_cast<double>(row.riseBytes()) / interval;
    // Blocks of four intervals or more are sampled all but surely (1 - e^-4), at their own size:
    // such a row's figures are no estimate, and it rests on as many samples as its bytes are
    // intervals. (npgrow.py's one numpy array, copied larger at each np.append to 16 MB over 23
    // steps, read "from about 1 sample: too few to tell a leak".)
    if (row.deltaBlocks() > 0 && row.deltaBytes() / row.deltaBlocks() >= 4 * sampleIntervalBytes)
        return static_cast<double>(row.deltaBytes()) / interval;
    return std::min(
        static_cast<double>(row.deltaBytes()) / interval, static_cast<double>(std::max<int64_t>(row.deltaBlocks(), 0)));
}
// Whether a row's growth rests on too few samples to tell its shape (never where the figures are
// exact): no leak-like mark, and no class budget broken.
inline bool tooFewSamples(const DiffRow& row, int64_t sampleIntervalBytes, const GrowthThresholds& th = {})
{
    const auto samples = sampledCount(row, sampleIntervalBytes);
    return samples && *samples < th.minSamplesForLeak;
}
// Whether a row's class is marked "?", a shape the figures cannot vouch for: too few samples
// (tooFewSamples), or a massif row under its threshold at B (DiffRow::underThreshold).
inline bool shapeUncertain(const DiffRow& row, int64_t sampleIntervalBytes)
{
    return row.underThreshold || tooFewSamples(row, sampleIntervalBytes);
}

// A row that kept next to nothing of what the whole heap did in (A, B] (under the thresholds'
// leakShareOfHeapRise of how far the total rose), in a window where the heap itself kept little
// of its rise (under leakNetOfRise: batches came and went): a stdio buffer kept beside batches
// of megabytes is no suspect, nor a reason to fail a class budget. Where the heap kept what it
// rose by, a leak spread over many small rows is no noise.
inline bool negligibleGrowth(const DiffRow& row, const DiffRow& total, const GrowthThresholds& th = {})
{
    const double rise = static_cast<double>(total.riseBytes());
    return static_cast<double>(total.deltaBytes()) < th.leakNetOfRise * rise
        && static_cast<double>(row.deltaBytes()) < th.leakShareOfHeapRise * rise;
}
// A row of a few blocks, each made once and kept, under leakShareOfHeapRise of how far the whole
// heap rose: two allocations, both kept (obs.c: main's obstack's first chunk and stdout's buffer,
// +8.16 kB "stepwise !" beside intern's 12.9 MB), or, where allocations are not counted
// (snapshots), at most fewKeptBlocks blocks more at B (a type census's float, 5 objects, +120 B
// "stepwise !" beside a 102 MB leak of strings, which broke --fail-on-class stepwise). A leak
// takes again and again; a few blocks are no pattern yet. Where it is what the heap did, it counts.
inline bool fewBlocksKept(const DiffRow& row, const DiffRow& total, const GrowthThresholds& th = {})
{
    const bool few = row.allocations > 0 ? row.allocations <= 2 && row.deltaBlocks() == row.allocations
                                         : row.deltaBlocks() > 0 && row.deltaBlocks() <= th.fewKeptBlocks;
    return few
        && static_cast<double>(row.deltaBytes()) < th.leakShareOfHeapRise * static_cast<double>(total.riseBytes());
}

// What grew between checkpoints A and B, per group. Rows are ranked by Δbytes, largest first;
// rows that did not grow follow, by how far they rose in between (a batch built and freed
// between A and B is what its window is about when nothing else grew), then by how far they fell
// (a run compared with the run before its fix: the largest drop first). Every row carries its
// growth class, and the class never reorders rows: a big grower is never hidden behind a benign
// class, nor a small leak-like one promoted over it.
class DiffResult {
public:
    std::shared_ptr<const Analysis> analysis; // the "after" profile's
    std::shared_ptr<const Analysis> baseAnalysis; // two files: the "before" profile's; else null
    Grouping grouping = Grouping::Callsite;
    size_t a = 0;
    size_t b = 0;
    double timeA = 0;
    double timeB = 0;
    PodVector<DiffRow> rows; // many thousands: huge-page backed, like the model's big arrays
    DiffRow total;
    // Two files: the "after" run's own total from its start to B, whose shape the total's class is
    // (the total's figures are the change from the base run's A); none for one file.
    std::optional<DiffRow> runTotal;
    // The total whose figures go with its class, for the class's hint: a run compared with the one
    // before its fix, 162 MB less, read "spiky: builds batches and frees them" where its own heap
    // had risen by one sample ("too few to tell its shape").
    const DiffRow& shapedTotal() const { return runTotal ? *runTotal : total; }
    std::optional<Growth> native; // the process: RSS grew while the traced heap did not
    std::optional<RetainedMemory> retained; // the process: RSS stayed up after the heap was freed
    std::optional<UntouchedMemory> untouched; // the process: far more allocated than resident at B
    // Rows that grew by replacing blocks another row made (findReplacements): not leak-like.
    std::vector<Replacement> replacements;
    // The row's replacement, as the row that grew or as the row that fell; null when none.
    const Replacement* replacing(const DiffRow& row) const;
    const Replacement* replacedBy(const DiffRow& row) const;
    // What the suppressed callsites held and did (no class); none without suppressions.
    std::optional<DiffRow> suppressed;
    std::vector<double> sampleTimes; // the series' times (checkpoint times from A to B)

    std::string key(const DiffRow& row) const;
    // The row's class with its evidence.
    Growth growth(const DiffRow& row) const;
    // Bytes at each sample (A … B) and the highest reached in the interval ending at each
    // (decoded: they are kept compressed, see m_seriesBytes).
    std::vector<int64_t> series(const DiffRow& row) const;
    // A row found spiky at every snapshot of massif's, between its detailed ones (its checkpoints
    // show no batch): that series, the dips included; nothing otherwise. A sparkline of the
    // checkpoints alone drew a flat line for a row labelled "spiky".
    std::optional<TimedSeries> everySnapshotSeries(const DiffRow& row) const;
    std::vector<int64_t> highs(const DiffRow& row) const;
    // The row's group in `analysis` (the "after" profile): row.group for one file; with two files
    // rows are renumbered into the merged keys, and a row only the "before" run had has none.
    std::optional<uint32_t> analysisGroup(const DiffRow& row) const;
    // By callsite: the row's callsite in `analysis`; none for other groupings and "before"-only rows.
    std::optional<CallsiteId> callsite(const DiffRow& row) const;
    // Two files: a row only the "before" run had, its group in `baseAnalysis`; by callsite, its
    // callsite there.
    std::optional<uint32_t> baseGroup(const DiffRow& row) const;
    std::optional<CallsiteId> baseCallsite(const DiffRow& row) const;

    size_t seriesPoints() const { return m_seriesPoints; }

private:
    friend DiffResult computeDiff(std::shared_ptr<const Analysis>, size_t, size_t, Grouping, const DiffOptions&);
    friend DiffResult computeDiffBetween(std::shared_ptr<const Analysis>, size_t, std::shared_ptr<const Analysis>, size_t,
                                         Grouping, const DiffOptions&);

    // Each row's series from its seriesOffset: m_seriesPoints zigzag varints of the change from
    // the previous sample, then as many of how far the high stood above the sample. Most rows
    // change little between samples: about 2 bytes a point instead of 16 (100 000 callsites'
    // series took 30 MB as arrays).
    PodVector<uint8_t> m_seriesBytes;
    size_t m_seriesPoints = 0;
    void decodeSeries(const DiffRow& row, std::vector<int64_t>* values, std::vector<int64_t>* highs) const;
    // The row's class read at massif's every snapshot, where its "spiky" came from there (its
    // class at the samples, `atSamples`, is another); `series`: that series.
    std::optional<Growth> spikyBetweenSamples(
        const DiffRow& row, std::span<const int64_t> values, const Growth& atSamples, TimedSeries* series) const;
    double m_secondsPerUnit = 0;
    GrowthThresholds m_thresholds;
    // The total's class and evidence where they were read off the heap's timeline rather than
    // the checkpoints (a format that records the heap at more instants than the rows: massif's
    // snapshots between detailed ones).
    std::optional<Growth> m_totalGrowth;
    // Which samples took a type census (empty without one): census rows are classified there.
    std::vector<bool> m_censusSamples;
    // The heap's falls between samples given to a row (massif), by group and time.
    std::vector<diff_detail::AttributedDip> m_attributedDips;
    // The ranking: Δbytes, largest first; rows that did not grow by how far they rose.
    void rank();

    // Two files: the merged rows (row.group indexes here), each with its group in the "after"
    // run or, for a row only the base had, in the base. Keys are made when asked for: a stack's
    // key is long, and 100 000 of them cost hundreds of MB.
    static constexpr uint32_t NoGroup = UINT32_MAX;
    std::vector<uint32_t> m_analysisGroups;
    std::vector<uint32_t> m_baseGroups;
};

DiffResult computeDiff(std::shared_ptr<const Analysis> analysis, size_t a, size_t b, Grouping grouping,
                       const DiffOptions& options = {});

// Checkpoint A of one profile (before) against checkpoint B of another (after): rows matched by
// key, callsites by their symbolized frames (function, file, line), never by address. Each row's
// class and series are its shape in the "after" run, from its start to B; its allocations are
// those of the "after" run up to B less those of the "before" run up to A.
DiffResult computeDiffBetween(std::shared_ptr<const Analysis> before, size_t a, std::shared_ptr<const Analysis> after,
                              size_t b, Grouping grouping, const DiffOptions& options = {});

} // namespace heapline
