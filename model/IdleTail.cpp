#include "IdleTail.h"

#include "Comparison.h"
#include "SummaryLists.h"
#include "Units.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace heapline {

namespace {

// Held: within this share of its growth of its level at B.
constexpr double HeldShare = 0.05;
// The held part must be this share of the window or more: a short pause before B is no tail.
constexpr double MinTailShare = 0.2;
// The heap still rose in this last share of the time the program worked.
constexpr double RisingToShare = 0.1;

// What tells work from idling: the allocation calls (heaptrack), or the CPU time the program used
// (the Python recorder's counter, in ms), with the least a climb must have of it.
// Idle: working at `idleShare` of the window's rate or less (a timer's tick goes on; an idle
// CPython still takes a few ms of CPU a second, 1 ms between two of the recorder's snapshots).
struct Activity {
    const Series* series = nullptr;
    bool cpu = false;
    int64_t minClimb = 0;
    double idleShare = 0;
};

Activity activityOf(const Timeline& timeline)
{
    if (!timeline.allocations.empty())
        return { &timeline.allocations, false, 1000, 0.05 };
    for (const auto& counter : timeline.counters)
        if (counter.name == ProgramCpuCounter)
            return { &counter.series, true, 50, 0.1 };
    return {};
}

std::string rounded(double value)
{
    return formatCount(static_cast<int64_t>(std::llround(value)));
}

// "1 allocation call a second", "0.4% of a CPU".
std::string rateText(double perSecond, bool cpu)
{
    if (!cpu)
        return rounded(perSecond) + (std::llround(perSecond) == 1 ? " allocation call" : " allocation calls")
            + " a second";
    const double percent = perSecond / 10; // ms of CPU a second
    char text[32];
    std::snprintf(text, sizeof text, percent < 10 ? "%.1f%%" : "%.0f%%", percent);
    return std::string(text) + " of a CPU";
}

// Whether `values` stood within HeldShare of its growth of its level at B from the work's end
// (sample `idleFrom`) on, having reached it no earlier than the work's last part.
bool reachedAsWorkStopped(const std::vector<int64_t>& values, const std::vector<double>& times, size_t idleFrom)
{
    const double grown = static_cast<double>(values.back() - values.front());
    if (grown <= 0)
        return false;
    const auto held
        = [&](size_t i) { return std::abs(static_cast<double>(values[i] - values.back())) <= HeldShare * grown; };
    size_t reached = values.size() - 1;
    while (reached > 0 && held(reached - 1))
        --reached;
    // (Within an interval: a snapshot that came as the work ended finds it ended or not.)
    const double idleAt = times[idleFrom], timeA = times.front();
    return reached <= idleFrom
        && (reached + 1 >= idleFrom || times[reached] >= idleAt - RisingToShare * (idleAt - timeA));
}

} // namespace

std::optional<IdleTail> findIdleTail(const Comparison& comparison)
{
    const DiffResult& diff = comparison.diff();
    const Profile& profile = comparison.analysis().profile();
    const Activity activity = activityOf(profile.timeline());
    if (comparison.twoFiles() || diff.total.cls != GrowthClass::Plateau || diff.total.deltaBytes() <= 0
        || !activity.series || diff.sampleTimes.size() < 3)
        return std::nullopt;
    // Rates are per second: the clock is seconds or milliseconds (massif's instructions or bytes
    // pass while the program works, and massif counts no calls).
    const TimeUnit unit = profile.info().timeUnit;
    const double unitsPerSecond = unit == TimeUnit::Milliseconds ? 1000.0 : unit == TimeUnit::Seconds ? 1.0 : 0.0;
    const std::vector<double>& times = diff.sampleTimes;
    const double timeA = times.front(), timeB = times.back();
    if (unitsPerSecond == 0 || timeB <= timeA)
        return std::nullopt;
    // The CPU time at the start was used before the first snapshot (the interpreter starting),
    // not from time 0: before its first value a counter stands at it.
    const auto workAt
        = [&](double t) { return activity.cpu ? activity.series->levelAt(t) : activity.series->valueAt(t); };
    const auto workBetween = [&](double from, double to) { return workAt(to) - workAt(from); };
    const double rate = static_cast<double>(workBetween(timeA, timeB)) / (timeB - timeA);
    // The idle tail: from the earliest sample after which the program worked at a small share of
    // its rate over the window, to B. Counted from B, not interval by interval: a counter of whole
    // milliseconds rounds a short interval's work up to one.
    constexpr int64_t Rounding = 2;
    size_t idleFrom = times.size() - 1;
    while (idleFrom > 0
        && static_cast<double>(workBetween(times[idleFrom - 1], timeB))
            <= activity.idleShare * rate * (timeB - times[idleFrom - 1]) + Rounding)
        --idleFrom;
    // Less the intervals at its start in which the work was still ending.
    while (idleFrom + 1 < times.size()
        && static_cast<double>(workBetween(times[idleFrom], times[idleFrom + 1]))
            > activity.idleShare * rate * (times[idleFrom + 1] - times[idleFrom]) + Rounding)
        ++idleFrom;
    const double idleAt = times[idleFrom];
    const int64_t climbWork = workBetween(timeA, idleAt);
    if (idleAt <= timeA || timeB - idleAt < MinTailShare * (timeB - timeA) || climbWork < activity.minClimb)
        return std::nullopt;
    // The heap reached its level as the work stopped, and held it since. One that held it while
    // the program still worked (a cache full at its bound, churning) was read right.
    if (!reachedAsWorkStopped(diff.series(diff.total), times, idleFrom))
        return std::nullopt;
    // Growth that was the libraries' loading is told as that (npimport.py: numpy imported, then
    // a sleep): no leak could have stopped with it. Asked last, where the rest holds: the rows
    // cost more than the series.
    // (The sum, not grewOnlyAtLoadText: that asks the kept findings, and "Kept in" asks this.)
    int64_t atLoad = 0;
    for (const DiffRow* row : firstScreenRows(comparison).atLoad)
        atLoad += row->deltaBytes();
    if (atLoad * 10 >= diff.total.deltaBytes() * 9)
        return std::nullopt;
    const double climbRate = static_cast<double>(climbWork) / (idleAt - timeA) * unitsPerSecond;
    const double tailRate
        = static_cast<double>(std::max<int64_t>(workBetween(idleAt, timeB), 0)) / (timeB - idleAt) * unitsPerSecond;
    return IdleTail { idleAt, idleFrom, climbRate, tailRate, activity.cpu };
}

std::string idleTailText(const Comparison& comparison)
{
    const auto& idle = comparison.idleTail();
    return idle ? idleTailText(*idle, comparison.analysis().profile().info().timeUnit) : std::string();
}

std::string idleTailText(const IdleTail& idle, TimeUnit unit)
{
    const std::string at = formatTime(idle.at, unit);
    // Counted in CPU time, the program idled. Counted in allocation calls (heaptrack), it only
    // stopped allocating: jq sorting the 176 MB document it had parsed made 51 calls a second at
    // full CPU, and read "nearly idle".
    if (idle.cpu)
        return "It held while the program was nearly idle: from " + at + " on it used " + rateText(idle.tailRate, true)
            + ", against " + rateText(idle.workRate, true)
            + " while it worked. A leak that stopped with the work would hold the same way: the level tells nothing "
              "of a bound. Put B at "
            + at + ", where the work stopped, to read its shape, or record a run that works to its end";
    return "It held once the program all but stopped allocating: from " + at + " on it made "
        + rateText(idle.tailRate, false) + ", against " + rounded(idle.workRate)
        + " before (it idled, or worked on what it held). A leak that stopped with the allocations would hold the "
          "same way: the level tells nothing of a bound. Put B at "
        + at + ", where they stopped, to read its shape, or record a run that allocates to its end";
}

bool heldOnlyWhileIdle(const Comparison& comparison, const DiffRow& row, const IdleTail& idle)
{
    const DiffResult& diff = comparison.diff();
    return row.cls == GrowthClass::Plateau && idle.sample < diff.sampleTimes.size()
        && reachedAsWorkStopped(diff.series(row), diff.sampleTimes, idle.sample);
}

std::string heldOnlyWhileIdleText(const IdleTail& idle, TimeUnit unit)
{
    const std::string at = formatTime(idle.at, unit);
    if (idle.cpu)
        return "It held its level only while the program was nearly idle, from " + at
            + " on: a leak that stopped with the work holds the same way. Put B at " + at + " to read its shape.";
    return "It held its level only once the program all but stopped allocating, from " + at
        + " on: a leak that stopped with the allocations holds the same way. Put B at " + at + " to read its shape.";
}

} // namespace heapline
