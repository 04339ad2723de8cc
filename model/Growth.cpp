#include "Growth.h"

#include <algorithm>
#include <cmath>
#include <vector>

namespace heapline {

const char* growthClassName(GrowthClass c)
{
    switch (c) {
    case GrowthClass::Flat:
        return "flat";
    case GrowthClass::Linear:
        return "linear";
    case GrowthClass::Stepwise:
        return "stepwise";
    case GrowthClass::Spiky:
        return "spiky";
    case GrowthClass::Plateau:
        return "plateau";
    case GrowthClass::Shrinking:
        return "shrinking";
    case GrowthClass::Native:
        return "native";
    }
    return "flat";
}

std::optional<GrowthClass> parseGrowthClass(std::string_view name)
{
    for (auto c : { GrowthClass::Flat, GrowthClass::Linear, GrowthClass::Stepwise, GrowthClass::Spiky,
                    GrowthClass::Plateau, GrowthClass::Shrinking, GrowthClass::Native })
        if (name == growthClassName(c))
            return c;
    return std::nullopt;
}

const char* growthHint(GrowthClass c)
{
    switch (c) {
    case GrowthClass::Flat:
        return "Holds steady here: nothing to do.";
    case GrowthClass::Linear:
        return "Keeps every item it is given: bound the list or cache, or drop items once they are handled.";
    case GrowthClass::Stepwise:
        return "Grows in a few large jumps: each copies or materialises a big object; stream it, share one copy, or free the old one.";
    case GrowthClass::Spiky:
        return "Builds batches and frees them: clear or reuse the batch, or process it in smaller chunks to lower the peak.";
    case GrowthClass::Plateau:
        return "Rises, then holds: a bounded cache or warm-up; check that the bound is the size you want.";
    case GrowthClass::Shrinking:
        return "Gives memory back in this window.";
    case GrowthClass::Native:
        return "RSS grows while the traced heap does not: look at native allocations (C extensions, mmap, fragmentation) the profiler does not see.";
    }
    return "";
}

namespace {

struct Sample {
    double time;
    int64_t value;
    int64_t high;
    int64_t level; // the value, a sample that stands above both its neighbours cut to the higher
};

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

// `withinNoise`: a sampled row read for what stands out of its estimates' noise (see
// classifyGrowth): an interval's high less that noise, and a fall between snapshots, a fall from
// the highest snapshot or a plateau's late move only where it is larger than the noise.
Growth classifyShape(std::span<const double> times, std::span<const int64_t> values, std::span<const int64_t> highs,
    double secondsPerUnit, const GrowthThresholds& th, bool withinNoise = false)
{
    Growth growth;
    auto& ev = growth.evidence;
    const size_t n = std::min({ times.size(), values.size(), highs.size() });
    if (n == 0)
        return growth;
    // How far a sampled estimate of `level` bytes moves by chance (0 where figures are exact or
    // not read within noise).
    const auto noiseAt = [&](int64_t level) {
        return withinNoise && th.sampleIntervalBytes > 0 && level > 0
            ? th.spikeNoiseSigmas * std::sqrt(static_cast<double>(level) * static_cast<double>(th.sampleIntervalBytes))
            : 0.0;
    };
    // Rows are classified by the hundred thousand: no allocation per row.
    thread_local std::vector<Sample> samples;
    thread_local std::vector<int64_t> rises;
    samples.resize(n);
    for (size_t i = 0; i < n; ++i) {
        const int64_t high = highs[i] - static_cast<int64_t>(noiseAt(highs[i]));
        samples[i] = { times[i], values[i], std::max(high, values[i]), values[i] };
    }
    // A batch caught alive by one sample and gone by the next is a spike, not a step nor a
    // change of level: steps and plateaus are read from the levels (a start-up allocation under
    // a request's scratch buffer, seen alive now and then, is a hold, not six steps).
    for (size_t i = 1; i + 1 < n; ++i)
        samples[i].level = std::min(values[i], std::max(values[i - 1], values[i + 1]));

    int64_t lowest = samples[0].value;
    int64_t highest = samples[0].value;
    int64_t highestValue = samples[0].value; // at a snapshot
    for (const auto& s : samples) {
        lowest = std::min(lowest, s.value);
        highestValue = std::max(highestValue, s.value);
        highest = std::max({ highest, s.value, s.high });
    }
    ev.net = samples.back().value - samples.front().value;
    ev.range = highest - lowest;
    ev.highest = highest;
    const double range = static_cast<double>(ev.range);

    // Least squares of value over time: over the window, and over its last third.
    const auto fit = [](std::span<const Sample> part, double& slope, double& rSquared) {
        const size_t count = part.size();
        double st = 0, sv = 0;
        for (const auto& s : part) {
            st += s.time;
            sv += static_cast<double>(s.value);
        }
        const double mt = st / static_cast<double>(count), mv = sv / static_cast<double>(count);
        double stt = 0, stv = 0, svv = 0;
        for (const auto& s : part) {
            const double dt = s.time - mt, dv = static_cast<double>(s.value) - mv;
            stt += dt * dt;
            stv += dt * dv;
            svv += dv * dv;
        }
        if (stt <= 0)
            return false;
        slope = stv / stt;
        rSquared = svv > 0 ? (stv * stv) / (stt * svv) : 1.0;
        return true;
    };
    if (n >= 2) {
        fit(std::span<const Sample>(samples.data(), n), ev.slope, ev.rSquared);
        if (secondsPerUnit > 0) {
            ev.slopePerSecond = ev.slope / secondsPerUnit;
            ev.slopeIsPerSecond = true;
            const double lateFrom = samples.front().time + 2.0 / 3.0 * (samples.back().time - samples.front().time);
            size_t first = n;
            while (first > 0 && samples[first - 1].time >= lateFrom)
                --first;
            double lateSlope = 0, lateR2 = 0;
            if (n - first >= 3 && fit(std::span<const Sample>(samples.data() + first, n - first), lateSlope, lateR2))
                ev.lateSlopePerSecond = lateSlope / secondsPerUnit;
        }
    }

    // Spikes: an interval whose high stands above both its ends, or a fall between checkpoints.
    int64_t runningHigh = samples[0].value;
    int64_t deepestFall = 0;
    for (size_t i = 1; i < n; ++i) {
        const auto& s = samples[i];
        const int64_t ends = std::max(samples[i - 1].value, s.value);
        if (static_cast<double>(s.high - ends) >= th.spikeHeight * range
            || static_cast<double>(samples[i - 1].value - s.value)
                >= std::max(th.spikeHeight * range, noiseAt(samples[i - 1].value)))
            ++ev.spikes;
        runningHigh = std::max({ runningHigh, s.high, samples[i - 1].value });
        deepestFall = std::max(deepestFall, runningHigh - s.value);
    }
    ev.dropRatio = range > 0 ? static_cast<double>(deepestFall) / range : 0;
    {
        size_t top = 0;
        for (size_t i = 0; i < n; ++i)
            if (samples[i].value == highestValue)
                top = i;
        ev.fallAfterHighest = highestValue - samples.back().value;
        // Of the time since the row first moved: a row made late in the window (a service's
        // sessions loaded after its start-up) is judged by its own life.
        size_t moved = 1;
        while (moved + 1 < n && samples[moved].value == samples.front().value)
            ++moved;
        const double span = samples.back().time - samples[std::min(moved, top)].time;
        const double after = samples.back().time - samples[top].time;
        ev.afterHighestShare = span > 0 ? after / span : 0;
        if (ev.fallAfterHighest > 0 && after > 0) {
            const double middle = samples[top].time + after / 2;
            int64_t lowestByMiddle = highestValue;
            for (size_t i = top; i < n && samples[i].time <= middle; ++i)
                lowestByMiddle = std::min(lowestByMiddle, samples[i].value);
            ev.fallInFirstHalfShare
                = static_cast<double>(highestValue - lowestByMiddle) / static_cast<double>(ev.fallAfterHighest);
        }
        for (size_t i = top + 1; i < n; ++i) {
            const int64_t fall = samples[i - 1].value - samples[i].value;
            if (fall > 0) {
                ++ev.fallsAfterHighest;
                ev.largestFallAfterHighest = std::max(ev.largestFallAfterHighest, fall);
            }
        }
    }

    // Steps: how few increments carry most of the rise.
    rises.clear();
    int64_t totalRise = 0;
    for (size_t i = 1; i < n; ++i) {
        const int64_t d = samples[i].level - samples[i - 1].level;
        if (d > 0) {
            rises.push_back(d);
            totalRise += d;
        }
    }
    std::sort(rises.begin(), rises.end(), std::greater<>());
    int64_t covered = 0;
    for (int64_t r : rises) {
        if (static_cast<double>(covered) >= th.stepsCover * static_cast<double>(totalRise))
            break;
        covered += r;
        ++ev.steps;
    }
    ev.largestStep = rises.empty() ? 0 : rises.front();

    // When the growth was done (for plateaus).
    const double t0 = samples.front().time, t1 = samples.back().time;
    const double window = t1 - t0;
    if (ev.net > 0 && window > 0) {
        for (const auto& s : samples) {
            if (static_cast<double>(s.level - samples.front().value)
                >= th.plateauGrowthDone * static_cast<double>(ev.net)) {
                ev.growthDoneAt = (s.time - t0) / window;
                break;
            }
        }
    }

    // The floor: what stays when the batches are gone.
    if (window > 0) {
        int64_t firstFloor = INT64_MAX, lastFloor = INT64_MAX;
        for (const auto& s : samples) {
            if (s.time <= t0 + th.floorWindow * window)
                firstFloor = std::min(firstFloor, s.value);
            if (s.time >= t1 - th.floorWindow * window && s.value < lastFloor) {
                lastFloor = s.value;
                ev.floorRiseAt = s.time;
            }
        }
        ev.floorRise = lastFloor - firstFloor;
    } else {
        ev.floorRise = ev.net;
        ev.floorRiseAt = samples.back().time;
    }

    // The decision, in order.
    if (range <= th.flatRange * static_cast<double>(std::max<int64_t>(highest, 1))) {
        growth.cls = GrowthClass::Flat;
        return growth;
    }
    // Within noise, a row came back down only from a high (less its noise) above its ends, or from
    // a snapshot above them by more than noise.
    const int64_t ends = std::max(samples.front().value, samples.back().value);
    // Nor did a row that rose once past what it keeps, fell back to it and then held it: a dataset
    // loaded through a transient twice its size (a JSON text and its parse, 158 MB, then 68 MB
    // kept for the rest of the run) is no batch. One spike, a kept level of heldAfterSpikeShare of
    // the range or more, level within plateauTailRange of it over the window's later half.
    const bool heldAfterSpike = [&] {
        if (ev.spikes > 1 || static_cast<double>(ev.net) < th.heldAfterSpikeShare * range || window <= 0)
            return false;
        size_t held = 0;
        for (const auto& s : samples) {
            if (s.time < t0 + 0.5 * window)
                continue;
            if (static_cast<double>(std::llabs(s.value - samples.back().value))
                > std::max(th.plateauTailRange * static_cast<double>(ev.net), noiseAt(s.value)))
                return false;
            ++held;
        }
        return held >= 3;
    }();
    // Nor did a block grown by copies (np.append, str += where the string is not resized in place,
    // a vector's reallocation): at each copy it holds the old and the new at once, so its highs
    // reach twice what it keeps and its net hovers at half its range (npgrow.py: 16.0 MB kept of
    // 31.4; a log built by += to 4.44 MB, highs 9.09 MB, read "spiky: builds batches"). Its floor
    // climbs by what it kept, and no high stands above about twice the most it held.
    const bool grownByCopies = [&] {
        if (static_cast<double>(ev.net) < th.copiesNetShare * range
            || static_cast<double>(ev.floorRise) < th.copiesFloorShare * static_cast<double>(ev.net))
            return false;
        // One block or two, copied larger (batches of many blocks on a floor that climbs may
        // stand as high: release_batches.cpp), and twice what it holds at its most, with the
        // little else made beside each copy (the text appended, a frame's locals).
        return th.heldBlocks > 0 && th.heldBlocks <= 2 && highest <= 2 * highestValue + highestValue / 8;
    }();
    const bool cameDown = !grownByCopies && std::fabs(static_cast<double>(ev.net)) <= th.spikyNetChange * range
        && !heldAfterSpike
        && (highest > highestValue || static_cast<double>(highestValue - ends) >= noiseAt(highestValue));
    if (cameDown
        || (!grownByCopies && ev.spikes >= th.spikesNeeded
            && static_cast<double>(ev.floorRise) <= th.spikyNetChange * range)) {
        growth.cls = GrowthClass::Spiky;
        return growth;
    }
    if (ev.net < 0) {
        growth.cls = GrowthClass::Shrinking;
        return growth;
    }
    const double net = static_cast<double>(ev.net);
    if (n >= 4 && window > 0) {
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
        const double noise = th.sampleIntervalBytes > 0 && highest > 0 ? th.plateauNoiseSigmas
                * std::sqrt(static_cast<double>(highest) * static_cast<double>(th.sampleIntervalBytes))
                                                                       : 0.0;
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
        const int64_t atHeldSince = heldBefore ? beforeTail->level
            : lastStepInTail                   ? lastStepInTail->level
                                               : atTailStart;
        const bool climbing = t1 > heldSince
            && (static_cast<double>(samples.back().value - atHeldSince) - noiseAt(highest)) / (t1 - heldSince)
                > th.plateauTailPace * net / window;
        const bool batchesClimbing
            = firstBatchHigh != INT64_MIN && static_cast<double>(lastBatchHigh - firstBatchHigh) > level;
        if ((tailCount >= 2 || heldBefore) && tailSeen && !climbing && !batchesClimbing
            && !steadyClimbInTail(samples, tailStart, net, noise, th) && static_cast<double>(tailHigh - tailLow) <= held
            && static_cast<double>(atTailStart - samples.front().value)
                >= th.plateauGrowthDone * net - noiseAt(highest)) {
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
            if (!doubling || pause > th.pauseFactor * longestGap) {
                growth.cls = GrowthClass::Plateau;
                return growth;
            }
            ev.pauseSinceStep = pause;
            ev.longestStepGap = longestGap;
        }
    }
    const int intervals = static_cast<int>(n) - 1;
    const int allowedSteps = std::min(th.maxSteps, std::max(1, static_cast<int>(th.stepsShare * intervals)));
    bool bigSteps = ev.steps > 0;
    for (int i = 0; i < ev.steps && i < static_cast<int>(rises.size()); ++i)
        bigSteps = bigSteps && static_cast<double>(rises[static_cast<size_t>(i)]) >= th.minStepShare * net;
    if (intervals >= th.minIntervalsForSteps && ev.steps <= allowedSteps && bigSteps) {
        growth.cls = GrowthClass::Stepwise;
        return growth;
    }
    // Growth that is neither a plateau nor a few steps accumulates: linear, with R² saying how
    // steadily (below linearRSquared the rate varies).
    growth.cls = GrowthClass::Linear;
    return growth;
}

} // namespace

GrowthThresholds forBlocksOf(const GrowthThresholds& th, int64_t bytes, int64_t blocks)
{
    GrowthThresholds held = th;
    held.heldBlocks = blocks;
    if (th.sampleIntervalBytes <= 0 || bytes <= 0 || blocks <= 0)
        return held;
    // Per byte kept, a variance of S (1 - p) / p: the interval itself for small blocks.
    const double interval = static_cast<double>(th.sampleIntervalBytes);
    const double size = static_cast<double>(bytes) / static_cast<double>(blocks);
    const double p = -std::expm1(-size / interval);
    held.sampleIntervalBytes
        = std::clamp(static_cast<int64_t>(std::llround(size * (1 - p) / p)), int64_t { 1 }, th.sampleIntervalBytes);
    return held;
}

Growth classifyGrowth(std::span<const double> times, std::span<const int64_t> values, std::span<const int64_t> highs,
                      double secondsPerUnit, const GrowthThresholds& th)
{
    Growth growth = classifyShape(times, values, highs, secondsPerUnit, th);
    // Batches, or a sampled level that holds while its estimate swings (GrowthThresholds::
    // spikeNoiseSigmas): only a plateau is taken from the reading within noise, so that noise
    // never makes a row leak-like, and only where the level it holds (its growth) stands above
    // its own noise: a level of fewer samples is not told apart from batches of as few.
    if (growth.cls == GrowthClass::Spiky && th.sampleIntervalBytes > 0) {
        Growth held = classifyShape(times, values, highs, secondsPerUnit, th, true);
        // Its noise is spikeNoiseSigmas * sqrt(level * interval): a level above it is of at
        // least spikeNoiseSigmas² samples.
        const double samples = static_cast<double>(held.evidence.net) / static_cast<double>(th.sampleIntervalBytes);
        if (held.cls == GrowthClass::Plateau && samples >= th.spikeNoiseSigmas * th.spikeNoiseSigmas) {
            // The row's highest and range stay the recording's (a row "rose by" what it shows).
            held.evidence.highest = growth.evidence.highest;
            held.evidence.range = growth.evidence.range;
            return held;
        }
    }
    // One instant deciding the class: a climb freed in the window's last intervals (a teardown, a
    // final clear) is a climb that ended, not a spike; the evidence says what fell at the end. The
    // fall may take up to finalFallIntervals of them: a Qt service's cache of rendered pages, held
    // flat for the whole run, freed by the static destructors at exit across two checkpoints, read
    // "spiky: builds batches".
    const size_t n = std::min({ times.size(), values.size(), highs.size() });
    if (n < 5 || (growth.cls != GrowthClass::Spiky && growth.cls != GrowthClass::Shrinking))
        return growth;
    size_t fallFrom = n - 1;
    while (fallFrom > 0 && n - fallFrom <= static_cast<size_t>(th.finalFallIntervals)
        && values[fallFrom - 1] > values[fallFrom])
        --fallFrom;
    const int64_t fall = values[fallFrom] - values[n - 1];
    if (fall <= 0 || fallFrom + 1 < 4
        || static_cast<double>(fall) < th.finalFallShare * static_cast<double>(growth.evidence.range))
        return growth;
    // A fall over several intervals ends a level that held before it, not a rise that at once
    // turned back (a layout buffer in kate that rose for one snapshot and shrank over three).
    if (n - 1 - fallFrom >= 2
        && std::llabs(values[fallFrom] - values[fallFrom - 1])
            > static_cast<int64_t>(th.plateauTailRange * static_cast<double>(fall)))
        return growth;
    const size_t kept = fallFrom + 1;
    Growth before = classifyShape(times.first(kept), values.first(kept), highs.first(kept), secondsPerUnit, th);
    // A climb, not batches: the intervals before did not rise above their ends and fall back.
    if ((before.cls != GrowthClass::Linear && before.cls != GrowthClass::Stepwise && before.cls != GrowthClass::Plateau)
        || before.evidence.spikes > 0)
        return growth;
    before.evidence.finalFall = fall;
    before.evidence.net = values[n - 1] - values[0];
    return before;
}

} // namespace heapline
