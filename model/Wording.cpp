#include "Wording.h"

#include "Units.h"

#include <cmath>
#include <cstdio>

namespace heapline {

std::optional<PeakInterval> peakInterval(const Profile& profile)
{
    const auto& totals = profile.totals();
    const auto points = profile.timeline().heap.points();
    const auto dipped = [&](size_t i) { return points[i].min < std::min(points[i - 1].value, points[i].value); };
    for (size_t i = 1; i < points.size() && points[i - 1].time <= totals.peakTime; ++i) {
        // Timed at the sample (a format's own high between samples): the interval that ends there.
        if (points[i].time == totals.peakTime && points[i].max == totals.peakHeapBytes
            && points[i].value < totals.peakHeapBytes && points[i - 1].value < totals.peakHeapBytes)
            return PeakInterval { points[i - 1].time, points[i].time, dipped(i) };
        // Timed at the clock's last tick before it (heaptrack's events): the interval that starts
        // there. The chart's dot hung at 270 ms beside a line that rose to the peak only by the
        // next sample (trimbuf.c, 282 ms).
        if (points[i - 1].time == totals.peakTime && points[i].time > totals.peakTime
            && points[i - 1].max < totals.peakHeapBytes && points[i].max == totals.peakHeapBytes)
            return PeakInterval { points[i - 1].time, points[i].time, dipped(i),
                points[i].value == totals.peakHeapBytes, true };
    }
    return std::nullopt;
}

std::string peakWhen(const Profile& profile)
{
    const TimeUnit unit = profile.info().timeUnit;
    if (const auto interval = peakInterval(profile); interval && !interval->timedAtStart)
        return "between " + formatTime(interval->from, unit) + " and " + formatTime(interval->to, unit);
    return "at " + formatTime(profile.totals().peakTime, unit);
}

namespace {
// A slope over a clock that is not time (massif's instructions or bytes allocated): per million of
// them, as the times are told ("16.69 M instr"); per instruction, any slope a program can have
// rounds to "0 B".
std::string slopeText(double bytesPerUnit, TimeUnit unit)
{
    switch (unit) {
    case TimeUnit::Instructions:
        return formatSignedBytes(static_cast<int64_t>(std::llround(bytesPerUnit * 1e6))) + " per M instr";
    case TimeUnit::Bytes:
        return formatSignedBytes(static_cast<int64_t>(std::llround(bytesPerUnit * 1e6))) + " per MB allocated";
    default:
        return formatSignedBytes(static_cast<int64_t>(std::llround(bytesPerUnit))) + " per " + timeUnitName(unit);
    }
}
} // namespace

std::vector<std::pair<std::string, std::string>> evidenceFacts(const Growth& growth, TimeUnit unit)
{
    const auto& e = growth.evidence;
    std::vector<std::pair<std::string, std::string>> facts;
    char text[64];
    if (growth.cls == GrowthClass::Native) {
        facts.emplace_back("RSS grew", formatBytes(e.rssGrowth));
        facts.emplace_back("traced heap", formatSignedBytes(e.heapGrowth));
        facts.emplace_back("gap opened", formatBytes(e.rssMinusHeapGrowth));
        if (e.rssAfterHeapHigh >= 0)
            facts.emplace_back("after the heap's highest", formatBytes(e.rssAfterHeapHigh));
        return facts;
    }
    facts.emplace_back("net", formatSignedBytes(e.net));
    facts.emplace_back("range", formatBytes(e.range));
    if (e.timeless) {
        facts.emplace_back("samples", "all at one instant: no time passed");
    } else if (e.slopeIsPerSecond) {
        facts.emplace_back("slope", formatSignedBytes(static_cast<int64_t>(std::llround(e.slopePerSecond))) + "/s");
        if (const auto late = notableLateSlope(e))
            facts.emplace_back(
                "over the last third", formatSignedBytes(static_cast<int64_t>(std::llround(*late))) + "/s");
    } else {
        facts.emplace_back("slope", slopeText(e.slope, unit));
    }
    if (!e.timeless) {
        std::snprintf(text, sizeof text, "%.2f", e.rSquared);
        facts.emplace_back("R²", text);
    }
    if (e.steps)
        facts.emplace_back("steps", std::to_string(e.steps) + ", the largest " + formatBytes(e.largestStep));
    if (e.longestStepGap > 0)
        facts.emplace_back("held since its last step",
            formatTime(e.pauseSinceStep, unit) + ", within twice the longest gap between its steps ("
                + formatTime(e.longestStepGap, unit) + "): a pause, not a plateau");
    if (e.spikes)
        facts.emplace_back("spikes",
            std::to_string(e.spikes)
                + (e.lowsEstimated ? ", its lows between detailed snapshots estimated from the other rows'"
                                   : ", floor " + formatSignedBytes(e.floorRise)));
    if (!e.highsRecorded)
        facts.emplace_back("highs between snapshots", "not recorded: a batch built and freed in between is not seen");
    if (!std::isnan(e.unlistedFrom))
        facts.emplace_back("under massif's threshold",
            "from " + formatTime(e.unlistedFrom, unit)
                + " on: not listed, its bytes there in \"below massif's threshold\""
                + (e.classFromListed ? "; the class is read from the snapshots before"
                                     : "; listed at too few snapshots to read a shape from them"));
    if (e.setAsideAtLoad > 0)
        facts.emplace_back("set aside", formatSignedBytes(e.setAsideAtLoad) + " " + setAsideAtLoadWords);
    if (e.finalFall > 0)
        facts.emplace_back("freed at the end", formatBytes(e.finalFall) + " in the last interval; the class is the shape before it");
    if (e.dropRatio >= 0.005) { // "0% of the range" says nothing
        std::snprintf(text, sizeof text, "%.0f%% of the range", e.dropRatio * 100);
        facts.emplace_back("largest drop", text);
    }
    return facts;
}

std::string heapChangeText(const DiffRow& total)
{
    return "The heap went from " + formatBytes(total.atA.bytes) + " to " + formatBytes(total.atB.bytes) + " ("
        + formatSignedBytes(total.deltaBytes()) + ")";
}

std::string growthRateText(const DiffRow& total, const Growth& growth)
{
    if (!growth.evidence.slopeIsPerSecond || total.cls != GrowthClass::Linear)
        return {};
    char r2[16];
    std::snprintf(r2, sizeof r2, "%.2f", growth.evidence.rSquared);
    std::string text = "It grows by " + formatBytes(static_cast<int64_t>(growth.evidence.slopePerSecond))
        + " a second (R² " + r2 + ")";
    if (const auto late = notableLateSlope(growth.evidence)) {
        text += *late >= 0
            ? "; over the window's last third, " + formatBytes(static_cast<int64_t>(*late)) + " a second"
            : "; over the window's last third it fell, by " + formatBytes(static_cast<int64_t>(-*late)) + " a second";
    }
    return text + ".";
}

std::optional<double> notableLateSlope(const GrowthEvidence& e)
{
    // A quarter faster, or half as fast: the window's one rate would mislead "how long until it
    // runs out" (a fresh undo history of deep copies: 18.2 MB a second over the window, 24.8 over
    // its last third, and faster still at its end).
    if (!e.slopeIsPerSecond || !std::isfinite(e.lateSlopePerSecond) || e.slopePerSecond <= 0)
        return std::nullopt;
    const double ratio = e.lateSlopePerSecond / e.slopePerSecond;
    if (ratio < 1.25 && ratio > 0.5)
        return std::nullopt;
    return e.lateSlopePerSecond;
}

std::string fewSamplesText(const DiffRow& row, const ProfileInfo& info, const GrowthThresholds& th)
{
    if (row.riseBytes() <= 0 || !tooFewSamples(row, info.sampleIntervalBytes, th))
        return {};
    const long count = std::max(1L, std::lround(*sampledCount(row, info.sampleIntervalBytes)));
    const auto samples = [](long n) { return std::to_string(n) + (n == 1 ? " sample" : " samples"); };
    // A batch seen rising and falling by many samples, of which it kept a few: the batch is
    // plain, what stayed is not (indexer.py: an index built to 10.7 MB and dropped, 1.05 MB left,
    // read "from about 2 samples: too few to tell its shape").
    const long rise = std::lround(static_cast<double>(row.riseBytes()) / static_cast<double>(info.sampleIntervalBytes));
    if (row.cls == GrowthClass::Spiky && row.deltaBytes() > 0 && rise >= th.minSamplesForLeak)
        return "its rise and fall rest on about " + samples(rise) + ", what it kept at B on about " + samples(count)
            + ": too few to tell whether that stays";
    return "from about " + samples(count) + ": too few to tell " + (isLeakLike(row.cls) ? "a leak" : "its shape");
}

std::string finerSamplingText(
    const DiffRow& total, const ProfileInfo& info, const std::optional<Growth>& native, const GrowthThresholds& th)
{
    // Where the heap kept nothing at B, nothing is missed (a native growth beside it is told apart).
    if (total.deltaBytes() <= 0 || fewSamplesText(total, info, th).empty())
        return {};
    if (native && native->evidence.rssGrowth >= 10 * total.deltaBytes())
        return {};
    // About 64 samples of the growth: a shape to tell, at a fraction of --exact's cost.
    constexpr int64_t WantedSamples = 64, Finest = 1024;
    const int64_t growth = std::max(total.riseBytes(), total.deltaBytes());
    int64_t interval = Finest;
    while (interval * 2 <= growth / WantedSamples)
        interval *= 2;
    if (interval * 2 > info.sampleIntervalBytes)
        return "Record again with --exact to tell (every block: this growth is a few samples' worth at any finer "
               "sample).";
    return "Record again with a finer sample to tell: heapline-cli record --sample-interval " + std::to_string(interval)
        + " (about " + std::to_string(growth / interval) + " samples of this growth), or --exact.";
}

std::string grownByCopiesText(const DiffRow& row, const Growth* growth)
{
    constexpr int MinSteps = 3;
    // A few blocks, each copied larger again and again, where allocations are counted: from
    // MinSteps to MaxCopies made for each block kept (a table doubled from 8 B to 2 GB is made 28
    // times), and all they made at most MaxMadeOfKept times what they keep (a table doubled to its
    // size made about twice its size in all). A pmr arena's 28 chunks among 59 134 small
    // temporaries are no copies. vecgrow.cpp: 8 vectors of samples, one per metric, doubled to
    // 2 MB each, read "each copies or materialises a big object ... free the old one".
    constexpr int64_t MaxBlocks = 32, MaxCopies = 64, MaxMadeOfKept = 4;
    if (!growth || !row.leakLike || row.deltaBlocks() < 1 || growth->evidence.steps < MinSteps || row.atB.bytes <= 0)
        return {};
    const int64_t blocks = row.atB.blocks;
    const bool few = blocks > 2 && blocks <= MaxBlocks && row.allocations >= MinSteps * blocks
        && row.allocations <= MaxCopies * blocks && row.allocatedBytes <= MaxMadeOfKept * row.atB.bytes;
    if (blocks > 2 && !few)
        return {};
    const std::string steps = std::to_string(growth->evidence.steps);
    std::string text = few
        ? std::to_string(blocks) + " blocks kept of " + formatCount(row.allocations) + " allocations, grown in " + steps
            + " steps: buffers, arrays or tables that keep all they are given, each copied larger as it grows "
              "(realloc, a vector's or dict's table)."
        : "One block, made larger at each of " + steps
            + " steps: a buffer, array or table that keeps all it is given, copied larger as it grows (realloc, "
              "np.append, bytes or str +=, a dict's or vector's table).";
    // Where a copy held the old and the new at once (no realloc in place), the copies cost more
    // than what is kept.
    if (row.highest * 2 >= row.atB.bytes * 3)
        text += " Each copy held the old and the new at once: it rose to " + formatBytes(row.highest) + " for "
            + formatBytes(row.atB.bytes) + " kept.";
    return text
        + (few ? " Bound them or write them out as they fill; where they must grow, reserve their full size up front."
               : " Bound it or write it out as it fills; where it must grow, collect the parts and join them once, or "
                 "reserve its full size up front.");
}

// A row read spiky that rose once and has since fallen a little at a time, over many intervals,
// no fall a third of the whole (expire.cpp: 200 000 sessions loaded at start, expired one per
// two requests; "builds batches and frees them" told of batches there were none of).
bool drainedSinceHighest(const DiffRow& row, const Growth* growth)
{
    constexpr int MinFalls = 4;
    if (!growth || growth->cls != GrowthClass::Spiky || row.cls != GrowthClass::Spiky)
        return false;
    const GrowthEvidence& ev = growth->evidence;
    if (ev.spikes > 1 || ev.fallsAfterHighest < MinFalls || ev.fallAfterHighest * 2 < ev.range
        || ev.largestFallAfterHighest * 3 > ev.fallAfterHighest)
        return false;
    // Not a teardown: that falls late in the row's time, and mostly at its end (index-teardown,
    // phases at their ends: 8% and 17% of it, or a sixth of the fall in its first half).
    return ev.afterHighestShare >= 0.2 && ev.fallInFirstHalfShare >= 0.35;
}

std::string drainedShortText(const Growth& growth)
{
    return "rose once, to " + formatBytes(growth.evidence.highest) + ", and has given it back a little at a time since";
}

static std::string drainedText(const DiffRow& row, const Growth* growth)
{
    if (!drainedSinceHighest(row, growth))
        return {};
    std::string text = capitalized(drainedShortText(*growth)) + ", in "
        + std::to_string(growth->evidence.fallsAfterHighest) + " intervals";
    if (row.atB.bytes > 0)
        text += " (" + formatBytes(row.atB.bytes) + " still held at B)";
    return text
        + ": a load whose entries expire or are used up one by one (sessions that time out, a queue or backlog "
          "worked off), not batches. What it holds at B is what has not gone yet.";
}

std::string timelessText()
{
    return "No time passed between A and B: the recording's checkpoints there stand at one instant, so its shape "
           "cannot be read, only what it held.";
}

std::string classHintText(const DiffRow& row, const ProfileInfo& info, const Growth* growth)
{
    if (row.underThreshold)
        return underThresholdText(info) + " While it was listed: " + growthHint(row.cls);
    if (const std::string few = fewSamplesText(row, info); !few.empty())
        return capitalized(few) + ".";
    if (growth && growth->evidence.timeless)
        return timelessText();
    if (const std::string drained = drainedText(row, growth); !drained.empty())
        return drained;
    // One spike at most, and back within a fifth of the range from where it started: not batches.
    // (duchainify rose to 104 MB, held it, spiked to 171 MB and fell to 63 MB: one spike, but
    // not "rose once and fell back".)
    if (growth && growth->cls == GrowthClass::Spiky && row.cls == GrowthClass::Spiky && growth->evidence.spikes <= 1
        && std::abs(growth->evidence.net) * 5 <= growth->evidence.range)
        return "Rose once and fell back: one batch, built up and then freed (a load, an index, a buffer held until "
               "it was written out); flush it sooner or process it in smaller chunks to lower the peak.";
    if (const std::string grown = grownByCopiesText(row, growth); !grown.empty())
        return grown;
    return growthHint(row.cls);
}

std::string replacementText(const DiffResult& diff, const DiffRow& row)
{
    if (const Replacement* r = diff.replacing(row))
        return capitalized(replacerText(*r)) + ".";
    if (const Replacement* r = diff.replacedBy(row))
        return capitalized(replacedText(*r)) + ".";
    return {};
}

std::string rowHintText(const DiffResult& diff, const DiffRow& row, const ProfileInfo& info)
{
    std::string replacement = replacementText(diff, row);
    if (!replacement.empty())
        return replacement;
    const Growth growth = diff.growth(row);
    return classHintText(row, info, &growth);
}

std::string underThresholdText(const ProfileInfo& info)
{
    char percent[32];
    std::snprintf(percent, sizeof percent, "%g%%", info.listingThreshold * 100);
    return std::string("Under massif's threshold at B (") + percent
        + " of the snapshot's memory): massif lists it no more, and its bytes there are in \"below massif's "
          "threshold\", not 0.";
}

std::string floorRiseText(const Growth& growth, int64_t riseBytes, TimeUnit unit)
{
    const int64_t floor = growth.evidence.floorRise;
    if (growth.cls != GrowthClass::Spiky || growth.evidence.lowsEstimated || growth.evidence.timeless || floor <= 0
        || floor * 10 < riseBytes)
        return {};
    // The low's time, because a floor still rising after it (a leak under batches) stood higher by B.
    // Both readings are told: the lows cannot tell a batch's leftovers from more batches held at
    // once (a worker pool's queue backing up, tests/data/fresh/workerpool.cpp, which frees all).
    return "its lows rose by " + formatBytes(floor) + " by " + formatTime(growth.evidence.floorRiseAt, unit)
        + ": what its batches left behind, or more of them held at once";
}

std::string allocationCountsText(const DiffRow& row, bool betweenRuns)
{
    if (betweenRuns)
        return formatSignedCountOf(row.allocations, "allocation", "allocations") + " ("
            + formatSignedBytes(row.allocatedBytes) + ") and " + formatSignedCountOf(row.frees, "free", "frees")
            + ": this run's up to B less the base run's up to A";
    return formatCountOf(row.allocations, "allocation", "allocations") + " (" + formatBytes(row.allocatedBytes)
        + ") and " + formatCountOf(row.frees, "free", "frees") + " in (A, B]";
}

std::string finalFallText(const Growth& growth)
{
    if (growth.evidence.finalFall <= 0)
        return {};
    return std::string("Up to its last interval it was ") + growthClassName(growth.cls) + "; then " + formatBytes(growth.evidence.finalFall)
        + " was freed at once, and the class is the shape before that.";
}

std::string setAsideAtLoadText(const Growth& growth)
{
    if (growth.evidence.setAsideAtLoad <= 0)
        return {};
    return "The class is the shape of the rest of the heap: " + formatSignedBytes(growth.evidence.setAsideAtLoad)
        + " of it was allocated as the program's libraries were loaded, by their initialisation, and made it read "
          "as a leak.";
}

std::string teardownReason(const Teardown& teardown, TimeUnit unit)
{
    if (teardown.rssReleased > 0)
        return "before teardown at " + formatTime(teardown.time, unit) + "; the process released "
            + formatBytes(teardown.rssReleased) + " of resident memory as it exited";
    return "before teardown at " + formatTime(teardown.time, unit) + "; the program freed " + formatBytes(teardown.freedBytes())
        + " as it exited";
}

std::string beyondLastCheckpointReason(
    double lastCheckpoint, size_t snapshotsAfter, const SeriesPoint& last, TimeUnit unit)
{
    return "the last checkpoint with callsites, at " + formatTime(lastCheckpoint, unit) + ": the "
        + (snapshotsAfter == 1 ? std::string("snapshot") : std::to_string(snapshotsAfter) + " snapshots")
        + " after it, to " + formatTime(last.time, unit) + (snapshotsAfter == 1 ? ", holds" : ", hold")
        + " the heap's total only (" + formatBytes(last.value) + " at the last)";
}

std::string retainedFinding(const RetainedMemory& retained)
{
    return "retained by the allocator after frees: " + formatBytes(retained.retainedBytes)
        + " (the traced heap rose by " + formatBytes(retained.heapRise) + " and stands at "
        + formatSignedBytes(retained.heapGrowth) + " at B, while RSS grew by " + formatBytes(retained.rssGrowth) + ")"
        + (retained.byCPython
                ? ": CPython keeps each arena of small objects (1 MiB from 3.10 on) while any object in it lives, and "
                  "malloc the freed pages of larger blocks; the program's next allocations reuse them. To give the "
                  "peak "
                  "back, run its work in a subprocess (multiprocessing, a worker restarted after so many jobs)"
                : "; malloc_trim or a different allocator returns it");
}

std::string untouchedFinding(const UntouchedMemory& untouched)
{
    return "RSS stands at " + formatBytes(untouched.rssBytes) + " at B, under half the heap's "
        + formatBytes(untouched.heapBytes)
        + ": most of what was allocated was never written to (a buffer reserved up front), which costs address space, "
          "not memory, until it is used";
}

std::string capitalized(std::string sentence)
{
    if (!sentence.empty() && sentence[0] >= 'a' && sentence[0] <= 'z')
        sentence[0] = static_cast<char>(sentence[0] - 'a' + 'A');
    return sentence;
}

std::string figureOrDash(const std::optional<int64_t>& value, bool bytes)
{
    return value ? (bytes ? formatBytes(*value) : formatCount(*value)) : "—";
}

namespace {
std::string sampleRateText(const ProfileInfo& info)
{
    return "one allocation per " + formatBytes(info.sampleIntervalBytes) + " allocated on average";
}

// How a sampled Python recording counted the blocks CPython takes back from its free lists for new
// objects, read from the recorder's producer line ("heapline-recorder 1.2 (cpython 3.11.7,
// sampled)"): from recorder 1.2 on, under CPython 3.13, under the stack of the object that took
// them; under 3.11 and 3.12, apart (heapline_freelists.c); before 1.2, under the stack that first
// allocated them.
enum class Recycled { Named, Apart, FirstOwner };

// Whether the Python recorder that wrote the file is of this version or later (its producer line:
// "heapline-recorder 1.3 (cpython 3.11.7, sampled)"). From 1.3 on, its RSS leaves out the pages
// that map files.
bool recorderAtLeast(const ProfileInfo& info, unsigned major, unsigned minor)
{
    unsigned recorderMajor = 0, recorderMinor = 0;
    return std::sscanf(info.producer.c_str(), "heapline-recorder %u.%u", &recorderMajor, &recorderMinor) == 2
        && std::pair(recorderMajor, recorderMinor) >= std::pair(major, minor);
}
struct RecycledObjects {
    Recycled counted = Recycled::Named;
    std::string python; // "3.11"
};

RecycledObjects recycledObjects(const ProfileInfo& info)
{
    unsigned recorderMajor = 0, recorderMinor = 0, pythonMajor = 0, pythonMinor = 0;
    if (info.sampleIntervalBytes <= 0
        || std::sscanf(info.producer.c_str(), "heapline-recorder %u.%u (cpython %u.%u", &recorderMajor, &recorderMinor,
               &pythonMajor, &pythonMinor)
            != 4)
        return {};
    const std::string python = std::to_string(pythonMajor) + "." + std::to_string(pythonMinor);
    if (std::pair(recorderMajor, recorderMinor) < std::pair(1u, 2u))
        return { Recycled::FirstOwner, python };
    if (std::pair(pythonMajor, pythonMinor) < std::pair(3u, 13u))
        return { Recycled::Apart, python };
    return { Recycled::Named, python };
}

// The same on the Summary's card, after the sample rate.
std::string recycledObjectsInBrief(const RecycledObjects& recycled)
{
    switch (recycled.counted) {
    case Recycled::Named:
        return {};
    case Recycled::Apart:
        return "; what CPython " + recycled.python + " recycles is counted apart";
    case Recycled::FirstOwner:
        break;
    }
    return "; CPython " + recycled.python + "'s recycled objects count where first allocated";
}
} // namespace

std::string recycledObjectsCaveat(const ProfileInfo& info)
{
    const RecycledObjects recycled = recycledObjects(info);
    switch (recycled.counted) {
    case Recycled::Named:
        return {};
    case Recycled::Apart:
        return "what CPython " + recycled.python
            + " makes from a dropped object's memory (floats, lists, tuples, dicts, a dict's key table) is counted "
              "apart, under <recycled by CPython: owner unknown>: under CPython 3.13 its owners are named";
    case Recycled::FirstOwner:
        break;
    }
    return "what CPython " + recycled.python
        + " makes from a dropped object's memory (floats, lists, tuples, dicts, a dict's key table) counts where that "
          "memory was first allocated: where a callsite looks wrong, record under CPython 3.13 (--exact: the objects, "
          "not the key tables)";
}

std::string samplingText(const ProfileInfo& info)
{
    if (info.sampleIntervalBytes <= 0)
        return {};
    const std::string caveat = recycledObjectsCaveat(info);
    return "sampled, estimates (" + sampleRateText(info) + ")" + (caveat.empty() ? "" : "; " + caveat);
}

std::vector<SummaryFact> summaryFacts(const Profile& profile)
{
    const auto& info = profile.info();
    const auto& totals = profile.totals();
    const auto unit = info.timeUnit;
    // Each format's own words: who else lives in its RSS, what its samples hold.
    const bool heaptrack = info.recordedFormat() == "heaptrack";
    const bool massif = info.recordedFormat() == "massif";
    std::vector<SummaryFact> facts;
    facts.push_back({ "Duration", formatTime(totals.duration, unit), profile.truncated() ? "the recording ends early" : "", "" });
    facts.push_back({ "Peak heap", formatBytes(totals.peakHeapBytes), peakWhen(profile),
        formatCount(totals.peakHeapBytes) + " bytes live at the highest point" });
    facts.push_back({ "Peak RSS", totals.peakRssBytes ? formatBytes(*totals.peakRssBytes) : "not recorded",
        // heaptrack writes RSS with each timestamp: one that ended before its first wrote none.
        !totals.peakRssBytes ? (massif ? "this format has no RSS" : "the recording has none")
            : heaptrack      ? "resident memory, heaptrack's own included"
            // The Python recorder takes out its tables and what its snapshots left resident.
            : info.producer.starts_with("heapline-recorder")
            ? (recorderAtLeast(info, 1, 3) ? "memory resident, less the pages of mapped files and the recorder's own"
                                           : "resident memory, less the recorder's tables and snapshots")
            : "resident memory, the recorder's own included",
        "" });
    const size_t comparable = profile.comparableCheckpoints();
    if (totals.allocations || !totals.snapshots) {
        facts.push_back({ "Allocations", totals.allocations ? formatCount(*totals.allocations) : "not recorded",
            totals.temporaryAllocations
                ? formatCount(*totals.temporaryAllocations) + " temporary (freed before the next allocation)"
                : "",
            totals.temporaryAllocations ? "temporary as heaptrack_print counts them: freed before any other "
                                          "allocation was made, however much later"
                                        : "" });
    } else {
        facts.push_back({ "Snapshots", formatCount(*totals.snapshots),
                          massif ? std::to_string(comparable) + " with the whole heap tree" : "each with every stack's live bytes", "" });
    }
    const EndStateWords end = endStateWords(info, totals.duration, profile.truncated());
    facts.push_back({ end.caption, formatBytes(totals.leakedBytes), end.detail,
        formatCount(totals.leakedBytes) + " bytes " + end.phrase + (end.caveat.empty() ? "" : ". " + end.caveat) });
    facts.push_back({ "Callsites", formatCount(static_cast<int64_t>(profile.callsiteCount())),
                      std::to_string(comparable) + " checkpoints to compare", "" });
    if (info.sampleIntervalBytes > 0) {
        const std::string caveat = recycledObjectsCaveat(info);
        facts.push_back({ "Heap figures", "sampled, estimates",
            sampleRateText(info) + recycledObjectsInBrief(recycledObjects(info)),
            "The recorder kept a sample of the allocations (each byte with the same chance) and scaled them back: "
            "bytes and blocks are estimates, close for large rows and rough for rows of a few samples."
                + (caveat.empty() ? "" : " " + capitalized(caveat) + ".") });
    }
    return facts;
}

std::string stacksText(const Timeline& timeline, double timeA, double timeB, TimeUnit unit)
{
    for (const NamedSeries& named : timeline.memory) {
        if (named.name != "stacks" || named.series.empty())
            continue;
        const auto highest = named.series.maxIn(timeA, timeB);
        if (!highest || *highest <= 0)
            return {};
        double when = timeA;
        for (const SeriesPoint& point : named.series.points())
            if (point.time >= timeA && point.time <= timeB && point.max == *highest) {
                when = point.time;
                break;
            }
        return "Stacks (massif --stacks=yes): " + formatBytes(named.series.valueAt(timeA)) + " at A, "
            + formatBytes(named.series.valueAt(timeB)) + " at B, at most " + formatBytes(*highest) + " (at "
            + formatTime(when, unit)
            + "); the heap's figures and rows leave them out. A stack that grows with each call (recursion) or a "
              "thread per task shows here";
    }
    return {};
}

EndStateWords endStateWords(const ProfileInfo& info, double lastTime, bool truncated)
{
    // A killed process (OOM-killed, exit 137) frees nothing as it goes: what it held was not
    // leaked, and calling it so sends the reader to look for a missing free.
    if (info.recordedFormat() != "massif" && truncated)
        return { "Live at cut", "Live when cut off", "the recording has no end: the process was probably killed",
            "live when the recording stopped (it has no end: the process was probably killed)",
            "A killed process frees nothing as it exits: this is what it held then, not what it leaked" };
    if (info.recordedFormat() != "massif")
        return { "Leaked", "Leaked at end", "still live when the recording ended", "live at the end", "" };
    return { "Last heap", "Live at last snapshot", "massif takes no snapshot at exit",
        "live at the last snapshot, at " + formatTime(lastTime, info.timeUnit) + " (massif takes none at exit)",
        "Massif writes the snapshots it took while the program ran and none when it exits: what the program "
        "freed or kept after the last one is not in the file" };
}

std::string suppressionText(const std::vector<SuppressedCallsites::Use>& uses, size_t callsites)
{
    int64_t bytes = 0;
    size_t matched = 0;
    for (const auto& use : uses) {
        bytes += use.bytes;
        matched += use.callsites > 0;
    }
    const std::string rules = std::to_string(uses.size()) + (uses.size() == 1 ? " rule" : " rules");
    if (!callsites)
        return "no suppression matched (" + rules + ")";
    return formatBytes(bytes) + " of it suppressed: " + formatCount(static_cast<int64_t>(callsites))
        + (callsites == 1 ? " callsite" : " callsites") + " matched " + std::to_string(matched) + " of " + rules;
}

} // namespace heapline
