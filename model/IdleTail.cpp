#include "IdleTail.h"

#include "Comparison.h"
#include "Units.h"

#include <cmath>

namespace heapline {

namespace {

// Held: within this share of its growth of its level at B.
constexpr double HeldShare = 0.05;
// The held part must be this share of the window or more: a short pause before B is no tail.
constexpr double MinTailShare = 0.2;
// Idle: allocation calls at this share of the climb's rate or less.
constexpr double IdleRateShare = 0.02;
// The heap still rose in this last share of the time the program worked.
constexpr double RisingToShare = 0.1;
// A climb of fewer calls has no rate to compare with.
constexpr int64_t MinClimbCalls = 1000;

std::string count(double rate)
{
    return formatCount(static_cast<int64_t>(std::llround(rate)));
}

} // namespace

std::string idleTailText(const Comparison& comparison)
{
    const DiffResult& diff = comparison.diff();
    const Profile& profile = comparison.analysis().profile();
    const Series& calls = profile.timeline().allocations;
    if (comparison.twoFiles() || diff.total.cls != GrowthClass::Plateau || diff.total.deltaBytes() <= 0 || calls.empty()
        || diff.sampleTimes.size() < 3)
        return {};
    // Rates are per second: the clock is seconds or milliseconds (massif's instructions or bytes
    // pass while the program works, and massif counts no calls).
    const TimeUnit unit = profile.info().timeUnit;
    const double unitsPerSecond = unit == TimeUnit::Milliseconds ? 1000.0 : unit == TimeUnit::Seconds ? 1.0 : 0.0;
    const std::vector<double>& times = diff.sampleTimes;
    const double timeA = times.front(), timeB = times.back();
    if (unitsPerSecond == 0 || timeB <= timeA)
        return {};
    const auto callsBetween = [&](double from, double to) { return calls.valueAt(to) - calls.valueAt(from); };
    const double rate = static_cast<double>(callsBetween(timeA, timeB)) / (timeB - timeA);
    // The idle tail: the intervals before B in which the program called at a small share of its
    // rate over the window, back to the last in which it worked.
    size_t idleFrom = times.size() - 1;
    while (idleFrom > 0
        && static_cast<double>(callsBetween(times[idleFrom - 1], times[idleFrom]))
            <= IdleRateShare * rate * (times[idleFrom] - times[idleFrom - 1]))
        --idleFrom;
    const double idleAt = times[idleFrom];
    const int64_t climbCalls = callsBetween(timeA, idleAt);
    if (idleAt <= timeA || timeB - idleAt < MinTailShare * (timeB - timeA) || climbCalls < MinClimbCalls)
        return {};
    // The heap reached its level as the work stopped, and held it since. One that held it while
    // the program still worked (a cache full at its bound, churning) was read right.
    const std::vector<int64_t> heap = diff.series(diff.total);
    const double grown = static_cast<double>(heap.back() - heap.front());
    const auto held
        = [&](size_t i) { return std::abs(static_cast<double>(heap[i] - heap.back())) <= HeldShare * grown; };
    size_t reached = heap.size() - 1;
    while (reached > 0 && held(reached - 1))
        --reached;
    if (reached > idleFrom || times[reached] < idleAt - RisingToShare * (idleAt - timeA))
        return {};
    const double climbRate = static_cast<double>(climbCalls) / (idleAt - timeA) * unitsPerSecond;
    const double tailRate
        = static_cast<double>(std::max<int64_t>(callsBetween(idleAt, timeB), 0)) / (timeB - idleAt) * unitsPerSecond;
    return "It held while the program was nearly idle: from " + formatTime(idleAt, unit) + " on it made "
        + count(tailRate) + (std::llround(tailRate) == 1 ? " allocation call" : " allocation calls")
        + " a second, against " + count(climbRate)
        + " while it worked. A leak that stopped with the work would hold the same way: the level tells "
          "nothing of a bound. Put B at "
        + formatTime(idleAt, unit)
        + ", where the work stopped, to read its shape, or record a run that works to its end";
}

} // namespace heapline
