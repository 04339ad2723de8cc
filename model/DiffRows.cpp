#include "DiffRows.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace heapline::diff_detail {

// massif records the heap at every snapshot and the rows only at the detailed ones (every tenth,
// and the peak), which can all fall on batches at their highest: the checkpoints then made a
// program of batches "plateau". At each snapshot a row stands at most where the heap does: where
// the heap, between two detailed snapshots, stood below where the row stood at both, the row fell
// at least that far and rose again. The row's series with those dips added (`values` empty: the
// heap itself, at every snapshot): where it shows batches, the row or the heap is spiky. (Only
// then: the classes were made for series the checkpoints' length, and a dense one reads a log
// that doubles beside small leaks as a plateau.)
std::optional<Growth> spikyAtEverySnapshot(const Profile& profile, const std::vector<double>& sampleTimes,
    std::span<const int64_t> values, double timeA, double timeB, double unitSeconds, const GrowthThresholds& th,
    std::span<const AttributedDip> dips, TimedSeries* series)
{
    thread_local std::vector<double> times;
    thread_local std::vector<int64_t> levels;
    times.clear();
    levels.clear();
    const bool row = !values.empty();
    size_t i = 0;
    bool dipped = false, estimated = false;
    for (const auto& point : profile.timeline().heap.points()) {
        if (point.time < timeA || point.time > timeB)
            continue;
        if (!row) {
            times.push_back(point.time);
            levels.push_back(point.value);
            continue;
        }
        for (; i < sampleTimes.size() && sampleTimes[i] <= point.time; ++i) {
            times.push_back(sampleTimes[i]);
            levels.push_back(values[i]);
        }
        if (i == 0 || i == sampleTimes.size())
            continue;
        while (!dips.empty() && dips.front().time < point.time)
            dips = dips.subspan(1);
        const int64_t low = std::min(values[i - 1], values[i]);
        if (point.value < low) {
            times.push_back(point.time);
            const bool below = !dips.empty() && dips.front().time == point.time && dips.front().level < point.value;
            levels.push_back(below ? dips.front().level : point.value);
            dipped = true;
            estimated = estimated || below;
        } else if (!dips.empty() && dips.front().time == point.time && dips.front().level < low) {
            times.push_back(point.time);
            levels.push_back(dips.front().level);
            dipped = estimated = true;
        }
    }
    if (row && !dipped)
        return std::nullopt;
    if (times.size() <= sampleTimes.size() || times.front() != timeA || times.back() != timeB)
        return std::nullopt;
    Growth growth = classifyGrowth(times, levels, levels, unitSeconds, th);
    if (growth.cls != GrowthClass::Spiky)
        return std::nullopt;
    growth.evidence.highsRecorded = false;
    growth.evidence.lowsEstimated = estimated;
    if (series) {
        series->times.assign(times.begin(), times.end());
        series->levels.assign(levels.begin(), levels.end());
    }
    return growth;
}

std::vector<bool> unlistedAtB(
    const Profile& profile, size_t a, size_t b, size_t groupCount, const std::function<uint32_t(CallsiteId)>& groupOf)
{
    const double threshold = profile.info().listingThreshold;
    if (threshold <= 0)
        return {};
    const auto& store = profile.checkpoints();
    const auto& timeline = profile.timeline();
    // The least any snapshot's total stood from each checkpoint to b: under that share of it an
    // entry went unlisted at all of them.
    std::vector<double> leastTotalFrom(b + 2, std::numeric_limits<double>::infinity());
    for (size_t k = b + 1; k-- > 0;) {
        const double t = store.time(k);
        double total = static_cast<double>(timeline.heap.valueAt(t));
        for (const auto& extra : timeline.memory)
            total += static_cast<double>(extra.series.valueAt(t));
        leastTotalFrom[k] = std::min(leastTotalFrom[k + 1], total);
    }
    const size_t callsites = profile.callsiteCount();
    std::vector<int64_t> bytes(callsites, 0), stood(callsites, 0);
    std::vector<uint32_t> zeroSince(callsites, 0);
    for (size_t k = 1; k <= b; ++k) {
        store.forEachDelta(k, [&](const CallsiteDelta& e) {
            const uint32_t c = e.callsite.value;
            if (c >= callsites || e.bytes == 0)
                return;
            const int64_t before = bytes[c];
            bytes[c] += e.bytes;
            if (bytes[c] == 0 && before > 0) {
                stood[c] = before;
                zeroSince[c] = static_cast<uint32_t>(k);
            } else if (bytes[c] != 0) {
                zeroSince[c] = 0;
            }
        });
    }
    std::vector<uint8_t> seen(groupCount, 0); // 1: hideable there, 2: freed where it would show
    for (size_t c = 0; c < callsites; ++c) {
        if (bytes[c] != 0 || zeroSince[c] <= a)
            continue;
        const uint32_t g = groupOf(CallsiteId { static_cast<uint32_t>(c) });
        if (g >= groupCount)
            continue;
        const bool hideable = static_cast<double>(stood[c]) < threshold * leastTotalFrom[zeroSince[c]];
        seen[g] |= hideable ? 1 : 2;
    }
    std::vector<bool> unlisted(groupCount, false);
    for (size_t g = 0; g < groupCount; ++g)
        unlisted[g] = seen[g] == 1;
    return unlisted;
}

GrowthThresholds forBlocksOf(const GrowthThresholds& th, const DiffRow& row)
{
    const auto& held = row.atB.bytes >= row.atA.bytes ? row.atB : row.atA;
    return forBlocksOf(th, held.bytes, held.blocks);
}

size_t listedSamples(std::span<const int64_t> values)
{
    size_t listed = values.size();
    while (listed > 0 && values[listed - 1] == 0)
        --listed;
    return listed == 0 ? values.size() : listed;
}

Growth classifyListed(std::span<const double> times, std::span<const int64_t> values, std::span<const int64_t> highs,
    size_t listed, double unitSeconds, const GrowthThresholds& th)
{
    if (listed < MinListedSamples || listed >= values.size())
        return classifyGrowth(times, values, highs, unitSeconds, th);
    return classifyGrowth(times.first(listed), values.first(listed), highs.first(listed), unitSeconds, th);
}

// The heap fell between two samples; where no row stood above where the heap fell to (the case
// above), which row fell? Say each row stood at least at the lower of its figures at the samples
// on either side (a row that only rose or only fell between them does): then the heap stood at
// least at the sum of those, and where it stood lower, some row dipped below its own by the
// difference, the deficit. A row that stood above the deficit at both samples could have made
// that fall alone. (massif's detailed snapshots of a program of batches plus a log and a cache
// can all fall on batches at their highest: the batch's row read "plateau" for the heap's every
// fall between them.) A fall that two rows could each have made alone goes to neither, unless one
// of them is the only one to explain two falls or more and the other is not: a row seen to make
// such falls again and again is taken to make them all, not a log that grows at every sample and
// is as large as a batch by then.
std::vector<AttributedDip> attributeDips(const Profile& profile, const std::vector<double>& sampleTimes, double timeA,
    double timeB, size_t states,
    const std::function<HeapShare(size_t state, std::vector<int64_t>& values)>& stateValues)
{
    const size_t samples = sampleTimes.size();
    if (samples < 2)
        return {};
    std::vector<int64_t> values(samples);
    // Per gap between samples (indexed by the sample after it): the sum of the states' lows.
    // And of the lows of the states seen to fall somewhere in the window: that they stood at their
    // lows in a gap is what a fall of theirs there would belie.
    std::vector<int64_t> lowSum(samples, 0), fallingLowSum(samples, 0);
    std::vector<bool> falling(states, false);
    for (size_t g = 0; g < states; ++g) {
        if (stateValues(g, values) == HeapShare::None)
            continue;
        for (size_t j = 1; j < samples; ++j)
            falling[g] = falling[g] || values[j] < values[j - 1];
        for (size_t j = 1; j < samples; ++j) {
            lowSum[j] += std::min(values[j - 1], values[j]);
            if (falling[g])
                fallingLowSum[j] += std::min(values[j - 1], values[j]);
        }
    }
    struct Fall {
        double time = 0;
        int64_t heap = 0;
        int64_t deficit = 0;
        size_t after = 0; // the sample after it
        bool certain = false; // a row stood above the heap: that row fell, the case above
        uint32_t candidates = 0, established = 0;
        uint32_t owner = 0, establishedOwner = 0;
        uint32_t above = 0, aboveOwner = 0; // the rows that stood above the heap, the last of them
        int64_t aboveLow = 0;
        bool aboveFalls = false;
    };
    std::vector<Fall> falls;
    size_t i = 0;
    for (const auto& point : profile.timeline().heap.points()) {
        if (point.time <= timeA || point.time >= timeB)
            continue;
        for (; i < samples && sampleTimes[i] <= point.time; ++i) { }
        if (i == 0 || i == samples || sampleTimes[i - 1] == point.time)
            continue;
        if (point.value < lowSum[i])
            falls.push_back(
                { .time = point.time, .heap = point.value, .deficit = lowSum[i] - point.value, .after = i });
    }
    if (falls.empty())
        return {};
    struct Candidate {
        uint32_t group;
        uint32_t fall;
        int64_t level;
    };
    std::vector<Candidate> candidates;
    for (size_t g = 0; g < states; ++g) {
        if (stateValues(g, values) != HeapShare::Row)
            continue;
        for (size_t f = 0; f < falls.size(); ++f) {
            Fall& fall = falls[f];
            const size_t j = fall.after;
            const int64_t low = std::min(values[j - 1], values[j]);
            if (fall.heap < low) {
                fall.certain = true;
                ++fall.above;
                fall.aboveOwner = static_cast<uint32_t>(g);
                fall.aboveLow = low;
                fall.aboveFalls = falling[g];
            } else if (low >= fall.deficit && low > 0) {
                candidates.push_back({ static_cast<uint32_t>(g), static_cast<uint32_t>(f), low - fall.deficit });
                ++fall.candidates;
                fall.owner = static_cast<uint32_t>(g);
            }
        }
    }
    std::vector<uint32_t> alone(states, 0);
    for (const Fall& fall : falls)
        if (!fall.certain && fall.candidates == 1)
            ++alone[fall.owner];
    for (const Candidate& c : candidates) {
        if (alone[c.group] >= 2) {
            ++falls[c.fall].established;
            falls[c.fall].establishedOwner = c.group;
        }
    }
    std::vector<AttributedDip> dips;
    for (const Candidate& c : candidates) {
        const Fall& fall = falls[c.fall];
        if (!fall.certain && fall.established == 1 && fall.establishedOwner == c.group)
            dips.push_back({ c.group, fall.time, c.level });
    }
    // Where one row alone stood above the heap, it fell, and by the same reckoning it stood at
    // most at the heap less the others' lows, not at the heap: a batch freed beside a growing
    // log fell to nothing, not to the log's size (its lows read as risen, the batch "plateau").
    // Only where none of the others is seen to fall anywhere: a row that holds a log and batches
    // (libstdc++'s strings, by module) fell beside the batch's other row, which then stood below
    // its low, and the log would read as batches.
    for (const Fall& fall : falls)
        if (fall.above == 1 && fallingLowSum[fall.after] == (fall.aboveFalls ? fall.aboveLow : 0))
            dips.push_back(
                { fall.aboveOwner, fall.time, std::max<int64_t>(0, fall.heap - (lowSum[fall.after] - fall.aboveLow)) });
    std::stable_sort(dips.begin(), dips.end(), [](const AttributedDip& x, const AttributedDip& y) {
        return x.group != y.group ? x.group < y.group : x.time < y.time;
    });
    return dips;
}

std::span<const AttributedDip> dipsOf(std::span<const AttributedDip> dips, uint32_t group)
{
    const auto [first, last] = std::equal_range(dips.begin(), dips.end(), AttributedDip { group, 0, 0 },
        [](const AttributedDip& x, const AttributedDip& y) { return x.group < y.group; });
    return { first, last };
}

// A census type is counted only where a census was taken (every few snapshots, at marks and the
// end); in between its series holds the last count, a staircase that read "stepwise" for any
// steady climb. Which samples took a census (A always): a census record in their interval.
std::vector<bool> censusSamples(const Profile& profile, const std::vector<size_t>& sampled)
{
    std::vector<bool> taken(sampled.size(), false);
    if (!profile.hasCensus() || sampled.empty())
        return {};
    taken[0] = true;
    const auto& store = profile.checkpoints();
    for (size_t j = 1; j < sampled.size(); ++j)
        for (size_t k = sampled[j - 1] + 1; k <= sampled[j] && !taken[j]; ++k)
            store.forEachDelta(k, [&](const CallsiteDelta& e) { taken[j] = taken[j] || profile.isCensus(e.callsite); });
    return taken;
}

// A census type's class. The series held between censuses is a staircase, and a steady climb
// counted every fifth snapshot read "stepwise" (its "few large jumps" the censuses themselves).
// Read at the census instants alone (four or more), a climb is linear; only that is taken from
// them: sparse as they are, they are too few to tell a hold from a slowing climb at the end.
Growth classifyAtCensus(const std::vector<double>& times, std::span<const int64_t> values,
    std::span<const int64_t> highs, const std::vector<bool>& taken, double unitSeconds, const GrowthThresholds& sampled)
{
    GrowthThresholds th = sampled;
    th.sampleIntervalBytes = 0; // a census counts every object
    Growth held = classifyGrowth(times, values, highs, unitSeconds, th);
    if (held.cls != GrowthClass::Stepwise)
        return held;
    thread_local std::vector<double> t;
    thread_local std::vector<int64_t> v;
    t.clear();
    v.clear();
    for (size_t j = 0; j < taken.size() && j < values.size(); ++j) {
        if (taken[j]) {
            t.push_back(times[j]);
            v.push_back(values[j]);
        }
    }
    if (t.size() < 4)
        return held;
    Growth growth = classifyGrowth(t, v, v, unitSeconds, th);
    if (growth.cls != GrowthClass::Linear)
        return held;
    growth.evidence.highsRecorded = false;
    return growth;
}

// The first checkpoint with a census record, 0 when there is none.
size_t firstCensus(const Profile& profile)
{
    const auto& store = profile.checkpoints();
    for (size_t k = 1; k < store.size(); ++k) {
        bool found = false;
        store.forEachDelta(k, [&](const CallsiteDelta& e) { found = found || profile.isCensus(e.callsite); });
        if (found)
            return k;
    }
    return 0;
}

bool markedLeakLike(const DiffRow& row, const Profile& profile, const GrowthThresholds& th, const Growth* growth)
{
    // A row that holds nothing more at B than at A kept nothing, whatever the shape before; one
    // that gave back nearly all it rose kept little.
    if (!isLeakLike(row.cls) || row.deltaBytes() <= 0
        || static_cast<double>(row.deltaBytes()) < th.leakNetOfRise * static_cast<double>(row.riseBytes()))
        return false;
    // A leak takes again and again: one allocation kept (a stdio buffer made by the last printf)
    // is no accumulation, whatever its shape.
    if (row.allocations == 1)
        return false;
    // Nor one block more, come in one step: main's 40 names, made and freed, and then the stdout
    // buffer its last printf made read "stepwise, leak-like" beside 41 MB of mmap'd pages. (A
    // buffer grown by realloc is one block too, come in many steps.) Wherever blocks are counted:
    // massif counts none.
    if (growth && row.deltaBlocks() <= 1 && growth->evidence.steps <= 1
        && (profile.totals().allocations.has_value() || row.atB.blocks > 0))
        return false;
    // Nor a row that stepped once, of however many blocks: one event, an index rebuilt from the
    // old one (rebuild-end.py: "rebuild +56.1 MB, stepwise !", over its last two snapshots), a
    // cache filled at once (massif's phases: cachePut, bounded, 1.40 MB in one snapshot), nothing
    // that says it comes again. Steps apart from each other are a pattern. (Not a census row: the
    // census counts types at every fifth snapshot or so, and a type that grew all along can show
    // one step between its few counts.)
    if (growth && row.cls == GrowthClass::Stepwise && growth->evidence.stepRuns <= 1 && !row.census)
        return false;
    if (tooFewSamples(row, profile.info().sampleIntervalBytes, th))
        return false;
    return profile.info().intervalHighs
        || static_cast<double>(row.deltaBytes())
        >= th.unknownHighsLeakShare * static_cast<double>(profile.totals().peakHeapBytes);
}

// A row that kept next to nothing of what the heap did, in a window of batches (negligibleGrowth),
// is not marked leak-like either: the Summary, the reports and the budgets leave it out already,
// and the diff's table marked "!" a module's globals that grew 800 B beside batches of 1.7 MB.
void unmarkNegligible(std::span<DiffRow> rows, const DiffRow& total, const GrowthThresholds& th)
{
    // Nor is a row of a few blocks, each made once and kept (fewBlocksKept).
    for (auto& row : rows)
        row.leakLike = row.leakLike && !negligibleGrowth(row, total, th) && !fewBlocksKept(row, total, th);
}

// Up to `count` checkpoint indices from a to b, evenly spread, both ends included.
std::vector<size_t> sampleCheckpoints(size_t a, size_t b, size_t count)
{
    std::vector<size_t> samples;
    const size_t span = b - a;
    if (span + 1 <= count) {
        for (size_t k = a; k <= b; ++k)
            samples.push_back(k);
        return samples;
    }
    for (size_t j = 0; j < count; ++j) {
        const size_t k = a
            + static_cast<size_t>(
                std::llround(static_cast<double>(j) * static_cast<double>(span) / static_cast<double>(count - 1)));
        if (samples.empty() || samples.back() != k)
            samples.push_back(k);
    }
    return samples;
}

} // namespace heapline::diff_detail
