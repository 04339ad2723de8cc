#include "GrowthShape.h"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <vector>

namespace heapline::shape {

namespace {

struct DoublingSteps {
    int steps = 0; // 0: none
    double lastStep = 0, longestGap = 0;
};

// A buffer that doubles beside memory that holds (a request handler's history vector beside the
// cache it filled at start-up) doubles its own size, not the row's: its steps are small against
// what the row had grown to, but each is about twice the one before. The row's last steps, where
// at least doublingBesideSteps of them rise so, carrying doublingBesideShare of its growth.
// `noise`: a sampled estimate's (see the plateau's tail); a smaller rise is no step.
DoublingSteps doublingBesideHeld(std::span<const Sample> samples, double net, double noise, const GrowthThresholds& th)
{
    thread_local std::vector<size_t> at;
    at.clear();
    for (size_t i = 1; i < samples.size(); ++i)
        if (static_cast<double>(samples[i].level - samples[i - 1].level) >= std::max(th.minStepShare * net, noise))
            at.push_back(i);
    const auto rise = [&](size_t k) { return static_cast<double>(samples[at[k]].level - samples[at[k] - 1].level); };
    if (at.size() < static_cast<size_t>(th.doublingBesideSteps))
        return {};
    size_t first = at.size() - 1;
    double carried = rise(first);
    while (first > 0 && rise(first) >= th.doublingStepRatio * rise(first - 1)
        && rise(first) <= th.doublingStepRatioAtMost * rise(first - 1)) {
        --first;
        carried += rise(first);
    }
    const size_t steps = at.size() - first;
    if (steps < static_cast<size_t>(th.doublingBesideSteps) || carried < th.doublingBesideShare * net)
        return {};
    DoublingSteps found;
    found.steps = static_cast<int>(steps);
    found.lastStep = samples[at.back()].time;
    for (size_t k = first + 1; k < at.size(); ++k)
        found.longestGap = std::max(found.longestGap, samples[at[k]].time - samples[at[k - 1]].time);
    return found;
}

struct Spurt {
    double start = 0, end = 0; // the ends of its first and last rising intervals (time units)
    double rise = 0;
    int64_t grownBefore = 0; // what the row had grown to above A before it
};

// The row's spurts of growth of minStepShare of its net growth or more: rising intervals in a
// row, taken together, and a spurt that came soon after the one before (within spurtJoinShare
// of the gap before that one) joined to it. A doubling seen through checkpoints is not one rise:
// a pool's chunk and the vector that indexes it both double within a few milliseconds, in two
// intervals (std::pmr: 1.16 -> 1.9 -> 2.23 MB, then 2.23 -> 3.71 -> 4.36 MB), and each part
// alone is too small against what the row had grown to.
const std::vector<Spurt>& growthSpurts(std::span<const Sample> samples, double net, const GrowthThresholds& th)
{
    thread_local std::vector<Spurt> spurts;
    spurts.clear();
    Spurt open;
    bool rising = false;
    const auto close = [&] {
        if (rising && open.rise >= th.minStepShare * net) {
            const size_t k = spurts.size();
            if (k >= 2
                && open.start - spurts[k - 1].end < th.spurtJoinShare * (spurts[k - 1].end - spurts[k - 2].end)) {
                spurts[k - 1].rise += open.rise;
                spurts[k - 1].end = open.end;
            } else {
                spurts.push_back(open);
            }
        }
        rising = false;
    };
    for (size_t i = 1; i < samples.size(); ++i) {
        const int64_t rise = samples[i].level - samples[i - 1].level;
        if (rise <= 0) {
            close();
            continue;
        }
        if (!rising)
            open = Spurt { samples[i].time, samples[i].time, 0, samples[i - 1].level - samples.front().value };
        rising = true;
        open.rise += static_cast<double>(rise);
        open.end = samples[i].time;
    }
    close();
    return spurts;
}

// Whether the row still climbs at B through the window's last part, from the sample before it:
// it rose in most of that part's intervals, fell there by little against its climb and `noise` (a
// sampled estimate's; 0 where exact), and rose there by a share of its net growth
// (GrowthThresholds::tailClimbShare and the three after it). A bounded cache churning at its
// bound rises and falls; a slow leak beside a first large step only rises.
bool steadyClimbInTail(
    std::span<const Sample> samples, double tailStart, double net, double noise, const GrowthThresholds& th)
{
    size_t from = 0;
    while (from + 1 < samples.size() && samples[from + 1].time < tailStart)
        ++from;
    // Of the intervals in which it moved: a service that leaks in bursts between idle spells
    // (a round of requests, then a sleep) stands still in every other interval, and climbs.
    int intervals = 0, rises = 0;
    double fell = 0;
    for (size_t i = from + 1; i < samples.size(); ++i) {
        const int64_t change = samples[i].level - samples[i - 1].level;
        fell += static_cast<double>(std::max<int64_t>(0, -change));
        intervals += change != 0;
        rises += change > 0;
    }
    const double climbed = static_cast<double>(samples.back().level - samples[from].level);
    return intervals >= th.tailClimbIntervals && rises >= th.tailClimbShare * intervals
        && climbed >= th.tailClimbOfNet * net && climbed > noise && fell <= noise + th.tailClimbFall * climbed;
}

} // namespace

// Whether a row that grew held its level through the window's last part (GrowthThresholds::
// plateauTail and the thresholds after it): a plateau, unless it grew by doublings and has paused
// since the last for no longer than it took between two (then `ev` gets that pause and gap, and
// the row is read on). `highest`: the most it stood at, inside intervals included;
// `noiseAtHighest`: a sampled estimate's noise there, where the row is read within noise.
bool readsAsPlateau(std::span<const Sample> samples, int64_t highest, double noiseAtHighest, const GrowthThresholds& th,
    GrowthEvidence& ev)
{
    const size_t n = samples.size();
    const double t0 = samples.front().time, t1 = samples.back().time;
    const double window = t1 - t0;
    const double net = static_cast<double>(ev.net);
    const double tailStart = t1 - th.plateauTail * window;
    int64_t tailLow = INT64_MAX, tailHigh = INT64_MIN;
    int64_t atTailStart = samples.back().value;
    double firstInTail = t1;
    // A climb's typical step: the median of its rises of minStepShare or more before that part.
    thread_local std::vector<int64_t> climbSteps;
    climbSteps.clear();
    for (size_t i = 1; i < n && samples[i].time < tailStart; ++i) {
        const int64_t rise = samples[i].level - samples[i - 1].level;
        if (static_cast<double>(rise) >= th.minStepShare * net)
            climbSteps.push_back(rise);
    }
    int64_t climbStep = INT64_MAX;
    if (!climbSteps.empty()) {
        const auto middle = climbSteps.begin() + static_cast<std::ptrdiff_t>(climbSteps.size() / 2);
        std::nth_element(climbSteps.begin(), middle, climbSteps.end());
        climbStep = *middle;
    }
    // How far a level may move and still be held: a tenth of the growth, or a sampled
    // estimate's noise where that is more (of the highest level the row reached); a rise in
    // the last part smaller than that noise is no step. What it had grown by before that part
    // stays exact: a leak's estimate only gains samples, and its climb is smoother than the
    // noise of a level that turns over (a fresh asyncio service's leaked tasks, 10.5 -> 12.1
    // MB over its last second, sampled at 512 kB whose noise there is 2.5 MB, stays linear).
    // Simulated (heapline-sampled-classes: Poisson samples of a plateau that turns over and of
    // a leak's steady climb, 400 runs each): sampled every 64 kB, a 4 MB plateau read
    // "linear" 314 times and now 150, a 16 MB one 232 and now 63; a climb of 4 or 16 MB is
    // linear every time, as before.
    const double noise = th.plateauNoiseSigmas * th.estimateNoise(highest);
    const double level = std::max(th.plateauTailRange * net, noise);
    const Sample* beforeTail = nullptr;
    const Sample* lastStepInTail = nullptr;
    size_t tailCount = 0;
    // The batches' highs in that part (intervals whose high stands above both their ends):
    // batches that ride on a level held stand as high each time; on a floor that still
    // climbs, each stands higher than the one before, however level the snapshots between
    // them read (a script that keeps 200 of every 4 000 dicts it builds, snapshots every
    // fourth batch: its values in that part 4.9, 4.4, 5.5, 4.4 MB, its highs 5.6 to 6.6 MB).
    int64_t firstBatchHigh = INT64_MIN, lastBatchHigh = INT64_MIN;
    // What the row churns by at its level: the second largest fall of its values in that
    // part (values, not levels: a level cuts a lone high, and with it the churn of a row
    // that stands high more often than not). A bounded cache's entries made per request,
    // beside that request's scratch buffer, stand at 150 or 171 kB as a checkpoint finds the
    // buffer freed or alive, again and again: a move within that is no growth, and a rise no
    // larger is no step. (One fall is no churn: a copy that freed its old buffer once.)
    int64_t churn = 0, largestFall = 0;
    for (size_t i = 1; i < n; ++i) {
        const int64_t fall = samples[i - 1].value - samples[i].value;
        if (samples[i].time < tailStart || fall <= churn)
            continue;
        churn = std::min(fall, largestFall);
        largestFall = std::max(fall, largestFall);
    }
    const double held = level + static_cast<double>(churn); // how far it may move and hold
    // A batch that rode on the level for a few snapshots and came back to it (sqlite3's CLI:
    // its page cache full at 2.14 MB for half the run, then an index built through a 2 MB
    // sort for three snapshots: "linear, keeps every item it is given"): a run of samples in
    // that part above the level on both its sides, fewer than half the part's, is left out of
    // the part's moves and steps. (A lone sample so is cut by its level already.)
    thread_local std::vector<char> excursion;
    excursion.assign(n, 0);
    {
        size_t inTail = 0;
        for (size_t i = 0; i < n; ++i)
            inTail += samples[i].time >= tailStart;
        for (size_t i = 1; i < n; ++i) {
            if (samples[i].time < tailStart)
                continue;
            const double base = static_cast<double>(samples[i - 1].level);
            const auto above = [&](size_t k) { return static_cast<double>(samples[k].level) - base > held; };
            size_t j = i;
            while (j < n && above(j))
                ++j;
            if (j > i && j < n && std::fabs(static_cast<double>(samples[j].level) - base) <= held
                && 2 * (j - i) < inTail)
                std::fill(excursion.begin() + static_cast<std::ptrdiff_t>(i),
                    excursion.begin() + static_cast<std::ptrdiff_t>(j), 1);
            i = std::max(i, j);
        }
    }
    for (size_t i = 0; i < n; ++i) {
        const auto& s = samples[i];
        if (s.time < tailStart) {
            beforeTail = &s;
            continue;
        }
        if (excursion[i])
            continue;
        if (tailCount++ == 0) {
            atTailStart = s.level;
            firstInTail = s.time;
        }
        tailLow = std::min(tailLow, s.level);
        tailHigh = std::max(tailHigh, s.level);
        if (i > 0 && static_cast<double>(s.high - std::max(samples[i - 1].value, s.value)) > level) {
            if (firstBatchHigh == INT64_MIN)
                firstBatchHigh = s.high;
            lastBatchHigh = s.high;
        }
        // After a batch left out, from the level it rode on.
        size_t previous = i > 0 ? i - 1 : 0;
        while (previous > 0 && excursion[previous])
            --previous;
        const int64_t rise = i > 0 ? s.level - samples[previous].level : 0;
        if (static_cast<double>(rise) >= std::max(th.minStepShare * net, noise)
            && static_cast<double>(rise) >= th.climbStepShare * static_cast<double>(climbStep) && rise > churn)
            lastStepInTail = &s;
    }
    // Held for as long as it was seen: from the last sample before that part when it stood
    // level with it already, else from the first in it. Two samples close together at the
    // end, after a gap in which it may have climbed throughout, are no evidence of a plateau.
    // Nor is a step of the climb taken in that part: a row that grows by 14 rounds of 7% each,
    // the last rounds slower, has a whole round in it and still moves "less than a tenth"; it
    // held from that step on, not before. (A rise far smaller than the climb's steps is the
    // jitter of a level: a census's floats, a repository's pages.)
    const bool heldBefore = beforeTail && tailCount > 0 && !lastStepInTail
        && static_cast<double>(tailHigh - beforeTail->level) <= held
        && static_cast<double>(beforeTail->level - tailLow) <= held;
    const double heldSince = heldBefore ? beforeTail->time : lastStepInTail ? lastStepInTail->time : firstInTail;
    const bool tailSeen = t1 - heldSince >= th.plateauTailSeen * th.plateauTail * window;
    // Nor is a part that climbed at the pace of the whole window: a steady climb sampled twice
    // at its end (the last snapshot of a program that died of MemoryError, 0.15 s after the
    // one before) moves less than a tenth of its growth there, and holds nothing.
    const int64_t atHeldSince = heldBefore ? beforeTail->level : lastStepInTail ? lastStepInTail->level : atTailStart;
    const bool climbing = t1 > heldSince
        && (static_cast<double>(samples.back().value - atHeldSince) - noiseAtHighest) / (t1 - heldSince)
            > th.plateauTailPace * net / window;
    const bool batchesClimbing
        = firstBatchHigh != INT64_MIN && static_cast<double>(lastBatchHigh - firstBatchHigh) > level;
    if ((tailCount >= 2 || heldBefore) && tailSeen && !climbing && !batchesClimbing
        && !steadyClimbInTail(samples, tailStart, net, noise, th) && static_cast<double>(tailHigh - tailLow) <= held
        && static_cast<double>(atTailStart - samples.front().value) >= th.plateauGrowthDone * net - noiseAtHighest) {
        // Doublings: steps that each about doubled what the row had grown to; when each came
        // (the end of its interval), and the longest gap between two. A row that grows by
        // equal steps (threads, widgets, a cache filling up) or churns at its bound is told
        // apart: its steps are small against its size.
        int steps = 0;
        bool doubling = true;
        double lastStep = 0, longestGap = 0;
        for (const Spurt& spurt : growthSpurts(samples, net, th)) {
            const double grown = static_cast<double>(spurt.grownBefore);
            doubling = steps == 0 // the first step: from wherever the row stood at A
                || (spurt.rise >= th.doublingRise * grown && spurt.rise <= th.doublingRiseAtMost * grown);
            if (!doubling)
                break;
            if (steps++ > 0)
                longestGap = std::max(longestGap, spurt.end - lastStep);
            lastStep = spurt.end;
        }
        doubling = doubling && steps >= th.pauseSteps;
        if (!doubling) {
            const DoublingSteps beside = doublingBesideHeld(samples, net, noise, th);
            doubling = beside.steps > 0;
            lastStep = beside.lastStep;
            longestGap = beside.longestGap;
        }
        const double pause = t1 - lastStep;
        if (!doubling || pause > th.pauseFactor * longestGap)
            return true;
        ev.pauseSinceStep = pause;
        ev.longestStepGap = longestGap;
    }
    return false;
}

} // namespace heapline::shape
