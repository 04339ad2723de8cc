#pragma once

#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <span>
#include <string>

namespace heapline {

// The shape of a row's memory between A and B.
enum class GrowthClass {
    Flat, // holds steady
    Linear, // steady accumulation: a leak, an unbounded list or cache
    Stepwise, // a few large jumps, flat between: materialised data, hidden copies
    Spiky, // rises and drops back: batches
    Plateau, // rises, then holds: a bounded cache, warm-up
    Shrinking, // gives memory back
    Native, // the process only: RSS grows while the traced heap does not (stays last: loops end at it)
};

const char* growthClassName(GrowthClass c); // "linear", "stepwise" …
std::optional<GrowthClass> parseGrowthClass(std::string_view name);
inline bool isLeakLike(GrowthClass c) { return c == GrowthClass::Linear || c == GrowthClass::Stepwise; }
const char* growthHint(GrowthClass c); // one line, plain words

// Every threshold of the classifier, in one place. Fractions are of the row's range: the span
// between its lowest value and its highest (the highs inside intervals included).
struct GrowthThresholds {
    // Flat: the range is at most this fraction of the row's highest value.
    double flatRange = 0.02;
    // Spiky: the row ends within spikyNetChange of the range from where it started (it rose and
    // came back down); or it spiked — an interval's high above both its ends, or a fall between
    // checkpoints, by spikeHeight of the range — at least spikesNeeded times while its floor (the
    // lowest value in the first and in the last floorWindow of the window) rose by no more than
    // spikyNetChange of the range: batches, one of which may be alive at A or B.
    double spikyNetChange = 0.5;
    // Not spiky: a row grown by copies, which held at least copiesNetShare of its range at B and
    // whose floor rose by copiesFloorShare of that (see grownByCopies in Growth.cpp).
    double copiesNetShare = 0.4;
    double copiesFloorShare = 0.6;
    // How many blocks the series held where it held the most (forBlocksOf); -1: not known.
    int64_t heldBlocks = -1;
    // Not one that rose once past what it keeps and held it after (one spike, a kept level of at
    // least heldAfterSpikeShare of the range, level over the window's later half): a load through
    // a transient, a plateau.
    double heldAfterSpikeShare = 0.25;
    double spikeHeight = 0.25;
    int spikesNeeded = 2;
    double floorWindow = 0.25;
    // Shrinking: the row ends lower by at least this fraction of the range.
    double shrinkNetChange = 0.1;
    // Plateau: over the last part of the window (this fraction of its time) the row moves less
    // than plateauTailRange of its net growth, and it had done plateauGrowthDone of it before.
    double plateauTail = 0.3;
    double plateauTailRange = 0.1;
    double plateauGrowthDone = 0.9;
    // The samples in that last part must span at least this fraction of it, and climb over what
    // they span at no more than plateauTailPace of the window's mean pace (net growth / window).
    double plateauTailSeen = 0.25;
    double plateauTailPace = 0.5;
    // Nor does a row hold that still climbs at B: in that part it rose in at least tailClimbShare
    // of the intervals in which it moved (tailClimbIntervals of them or more), by at least
    // tailClimbOfNet of its net growth, and its falls there add up to at most tailClimbFall of
    // that climb (what a process frees as it exits) and its noise. A service's 4 MB table built at start, then sessions
    // leaked at 1.6 MB a second, read "plateau: rises, then holds": that climb stayed within a
    // tenth of its growth, and under half the pace the table's step gave the whole window.
    double tailClimbShare = 0.75;
    int tailClimbIntervals = 6;
    double tailClimbOfNet = 0.05;
    double tailClimbFall = 0.25;
    // A sampled heap's figures are estimates (one allocation per sampleIntervalBytes on average,
    // counted as that many bytes): a level L is known to about sqrt(L * interval), and over that
    // last part a plateau may also move by plateauNoiseSigmas of it. A bounded cache of 1 MB
    // sampled every 64 kB moves by 0.3 MB from snapshot to snapshot and is no less bounded.
    // Not the user's to set: the diff takes it from the profile (0: exact figures).
    int64_t sampleIntervalBytes = 0;
    // One sigma of that noise at `level` (0 for exact figures).
    double estimateNoise(int64_t level) const
    {
        return sampleIntervalBytes > 0 && level > 0
            ? std::sqrt(static_cast<double>(level) * static_cast<double>(sampleIntervalBytes))
            : 0.0;
    }
    double plateauNoiseSigmas = 3;
    // A sampled row read "spiky" is read again for what stands out of that noise (a spike, a
    // high, a fall from its highest, a plateau's late move larger than spikeNoiseSigmas of it at
    // the level): where it then holds a plateau, it is one. A cache whose entries turn over is
    // sampled afresh all the time, and the recorder's high of each interval is the most its
    // estimate stood at any moment (a 4.7 MB lru_cache sampled every 512 kB: values 2.6-7.3 MB,
    // highs up to 12.6 MB) - batches to the plain reading.
    double spikeNoiseSigmas = 2.5;
    // A sampled row that turned over (its estimate fell about as often as it rose) is read within
    // that noise too, unless, since it reached its level, its least-squares climb stands this many
    // standard errors out of the noise (each estimate a draw of sqrt(level * interval) about the
    // level). Simulated (heapline-sampled-classes, 400 runs each, 512 KiB): a cache of 16 MB that
    // turns over read "linear" 163 times and now 7, of 64 MB 114 and now 8; beside a leak of a
    // quarter of its size, 190 and now 50, 168 and now 115. (Before, the leak beside it read
    // "linear" hardly more often than the cache alone: the noise, not the leak, made the climb.)
    double turnoverClimbSigmas = 2;
    // A rise in that last part of minStepShare of the net growth and at least climbStepShare of
    // the climb's median step (its rises of minStepShare or more before that part) is a step of
    // the climb: the row has held only since it.
    double climbStepShare = 0.5;
    // ...unless the row doubled in steps, as a buffer that doubles (a vector, a string, a log,
    // a dict) does: at least pauseSteps steps of minStepShare of its net growth, each between
    // doublingRise and doublingRiseAtMost of what it had grown to (a buffer's step is its size so
    // far; one far larger is a rise sampled sparsely), and it has held since the last for no
    // more than pauseFactor times the longest it held between two (such a buffer, filled at a
    // steady pace, holds twice as long after each step as before it): a pause, not a bound.
    int pauseSteps = 4;
    // A step is a spurt: rising intervals in a row, and a spurt within spurtJoinShare of the gap
    // before the one it follows joined to it (two buffers that double together, in two intervals).
    double spurtJoinShare = 0.25;
    double doublingRise = 0.6;
    double doublingRiseAtMost = 1.5;
    double pauseFactor = 2;
    // ...or doubled beside memory that holds: its last doublingBesideSteps steps or more each
    // between doublingStepRatio and doublingStepRatioAtMost times the one before (a vector grows
    // by 2 in libstdc++, by 1.5 elsewhere), carrying doublingBesideShare of its net growth.
    int doublingBesideSteps = 3;
    double doublingStepRatio = 1.4;
    double doublingStepRatioAtMost = 2.6;
    double doublingBesideShare = 0.5;
    // Stepwise: this share of the upward movement comes from at most maxSteps increments (and
    // at most stepsShare of all intervals), each at least minStepShare of the net growth.
    double stepsCover = 0.8;
    int maxSteps = 8;
    double stepsShare = 0.2;
    double minStepShare = 0.05;
    int minIntervalsForSteps = 4;
    // Any other growth is linear: it accumulates; its R² (evidence) says how steadily.
    // Native (process): RSS grows by at least this fraction of its level at A (and nativeMinBytes),
    // while the traced heap, at its highest in (A, B], rose by at most nativeHeapShare of RSS's
    // growth: memory the tracer never saw (mmap, a C extension's own pools, GCC's collector).
    double nativeRssGrowth = 0.1;
    int64_t nativeMinBytes = 1 << 20;
    double nativeHeapShare = 0.25;
    // Or the heap rose by at most nativeHeapShareAfterHigh of RSS's growth and RSS went on to grow
    // by nativeAfterHighShare of it (and nativeMinBytes) past the highest it had reached by the
    // time the heap stood at its highest: a
    // sampled heap's highest is an estimate that noise lifts (a service whose SQLite log grew RSS
    // by 12.5 MB, its Python heap flat at 1-2 MB, sampled at 4.8 MB once), and what grew while the
    // heap held below its highest is no allocator overhead of the heap's blocks.
    double nativeHeapShareAfterHigh = 0.5;
    double nativeAfterHighShare = 0.25;
    // The heap's highest, for the above, is the last time it stood at this share of it or more.
    double nativeNearHighShare = 0.8;
    // Retained (process): RSS grew as above and the traced heap did rise with it (by more than
    // nativeHeapShare of RSS's growth), but was freed again by B (it stands at most
    // retainedHeapShare of RSS's growth above A): the allocator kept the pages. At least
    // nativeMinBytes of RSS's growth must be so explained.
    double retainedHeapShare = 0.5;
    // Untouched (the process): at B the heap holds at least untouchedMinBytes and RSS, which counts
    // only pages written to, stands below untouchedRssShare of it: most of what was allocated was
    // never touched (GNU sort's 1.5 GB buffer beside 219 MB of RSS).
    int64_t untouchedMinBytes = int64_t(64) << 20;
    double untouchedRssShare = 0.5;
    // Teardown (the run's end): the heap's final fall, begun within the last teardownStretch of the
    // run's time, takes it to at most teardownRemains of where it stood before the fall (at least
    // teardownMinBytes) and of the lowest it stood in that stretch (so the free of a last batch is
    // no teardown). Nor is a fall that the run made teardownRepeats times before, each from at
    // least teardownRepeatHeight of where this one began down to teardownRemains of its height:
    // batches built and freed, the last of those falls within the run's last teardownRepeatRecent
    // of its time. B then defaults to the checkpoint before the fall (TimeSpec "auto").
    double teardownRemains = 0.25;
    int teardownRepeats = 2;
    double teardownRepeatHeight = 0.5;
    double teardownRepeatRecent = 0.5;
    double teardownStretch = 0.25;
    // Where the heap rose above where the fall began inside the intervals before it, the lowest
    // it stood is taken over this many checkpoints before the fall too (a recorder's snapshots
    // grow sparse late in a run).
    int teardownFloorCheckpoints = 4;
    int64_t teardownMinBytes = 64 << 10;
    // The heap's class is read without what the libraries' initialisation made in the window where
    // that is this share of the heap's net growth or more, and the heap read as a leak with it.
    double setAsideAtLoadShare = 0.25;
    // Read so, batches stand for the heap's class only where their values climb less steadily
    // than this R² (a worker pool's requests in flight: 0.19; the same pool keeping one string in
    // fifty: 0.84).
    double setAsideBatchesRSquared = 0.5;
    // A leak keeps what it takes: a row whose net growth is under this share of how far it rose
    // (a climb given back but for a little) is not marked leak-like, whatever its shape.
    double leakNetOfRise = 0.25;
    // A row whose net growth is under this share of how far the whole heap rose in (A, B], where
    // the heap kept under leakNetOfRise of that rise, is no suspect of the first screen nor of a
    // class budget (negligibleGrowth, Diff.h): a stdio buffer kept beside batches of megabytes
    // that came and went is not what grew.
    double leakShareOfHeapRise = 0.01;
    // A row of at most this many blocks more at B, in a format that does not count allocations,
    // and under leakShareOfHeapRise of the heap's rise, is no leak-like pattern yet (fewBlocksKept,
    // Diff.h).
    int64_t fewKeptBlocks = 8;
    // Where a format does not record how high rows rose between checkpoints, a leak-like class is
    // not marked as such (no "!") on a net change below this share of the run's peak heap: the
    // residue of batches the snapshots never saw looks like slow growth.
    double unknownHighsLeakShare = 0.05;
    // Where the heap figures are estimates from sampled allocations, a growth that rests on fewer
    // samples than this (sampledCount, Diff.h) is not marked leak-like: a few samples come and go
    // a whole interval at a time, and any row so held looks stepwise. (Python's free lists add to
    // it: a sampled block reused by a long-lived object stays at the line that first made it.)
    double minSamplesForLeak = 6;
    // A whole-window class that one instant decides: a row whose last intervals (finalFallIntervals
    // at most, each a fall) fall by at least finalFallShare of its range, after a climb, keeps the
    // class of the climb.
    double finalFallShare = 0.25;
    int finalFallIntervals = 3;
};


struct GrowthEvidence {
    int64_t net = 0; // last - first
    int64_t range = 0; // highest high - lowest value
    int64_t highest = 0;
    double slope = 0; // bytes per time unit of the profile, least squares
    double slopePerSecond = 0; // when the unit is a time (0 otherwise)
    bool slopeIsPerSecond = false;
    // The slope over the window's last third alone (least squares of the samples there, at least
    // three), where it is per second; NaN otherwise. A climb that speeds up (copies of a growing
    // whole kept, each larger than the last) is due sooner than its mean slope says.
    double lateSlopePerSecond = std::numeric_limits<double>::quiet_NaN();
    double rSquared = 0;
    int steps = 0; // increments that carry stepsCover of the rise
    int stepRuns = 0; // those steps, those in adjacent intervals counted as one
    int64_t largestStep = 0;
    int spikes = 0;
    int64_t floorRise = 0; // lowest value in the window's last part less the lowest in its first part
    double floorRiseAt = 0; // when (time units) the window's last part stood at that lowest
    double dropRatio = 0; // the largest fall from a high, over the range
    // After the row's last sample at its highest value: how far it fell to B, in how many
    // intervals that fell, and the largest of them (a drain falls a little at a time).
    int64_t fallAfterHighest = 0;
    int fallsAfterHighest = 0;
    int64_t largestFallAfterHighest = 0;
    // The share of the row's time (from when it first moved) from that sample to B, and the share of that fall made in
    // the first half of that time (a teardown falls all at once at the end, or most of it there).
    double afterHighestShare = 0;
    double fallInFirstHalfShare = 0;
    double growthDoneAt = 0; // fraction of the window by which plateauGrowthDone was reached
    // Not a plateau for this: held since its last step (time units) no longer than pauseFactor
    // times the longest gap between two steps before. 0 when it did not decide the class.
    double pauseSinceStep = 0;
    double longestStepGap = 0;
    int64_t rssGrowth = 0; // native only
    int64_t heapGrowth = 0; // native only
    int64_t rssMinusHeapGrowth = 0; // native only: the gap that opened between RSS and the heap
    int64_t rssAfterHeapHigh = -1; // native only: RSS's growth past its highest until the heap's (-1: not known)
    // The fall in the window's last interval when it alone would have made the class (a
    // teardown, a final free); the class is then the shape before it. 0 otherwise.
    int64_t finalFall = 0;
    // The heap's class only: what the libraries' initialisation made in the window
    // (Analysis::madeWhileLoading), left out of the series the class was read from, where the
    // heap with it read as a leak and without it as batches or a level held. 0 otherwise.
    int64_t setAsideAtLoad = 0;
    bool highsRecorded = true; // false: the format knows only the checkpoints, not what rose in between
    // The window holds no time: its checkpoints all stand at one instant (a recording that ended
    // before its first timestamp, its process replaced by exec). A shape over time cannot be read:
    // a row that rose and held is told "plateau", never leak-like, and no rate or low is told.
    bool timeless = false;
    // Its lows between samples were estimated from where the other rows stood (massif: a fall of
    // the heap between detailed snapshots given to this row, DiffRows.cpp): they say that it fell
    // back, not where to, and the floor's rise says nothing of what stayed.
    bool lowsEstimated = false;
    // massif: from this time to B the row was not listed, under the file's threshold (DiffRow::
    // underThreshold); the class is read from the samples before. NaN otherwise.
    double unlistedFrom = std::numeric_limits<double>::quiet_NaN();
    bool classFromListed = false; // enough of them (4) to read the class from
};

struct Growth {
    GrowthClass cls = GrowthClass::Flat;
    GrowthEvidence evidence;
};

// A row's series: its bytes at each time, and the highest it reached in the interval ending at
// each (≥ the value; equal where unknown). `secondsPerUnit`: how many seconds one time unit is
// (0.001 for ms), 0 when time is counted in instructions or bytes.
// The thresholds for one series of a sampled heap whose blocks are `bytes / blocks` on average.
// The noise above, sqrt(L * interval), is that of blocks far smaller than the interval; a block
// of size S is sampled with probability p = 1 - exp(-S / interval) and counted as S / p, so its
// variance is S^2 (1 - p) / p, and a row of large blocks is known far better: one string built by
// += to 4.4 MB, sampled every 512 kB, is known to the byte, and with a noise of 4.4 MB its climb
// read "plateau: a bounded cache". Unchanged for exact figures or where the blocks are unknown.
// Also keeps the count of blocks (GrowthThresholds::heldBlocks).
GrowthThresholds forBlocksOf(const GrowthThresholds& th, int64_t bytes, int64_t blocks);

Growth classifyGrowth(std::span<const double> times, std::span<const int64_t> values, std::span<const int64_t> highs,
                      double secondsPerUnit, const GrowthThresholds& thresholds = {});

// The process as a whole: native when RSS grows while the traced heap, at its highest in (A, B]
// (`heapHigh`), does not; nothing otherwise. `rssUntilHeapHigh`: the highest RSS stood until the
// heap stood at its highest, where known: RSS that went on growing past it is memory the tracer
// never saw.
std::optional<Growth> classifyNative(int64_t heapA, int64_t heapHigh, int64_t rssA, int64_t rssB,
    const GrowthThresholds& thresholds = {}, std::optional<int64_t> rssUntilHeapHigh = {});

// RSS that stayed up after the heap that took it was freed: the allocator retains the pages.
struct RetainedMemory {
    int64_t rssGrowth = 0;
    int64_t heapRise = 0; // the heap's highest in (A, B] less its level at A
    int64_t heapGrowth = 0; // at B less at A
    int64_t retainedBytes = 0; // the part of RSS's growth the freed heap explains
    // Python's recorder: CPython's own allocator holds most of it, which malloc_trim cannot return
    // (indexer.py: an index dropped before exit read "malloc_trim or a different allocator").
    bool byCPython = false;
};
std::optional<RetainedMemory> findRetained(int64_t heapA, int64_t heapHigh, int64_t heapB, int64_t rssA, int64_t rssB,
                                           const GrowthThresholds& thresholds = {});

// The heap allocated far beyond what the process ever wrote to: address space, not memory.
struct UntouchedMemory {
    int64_t heapBytes = 0; // the heap at B
    int64_t rssBytes = 0; // RSS at B
};
std::optional<UntouchedMemory> findUntouched(int64_t heapB, int64_t rssB, const GrowthThresholds& thresholds = {});

} // namespace heapline
