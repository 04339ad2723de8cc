#include "Growth.h"

#include "GrowthShape.h"

#include <algorithm>
#include <cmath>
#include <optional>
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

using shape::Sample;

// Least squares of value over time; none where no time passed (all at one instant).
// `timeSpread`: the squared distances of the times from their mean, summed (a slope's standard
// error is the values' sigma over its root).
struct LineFit {
    double slope = 0;
    double rSquared = 1;
    double timeSpread = 0;
};
std::optional<LineFit> fitLine(std::span<const double> times, std::span<const int64_t> values)
{
    const size_t count = std::min(times.size(), values.size());
    double st = 0, sv = 0;
    for (size_t i = 0; i < count; ++i) {
        st += times[i];
        sv += static_cast<double>(values[i]);
    }
    const double mt = st / static_cast<double>(count), mv = sv / static_cast<double>(count);
    double stt = 0, stv = 0, svv = 0;
    for (size_t i = 0; i < count; ++i) {
        const double dt = times[i] - mt, dv = static_cast<double>(values[i]) - mv;
        stt += dt * dt;
        stv += dt * dv;
        svv += dv * dv;
    }
    if (!(stt > 0))
        return std::nullopt;
    return LineFit { stv / stt, svv > 0 ? (stv * stv) / (stt * svv) : 1.0, stt };
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
    const auto noiseAt
        = [&](int64_t level) { return withinNoise ? th.spikeNoiseSigmas * th.estimateNoise(level) : 0.0; };
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
    // (No slope where no time passed: all the samples at one instant.)
    const auto whole = n >= 2 ? fitLine(times.first(n), values.first(n)) : std::nullopt;
    if (whole) {
        ev.slope = whole->slope;
        ev.rSquared = whole->rSquared;
        if (secondsPerUnit > 0) {
            ev.slopePerSecond = ev.slope / secondsPerUnit;
            ev.slopeIsPerSecond = true;
            const double lateFrom = samples.front().time + 2.0 / 3.0 * (samples.back().time - samples.front().time);
            size_t first = n;
            while (first > 0 && samples[first - 1].time >= lateFrom)
                --first;
            if (const auto late = n - first >= 3
                    ? fitLine(times.subspan(first, n - first), values.subspan(first, n - first))
                    : std::nullopt)
                ev.lateSlopePerSecond = late->slope / secondsPerUnit;
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
    // The steps as separate rises: those that come in adjacent intervals are one (an index
    // rebuilt over two snapshots).
    if (ev.steps > 0) {
        const int64_t least = rises[static_cast<size_t>(ev.steps - 1)];
        bool inRun = false;
        for (size_t i = 1; i < n; ++i) {
            const bool step = samples[i].level - samples[i - 1].level >= least;
            ev.stepRuns += step && !inRun;
            inRun = step;
        }
    }

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
    // An instant has no shape (a wrapper script that exec'd the program: three checkpoints at 0 ms
    // read "linear, it grows by 0 B a second"): what rose and stayed is told as held.
    ev.timeless = n >= 2 && window <= 0;
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
    if (ev.timeless) {
        growth.cls = GrowthClass::Plateau;
        return growth;
    }
    const double net = static_cast<double>(ev.net);
    if (n >= 4 && window > 0
        && shape::readsAsPlateau(std::span<const Sample>(samples.data(), n), highest, noiseAt(highest), th, ev)) {
        growth.cls = GrowthClass::Plateau;
        return growth;
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

// A sampled row read *linear* or *stepwise* is read so again where its estimate turned over
// (classifyGrowth). A leak's estimate only gains samples; a cache's that turns over is drawn
// afresh at each snapshot, so it falls about as often as it rises, and its swings make a climb
// or the few large rises of a step: a fresh page cache of 16 000 entries of 1 kB, its estimates
// 15.6-27.6 MB at 512 KiB, read "linear", leak-like, in 5 of 6 recordings; an lru_cache of 2 000
// pages, 7.4 MB, "stepwise". Turned over: it fell, in all, by half its growth or more, by no
// more than its noise at a time (plateauNoiseSigmas * sqrt(level * interval), from the level
// before the fall; a larger fall is a batch freed), and since it reached its level it does not
// climb beyond that noise (GrowthThresholds::turnoverClimbSigmas): a small leak beside the
// cache that stands out of its noise stays a climb.
bool turnedOverWithinNoise(std::span<const double> times, std::span<const int64_t> values, const GrowthThresholds& th)
{
    // (Not one block or two, copied larger, each copy in the sample or not: a log handler's
    // buffer, 0.57, 0, 0.66, 0 ... 1.1 MB, grows.)
    const size_t n = std::min(times.size(), values.size());
    if (n < 2 || (th.heldBlocks > 0 && th.heldBlocks <= 2))
        return false;
    double fell = 0;
    for (size_t i = 1; i < n; ++i) {
        if (values[i] >= values[i - 1])
            continue;
        // (Two estimates, each drawn afresh: the noise of their difference.)
        const double fall = static_cast<double>(values[i - 1] - values[i]);
        if (fall > th.plateauNoiseSigmas * std::hypot(th.estimateNoise(values[i - 1]), th.estimateNoise(values[i])))
            return false;
        fell += fall;
    }
    if (2 * fell < static_cast<double>(values[n - 1] - values[0]))
        return false;
    // Its level: the median of the window's later half; reached at the first snapshot within one
    // sigma of it.
    const double t0 = times[0], t1 = times[n - 1];
    thread_local std::vector<int64_t> late;
    late.clear();
    for (size_t i = 0; i < n; ++i)
        if (times[i] >= t0 + 0.5 * (t1 - t0))
            late.push_back(values[i]);
    const auto middle = late.begin() + static_cast<std::ptrdiff_t>(late.size() / 2);
    std::nth_element(late.begin(), middle, late.end());
    const double level = static_cast<double>(*middle);
    const double sigma = th.estimateNoise(*middle);
    size_t from = 0;
    while (from < n && static_cast<double>(values[from]) < level - sigma)
        ++from;
    if (n - from < 4)
        return true;
    // The climb since then: a least-squares slope against its standard error, where each
    // estimate is a draw of that sigma about the level.
    const auto since = fitLine(times.subspan(from, n - from), values.subspan(from, n - from));
    return !since || since->slope * std::sqrt(since->timeSpread) < th.turnoverClimbSigmas * sigma;
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
    if (th.sampleIntervalBytes > 0
        && (growth.cls == GrowthClass::Spiky
            || ((growth.cls == GrowthClass::Stepwise || growth.cls == GrowthClass::Linear)
                && turnedOverWithinNoise(times, values, th)))) {
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
