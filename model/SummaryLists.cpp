#include "SummaryLists.h"

#include "KeptCallsites.h"
#include "KeptObjects.h"
#include "Units.h"
#include "Wording.h"

#include <absl/container/flat_hash_map.h>
#include <algorithm>
#include <cctype>
#include <initializer_list>

namespace heapline {

namespace {

// Entries named alike without their plumbing (two callsites of one line, reached through
// different library frames) are named with it.
template <typename Label>
void tellApart(std::vector<SummaryLists::Entry>& entries, Label withPlumbing)
{
    std::vector<bool> alike(entries.size());
    for (size_t i = 0; i < entries.size(); ++i)
        for (size_t j = i + 1; j < entries.size(); ++j)
            if (entries[i].label == entries[j].label && entries[i].key != entries[j].key)
                alike[i] = alike[j] = true;
    for (size_t i = 0; i < entries.size(); ++i)
        if (alike[i])
            entries[i].label = withPlumbing(i);
}

template <typename Value>
std::vector<SummaryLists::Entry> topRows(const Comparison& comparison, size_t top, Value value)
{
    const DiffResult& diff = comparison.diff();
    std::vector<const DiffRow*> rows;
    for (const auto& row : diff.rows)
        if (value(row) > 0)
            rows.push_back(&row);
    const size_t n = std::min(top, rows.size());
    std::partial_sort(rows.begin(), rows.begin() + static_cast<ptrdiff_t>(n), rows.end(),
                      [&](const DiffRow* l, const DiffRow* r) { return value(*l) > value(*r); });
    std::vector<SummaryLists::Entry> out;
    for (size_t i = 0; i < n; ++i)
        out.push_back(
            { diff.key(*rows[i]), comparison.shortKey(*rows[i], 1, false), value(*rows[i]), rows[i]->allocatedBytes });
    tellApart(out, [&](size_t i) { return comparison.shortKey(*rows[i], 1, true); });
    return out;
}

} // namespace

SummaryLists summaryLists(const Comparison& comparison, size_t top)
{
    const Analysis& analysis = comparison.analysis();
    const Profile& profile = analysis.profile();
    const auto& store = profile.checkpoints();
    const DiffResult& diff = comparison.diff();
    SummaryLists lists;
    lists.countsEvents = profile.totals().allocations.has_value();

    // The peak within [A, B] of the "after" run (from its start with a base file): the run's own
    // peak checkpoint when it lies there, else the highest checkpoint.
    const size_t from = comparison.twoFiles() ? 0 : diff.a, to = diff.b;
    size_t peak = from;
    for (size_t k = from; k <= to; ++k)
        if (store.totalAt(k).bytes > store.totalAt(peak).bytes)
            peak = k;
    // (Not where another checkpoint holds more: massif --pages-as-heap=yes marked a snapshot of
    // 5.30 MB its peak, early in a run whose detailed snapshots rose to 10.4 MB.)
    if (const auto runPeak = profile.peakCheckpoint();
        runPeak && *runPeak >= from && *runPeak <= to && store.totalAt(*runPeak).bytes >= store.totalAt(peak).bytes)
        peak = *runPeak;
    lists.peakCheckpoint = peak;
    lists.peakTime = store.time(peak);
    lists.peakBytes = store.totalAt(peak).bytes;
    if (const auto& totals = profile.totals(); totals.peakHeapBytes > lists.peakBytes
        && totals.peakTime >= store.time(from) && totals.peakTime <= store.time(to))
        lists.peakBetweenCheckpoints = totals.peakHeapBytes;

    const auto& groups = analysis.groups(comparison.grouping());
    std::vector<int64_t> atPeak(groups.count);
    const SuppressedCallsites& suppressed = comparison.suppressed();
    store.addLiveAt(peak, [&](CallsiteId c, int64_t bytes, int64_t) {
        if (c.value < profile.callsiteCount() && !suppressed.contains(c))
            atPeak[groups.of(c)] += bytes;
    });
    std::vector<uint32_t> order;
    for (uint32_t g = 0; g < groups.count; ++g)
        if (atPeak[g] > 0 && !groups.isHidden(g))
            order.push_back(g);
    const size_t n = std::min(top, order.size());
    std::partial_sort(order.begin(), order.begin() + static_cast<ptrdiff_t>(n), order.end(),
                      [&](uint32_t l, uint32_t r) { return atPeak[l] > atPeak[r]; });
    for (size_t i = 0; i < n; ++i) {
        const uint32_t g = order[i];
        std::string key = analysis.groupKey(comparison.grouping(), g);
        std::string label
            = comparison.grouping() == Grouping::Callsite ? analysis.shortStackKey(CallsiteId { g }, 1, false) : key;
        lists.peak.push_back({ std::move(key), std::move(label), atPeak[g], 0 });
    }
    if (comparison.grouping() == Grouping::Callsite)
        tellApart(lists.peak, [&](size_t i) { return analysis.shortStackKey(CallsiteId { order[i] }, 1, true); });

    if (lists.countsEvents) {
        lists.allocations = topRows(comparison, top, [](const DiffRow& r) { return r.allocations; });
        lists.temporary = topRows(comparison, top, [](const DiffRow& r) { return r.temporary; });
        // A file with temporaries in its total but none by callsite did not say whose they were.
        // The columns are read only when neither the total nor the rows settle it (this runs on
        // the GUI thread with every comparison).
        bool known = !lists.temporary.empty() || profile.totals().temporaryAllocations.value_or(0) == 0;
        for (size_t k = 1; k < store.size() && !known; ++k)
            store.forEachDelta(k, [&](const CallsiteDelta& e) { known = known || e.temporary != 0; });
        lists.temporaryByCallsite = known;
    }
    return lists;
}

FirstScreenRows firstScreenRows(const Comparison& comparison, size_t topGrowers, size_t topRisers)
{
    const DiffResult& diff = comparison.diff();
    FirstScreenRows rows;
    int64_t largestGrowth = 0;
    size_t i = 0;
    // Rows are ranked by Δbytes: the growers lead. One that kept less than a hundredth of what
    // the first kept (massif's 100 B below its threshold beside 2.74 MB) is no suspect, nor one
    // that kept next to nothing of what the heap did (a stdio buffer beside batches).
    for (; i < diff.rows.size() && rows.growers.size() < topGrowers; ++i) {
        const DiffRow& row = diff.rows[i];
        if (row.deltaBytes() <= 0 || row.deltaBytes() < largestGrowth / 100 || negligibleGrowth(row, diff.total))
            break;
        if (madeAtLoad(comparison, row)) {
            rows.atLoad.push_back(&row);
            continue;
        }
        if (heldByThreads(comparison, row)) {
            rows.threads.push_back(&row);
            continue;
        }
        if (reusedByCPython(comparison, row)) {
            rows.reused.push_back(&row);
            continue;
        }
        if (diff.replacing(row)) {
            rows.replacing.push_back(&row);
            continue;
        }
        rows.growers.push_back(&row);
        largestGrowth = std::max(largestGrowth, row.deltaBytes());
    }
    const double negligibleRise = GrowthThresholds {}.leakShareOfHeapRise * static_cast<double>(diff.total.riseBytes());
    for (; i < diff.rows.size(); ++i) {
        const DiffRow& row = diff.rows[i];
        if (row.riseBytes() > 2 * std::max<int64_t>({ row.deltaBytes(), largestGrowth, 0 })
            && static_cast<double>(row.riseBytes()) >= negligibleRise)
            rows.risers.push_back(&row);
    }
    const size_t n = std::min(topRisers, rows.risers.size());
    std::partial_sort(rows.risers.begin(), rows.risers.begin() + static_cast<ptrdiff_t>(n), rows.risers.end(),
        [](const DiffRow* l, const DiffRow* r) { return l->riseBytes() > r->riseBytes(); });
    rows.risers.resize(n);
    return rows;
}

namespace {

bool didSomething(const DiffRow& r)
{
    return r.deltaBytes() != 0 || r.allocations != 0 || r.frees != 0;
}

// The Python recorder's stack for sampled blocks CPython took back from its free lists for an
// object it could not name (heapline_recorder.py's _REUSED_STACK): one frame in that file.
bool reusedByCPython(const Analysis& analysis, CallsiteId callsite)
{
    const Profile& profile = analysis.profile();
    const NodeId node = profile.callsiteNode(callsite);
    if (node.value == 0)
        return false;
    const auto& entry = profile.stacks()[node];
    return entry.parent.value == 0 && profile.string(profile.frames()[entry.frame].file) == reusedByCPythonFile;
}

// Calls visit(callsite, row) for each callsite of the row that did anything between A and B (by
// callsite, the row's own), until visit returns false; false where the row has no group.
template <typename Visit>
bool visitCallsitesOfRow(const Comparison& comparison, const DiffRow& row, Visit visit)
{
    const DiffResult& diff = comparison.diff();
    if (comparison.grouping() == Grouping::Callsite) {
        const auto callsite = diff.callsite(row);
        if (callsite)
            visit(*callsite, row);
        return callsite.has_value();
    }
    const auto group = diff.analysisGroup(row);
    if (!group)
        return false;
    const auto& groups = comparison.analysis().groups(comparison.grouping());
    const DiffResult& byCallsite = comparison.byCallsite();
    for (const auto& r : byCallsite.rows) {
        const auto c = byCallsite.callsite(r);
        if (c && groups.of(*c) == *group && didSomething(r) && !visit(*c, r))
            break;
    }
    return true;
}

// Whether every callsite of the row that did anything between A and B is one the test says; a
// row of the program's own is told by its first callsite that is not.
template <typename Test>
bool everyCallsiteOfRow(const Comparison& comparison, const DiffRow& row, Test test)
{
    bool any = false, every = true;
    visitCallsitesOfRow(comparison, row, [&](CallsiteId c, const DiffRow&) {
        every = test(comparison.analysis(), c);
        any = true;
        return every;
    });
    return any && every;
}

} // namespace

namespace {

// What a row's callsites grew by, at load and otherwise. A row made at load may hold a little of
// the program's own beside (the script's <module> row, named like the modules it imports: an
// --exact recording of a script that imports numpy held its 6.89 MB beside the script's own few
// bytes, and read "<module> +6.89 MB, linear (leak-like)" as the top suspect).
struct LoadShare {
    int64_t atLoad = 0;
    int64_t other = 0;
    bool any = false; // a callsite at load that did something
    bool made() const { return any && other * 100 <= atLoad; }
};

void addToShare(LoadShare& share, const Analysis& analysis, CallsiteId callsite, const DiffRow& r)
{
    const int64_t grown = std::max<int64_t>(r.deltaBytes(), 0);
    if (analysis.madeWhileLoading(callsite)) {
        share.atLoad += grown;
        share.any = true;
    } else {
        share.other += grown;
    }
}

} // namespace

bool madeAtLoad(const Comparison& comparison, const DiffRow& row)
{
    LoadShare share;
    visitCallsitesOfRow(comparison, row, [&](CallsiteId c, const DiffRow& r) {
        addToShare(share, comparison.analysis(), c, r);
        return true;
    });
    return share.made();
}

bool reusedByCPython(const Comparison& comparison, const DiffRow& row)
{
    return everyCallsiteOfRow(
        comparison, row, [](const Analysis& analysis, CallsiteId c) { return reusedByCPython(analysis, c); });
}

namespace {
// For every group of the comparison's grouping at once: whether every callsite of it that did
// anything between A and B is one the test says (one pass over the callsites).
template <typename Test>
std::vector<bool> groupsWhereEveryCallsite(const Comparison& comparison, Test test)
{
    const Analysis& analysis = comparison.analysis();
    const auto& groups = analysis.groups(comparison.grouping());
    enum : uint8_t { Unknown, Every, NotEvery };
    std::vector<uint8_t> state(groups.count, Unknown);
    const DiffResult& byCallsite = comparison.byCallsite();
    for (const auto& r : byCallsite.rows) {
        const auto c = byCallsite.callsite(r);
        if (!c || !didSomething(r))
            continue;
        uint8_t& s = state[groups.of(*c)];
        if (s != NotEvery)
            s = test(analysis, *c) ? Every : NotEvery;
    }
    std::vector<bool> every(groups.count);
    for (size_t g = 0; g < state.size(); ++g)
        every[g] = state[g] == Every;
    return every;
}
} // namespace

std::vector<bool> groupsMadeAtLoad(const Comparison& comparison)
{
    const Analysis& analysis = comparison.analysis();
    const auto& groups = analysis.groups(comparison.grouping());
    std::vector<LoadShare> shares(groups.count);
    const DiffResult& byCallsite = comparison.byCallsite();
    for (const auto& r : byCallsite.rows)
        if (const auto c = byCallsite.callsite(r); c && didSomething(r))
            addToShare(shares[groups.of(*c)], analysis, *c, r);
    std::vector<bool> made(groups.count);
    for (size_t g = 0; g < shares.size(); ++g)
        made[g] = shares[g].made();
    return made;
}

bool mayBeHeldByThreads(const DiffRow& row)
{
    return !row.leakLike && !isLeakLike(row.cls) && row.deltaBytes() > 0;
}

bool heldByThreads(const Comparison& comparison, const DiffRow& row)
{
    return mayBeHeldByThreads(row) && everyCallsiteOfRow(comparison, row, [](const Analysis& analysis, CallsiteId c) {
        return analysis.madeForThread(c);
    });
}

std::vector<bool> groupsMadeForThreads(const Comparison& comparison)
{
    return groupsWhereEveryCallsite(
        comparison, [](const Analysis& analysis, CallsiteId c) { return analysis.madeForThread(c); });
}

std::vector<bool> groupsReusedByCPython(const Comparison& comparison)
{
    return groupsWhereEveryCallsite(
        comparison, [](const Analysis& analysis, CallsiteId c) { return reusedByCPython(analysis, c); });
}

std::string grewOnlyAtLoadText(const Comparison& comparison, const FirstScreenRows& rows)
{
    const DiffResult& diff = comparison.diff();
    // Beside native growth the program's own did grow, outside the heap: the native finding tells it.
    // Nor where a suspect of the program's own grew in a leak's shape, however little (the
    // deliberate 3 B leaks of a suppressions test). One that only held something in
    // passing at B may stand beside (rxchurn.cpp: a std::regex half built at B, 1.37 kB, spiky,
    // beside the C++ runtime's 72.7 kB pool; the heap read "plateau: a bounded cache").
    const DiffRow& total = diff.total;
    if (rows.atLoad.empty() || total.deltaBytes() <= 0 || diff.native
        || std::any_of(rows.growers.begin(), rows.growers.end(), [](const DiffRow* row) { return row->leakLike; }))
        return {};
    int64_t atLoad = 0;
    for (const DiffRow* row : rows.atLoad)
        atLoad += row->deltaBytes();
    if (atLoad * 10 < total.deltaBytes() * 9)
        return {};
    // A suspect in a leak's shape that is not marked leak-like (one step: 262 B of numpy's random
    // generator, made by a script's first batch, beside 8.17 MB of numpy's import; or the 3 B
    // that embedded_lsan_suppressions leaks on purpose) is the program's own, not "held in passing".
    const bool leakShaped = std::any_of(
        rows.growers.begin(), rows.growers.end(), [](const DiffRow* row) { return isLeakLike(row->cls); });
    if (!rows.growers.empty())
        return "Of that growth, " + formatSignedBytes(atLoad)
            + " was allocated as the program's libraries were loaded, by their initialisation; the other "
            + formatBytes(total.deltaBytes() - atLoad)
            + (leakShaped ? " is the program's own, in the suspects below"
                          : " is what the program held in passing at B, none of it grown leak-like");
    const std::string text = "All of that growth (" + formatSignedBytes(atLoad)
        + ") was allocated as the program's libraries were loaded, by their initialisation";
    // What the census saw kept may be too small for the heap's figures (sockets.py: 752 sockets
    // of 88 B, each an open descriptor): the program's own did grow.
    if (!keptFindings(comparison).empty())
        return text + "; of the program's own, the heap's figures show only what is told as kept";
    return text + ": nothing of the program's own grew";
}

bool grewAllAtLoad(const Comparison& comparison, const FirstScreenRows& rows)
{
    // Beside suspects none of which is marked leak-like, the heap's shape is the loading's too: a
    // script that imports numpy over two snapshots, then runs batches, read "linear: keeps every
    // item it is given … it grows by 1.66 MB a second" for numpy's 8.17 MB and 262 B of its own.
    return isLeakLike(comparison.diff().total.cls) && !grewOnlyAtLoadText(comparison, rows).empty();
}

std::string climbingUnderLevelText(const Comparison& comparison, const FirstScreenRows& rows)
{
    constexpr double ClimbingShare = 0.02;
    constexpr double ClimbingByMiddle = 0.1;
    const DiffResult& diff = comparison.diff();
    // With a base run, A is on the base's clock and the middle of the window means nothing.
    if (comparison.twoFiles() || diff.total.cls != GrowthClass::Plateau || diff.total.deltaBytes() <= 0)
        return {};
    // Climbing beneath the level: it had risen by the window's middle. A row that started late and
    // rose once the heap stood level (phases.cpp's LRU cache, filled in the run's last quarter)
    // is no climb under it.
    const double middle = (diff.timeA + diff.timeB) / 2;
    const size_t atMiddle = static_cast<size_t>(
        std::lower_bound(diff.sampleTimes.begin(), diff.sampleTimes.end(), middle) - diff.sampleTimes.begin());
    const auto risenByMiddle = [&](const DiffRow& row) {
        const std::vector<int64_t> values = diff.series(row);
        return atMiddle < values.size()
            && static_cast<double>(values[atMiddle] - values.front())
            >= ClimbingByMiddle * static_cast<double>(row.deltaBytes());
    };
    std::vector<const DiffRow*> climbing;
    for (const DiffRow* row : rows.growers)
        if (row->leakLike && fewSamplesText(*row, comparison.analysis().profile().info()).empty()
            && static_cast<double>(row->deltaBytes()) >= ClimbingShare * static_cast<double>(diff.total.deltaBytes())
            && risenByMiddle(*row))
            climbing.push_back(row);
    if (climbing.empty())
        return {};
    const auto figures = [](const DiffRow* row) {
        return formatSignedBytes(row->deltaBytes()) + ", " + growthClassName(row->cls) + " (leak-like)";
    };
    if (climbing.size() == 1)
        return "Beneath that level, " + diff.key(*climbing.front()) + " climbs: " + figures(climbing.front());
    std::string text = "Beneath that level, " + std::to_string(climbing.size()) + " suspects climb: ";
    for (size_t i = 0; i < climbing.size(); ++i)
        text += (i ? "; " : "") + diff.key(*climbing[i]) + " " + figures(climbing[i]);
    return text;
}

std::string topGrownByCopiesText(const Comparison& comparison, const DiffRow& top)
{
    const DiffResult& diff = comparison.diff();
    const Growth growth = diff.growth(top);
    const Growth total = diff.growth(diff.total);
    // The heap's own line tells that block already, perhaps with the copies' cost beside it.
    return grownByCopiesText(diff.total, &total).empty() ? grownByCopiesText(top, &growth) : std::string();
}

std::string fewTreesNote(const Comparison& comparison)
{
    // Fewer than this many trees from A to B (A's included) make a class of two intervals or less.
    constexpr size_t MinTrees = 4;
    const Profile& profile = comparison.analysis().profile();
    const DiffResult& diff = comparison.diff();
    if (comparison.twoFiles() || profile.info().recordedFormat() != "massif" || diff.sampleTimes.size() >= MinTrees
        || profile.comparableCheckpoints() == 0)
        return {};
    size_t snapshots = 0;
    for (const auto& point : profile.timeline().heap.points())
        snapshots += point.time >= diff.timeA && point.time <= diff.timeB;
    // The first checkpoint is the run's start, before any snapshot: no tree of massif's.
    const bool fromStart = diff.a == 0;
    const size_t trees = diff.sampleTimes.size() - (fromStart ? 1 : 0);
    if (snapshots < 2 * diff.sampleTimes.size())
        return {};
    return "Only " + std::to_string(trees) + " of the " + std::to_string(snapshots)
        + " snapshots from A to B hold the heap's tree (massif writes it at every tenth, and at the peak): each "
          "row's class rests on those "
        + std::to_string(trees) + (fromStart ? " and the start" : "")
        + ". valgrind --tool=massif --detailed-freq=1 writes the tree at every snapshot, to tell each row's shape.";
}

std::string noBreakdownNote(const Profile& profile)
{
    const auto heap = profile.timeline().heap.points();
    if (profile.comparableCheckpoints() > 0 || heap.empty())
        return {};
    int64_t highest = heap.front().value;
    for (const auto& point : heap)
        highest = std::max(highest, point.value);
    // Not "the heap's total only … 0 B at most": nothing was seen to allocate (the file's
    // warning says what the recorder cannot see).
    if (std::all_of(heap.begin(), heap.end(), [](const SeriesPoint& p) { return p.value == 0 && p.max <= 0; }))
        return "Nothing to compare: the heap is 0 B throughout; the recording saw no allocation.";
    return "Nothing to compare: the file records the heap's total only (" + formatBytes(heap.front().value)
        + " at the start, " + formatBytes(heap.back().value) + " at the end, " + formatBytes(highest)
        + " at most), not where it was allocated.";
}

namespace {

// "main (in batches) via __GI___strdup": the place, and what it called where that tells callsites
// of one nameless place apart.
std::string callsiteLabel(const Analysis& analysis, CallsiteId c)
{
    const FrameId where = analysis.whereFrame(c);
    std::string label = analysis.frameLabel(where, true);
    const auto stack = analysis.profile().stackOf(c);
    if (const auto at = std::find(stack.begin(), stack.end(), where); at != stack.begin() && at != stack.end()) {
        const auto function = analysis.profile().string(analysis.profile().frames()[*(at - 1)].function);
        label += " via " + std::string(function.empty() ? "??" : function);
    }
    return label;
}

} // namespace

std::vector<KeptLine> keptWithin(const Comparison& comparison, const DiffRow& row, size_t top)
{
    const Grouping grouping = comparison.grouping();
    if (grouping == Grouping::Callsite || comparison.twoFiles() || row.leakLike || row.deltaBytes() <= 0)
        return {};
    const DiffResult& diff = comparison.diff();
    const auto group = diff.analysisGroup(row);
    if (!group)
        return {};
    const Analysis& analysis = comparison.analysis();
    const auto& groups = analysis.groups(grouping);
    const auto& store = analysis.profile().checkpoints();
    // The row's callsites that did anything between A and B, by their frame (where the allocation
    // was made): not by the line grouping, which is built on first use, and this runs on the GUI
    // thread with every comparison; the grouping is asked only for a line that is told.
    struct Line {
        int64_t bytes = 0;
        int64_t atTrough = 0; // above A, where the heap stood lowest in the window's later half
        CallsiteId callsite; // one of its callsites, for its key by line
    };
    //
    // A program built without debug information names no line: every callsite of a function
    // inlined into main is "main", and only what it called apart them ("main via strdup" kept what
    // the batches of "main via malloc" did not). Then the callsites are the lines.
    absl::flat_hash_map<uint32_t, Line> byFrame;
    absl::flat_hash_map<uint32_t, uint32_t> frameOf; // callsite -> frame (or itself), for the trough's figures
    const DiffResult& byCallsite = comparison.byCallsite();
    bool byCallsites = false;
    for (const bool callsitesApart : { false, true }) {
        byCallsites = callsitesApart;
        byFrame.clear();
        frameOf.clear();
        for (const auto& r : byCallsite.rows) {
            const auto c = byCallsite.callsite(r);
            if (!c || groups.of(*c) != *group || (r.deltaBytes() == 0 && r.allocations == 0 && r.frees == 0))
                continue;
            const uint32_t frame = callsitesApart ? c->value : analysis.whereFrame(*c).value;
            Line& line = byFrame[frame];
            line.bytes += r.deltaBytes();
            line.atTrough -= r.atA.bytes;
            line.callsite = *c;
            frameOf[c->value] = frame;
        }
        if (byFrame.size() >= 2 || callsitesApart)
            break;
        // Apart by callsite only where the frame names no line that the diff by line could show,
        // and names a function in a place: "?? (in libGL.so.1)" or massif's "below massif's
        // threshold" would tell no callsite from another.
        if (byFrame.empty())
            return {};
        const Profile& profile = analysis.profile();
        const Frame& where = profile.frames()[FrameId { byFrame.begin()->first }];
        const std::string_view function = profile.string(where.function);
        if (where.line != 0 || function.empty() || function == "??" || function == "???"
            || (!where.file.value && !where.module.value))
            return {};
    }
    if (byFrame.size() < 2)
        return {};
    // Two stories a row's shape can hide. It rose far above what it kept: its batches give it its
    // shape, and a line beside them kept what it grew. Or B caught a batch alive (B before a
    // teardown lands at the top of the last one): at the heap's lowest in the window's later half,
    // between batches, the row stood far below where it stands at B, and a line that kept what it
    // grew there too is a leak under the batch.
    const bool roseFar = row.riseBytes() > 2 * row.deltaBytes();
    bool troughTold = false;
    if (!roseFar && diff.b > diff.a + 2) {
        size_t trough = diff.b - 1;
        for (size_t k = diff.a + (diff.b - diff.a) / 2; k < diff.b; ++k)
            if (store.totalAt(k).bytes < store.totalAt(trough).bytes)
                trough = k;
        store.addLiveAt(trough, [&](CallsiteId c, int64_t bytes, int64_t) {
            if (const auto it = frameOf.find(c.value); it != frameOf.end())
                byFrame[it->second].atTrough += bytes;
        });
        int64_t rowAtTrough = 0;
        for (const auto& [frame, line] : byFrame)
            rowAtTrough += line.atTrough;
        troughTold = rowAtTrough <= row.deltaBytes() / 2;
    }
    if (!roseFar && !troughTold)
        return {};
    std::vector<std::pair<FrameId, Line>> lines;
    for (const auto& [frame, line] : byFrame)
        lines.push_back({ FrameId { frame }, line });
    std::sort(lines.begin(), lines.end(), [](const auto& l, const auto& r) {
        return l.second.bytes != r.second.bytes ? l.second.bytes > r.second.bytes : l.first.value < r.first.value;
    });
    // Worth a line of the first screen: a twentieth of what the whole heap rose by (48 bytes kept
    // in a program's main are not), and half the row's growth where the row rose far; where B
    // caught a batch, half of what the line grew by, kept at the trough as well.
    const int64_t twentieth = diff.total.riseBytes() / 20;
    std::vector<KeptLine> kept;
    for (const auto& [frame, line] : lines) {
        if (kept.size() == top || line.bytes < twentieth)
            break;
        const bool told = roseFar ? 2 * line.bytes >= row.deltaBytes() : 2 * line.atTrough >= line.bytes;
        if (!told)
            continue;
        if (byCallsites) {
            kept.push_back({ callsiteLabel(analysis, line.callsite),
                analysis.groupKey(Grouping::Callsite, analysis.groups(Grouping::Callsite).of(line.callsite)),
                line.bytes, Grouping::Callsite });
            continue;
        }
        const uint32_t lineGroup = analysis.groups(Grouping::Line).of(line.callsite);
        kept.push_back({ analysis.frameLabel(frame), analysis.groupKey(Grouping::Line, lineGroup), line.bytes });
    }
    return kept;
}

} // namespace heapline
