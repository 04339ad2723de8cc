#include "Diff.h"

#include "DeltaCodec.h"
#include "DiffRows.h"
#include "ThreadPlacement.h"

#include <algorithm>
#include <cmath>
#include <memory>
#include <mutex>

namespace heapline {

using namespace diff_detail;

namespace {

// One group's running state, together: an entry touches one cache line, not ten.
struct GroupState {
    int64_t bytes = 0;
    int64_t blocks = 0;
    int64_t bytesA = 0;
    int64_t blocksA = 0;
    int64_t allocations = 0;
    int64_t allocated = 0;
    int64_t frees = 0;
    int64_t temporary = 0;
    int64_t pendingHigh = 0; // the highest since the last sample
    int64_t startLevel = 0; // bytes when the current interval began
    int64_t riseSum = 0; // the rises of the group's callsites in the current interval
    uint32_t stamp = 0; // the interval the two fields above belong to
    uint32_t sampleStamp = 0; // the sample (+ 1) whose period last changed the group
};

// A group's level at a sample, logged where it changed since the sample before (a group's level
// between its logged samples stands still, with no high above it). A group's changes are chained
// from its last back.
struct SampleChange {
    uint32_t previous; // the group's change before, NoChange for its first
    uint32_t sample;
    int64_t value;
    int64_t high;
};
constexpr uint32_t NoChange = UINT32_MAX;

struct Workspace {
    // Large pages from 1 MiB (see the rows' below): the first diff by callsite of a profile makes
    // 12 MB of states, and the change log is made again past LogKept.
    Workspace()
    {
        states.readAtRandom();
        changes.readAtRandom();
        lastChange.readAtRandom();
    }

    PodVector<GroupState> states;
    std::vector<uint32_t> touched;
    std::vector<uint32_t> changedInSample; // groups changed since the last sample
    PodVector<SampleChange> changes; // in sample order, read back by group
    PodVector<uint32_t> lastChange; // per group, NoChange where none

    void reset(size_t groups)
    {
        // Kept for the next diff, which is most often of the same profile; not the largest ever.
        states.clear();
        if (states.capacity() > 2 * groups + 4096)
            states.shrink_to_fit(); // its storage let go, readAtRandom kept
        states.resize(groups, GroupState {});
        touched.clear();
        changedInSample.clear();
        changes.clear();
        lastChange.clear();
        lastChange.resize(groups, NoChange);
    }
};

// A diff's working memory, borrowed for the diff's length. It is kept between diffs (on virtual
// machines touching fresh memory costs more than the arithmetic done in it, and the GUI diffs
// again at every move of A or B) for whichever thread diffs next: the GUI's diffs run on a pool's
// threads and on threads made for a diff beside another, which a workspace per thread left cold
// (the rows by callsite beside every grouping: 11 MB of states for 117 000 callsites, touched
// afresh at each move). Small diffs keep one per thread; of the large, one is kept, with a change
// log of at most LogKept bytes (a full diff by callsite logs megabytes, a move of B far less).
class WorkspaceLease {
public:
    explicit WorkspaceLease(size_t groups)
    {
        if (groups < SharedFrom) {
            m_workspace = &ownOfThread();
            return;
        }
        {
            std::lock_guard lock(mutex());
            m_shared = std::move(kept());
        }
        if (!m_shared)
            m_shared = std::make_unique<Workspace>();
        m_workspace = m_shared.get();
    }
    ~WorkspaceLease()
    {
        if (!m_shared)
            return;
        if (m_shared->changes.memoryBytes() > LogKept) {
            m_shared->changes.clear();
            m_shared->changes.shrink_to_fit();
        }
        std::lock_guard lock(mutex());
        kept() = std::move(m_shared); // the latest, of the profile most likely diffed next
    }
    WorkspaceLease(const WorkspaceLease&) = delete;
    WorkspaceLease& operator=(const WorkspaceLease&) = delete;
    Workspace& operator*() const { return *m_workspace; }

private:
    static constexpr size_t SharedFrom = 4096;
    static constexpr size_t LogKept = size_t(2) << 20;
    static Workspace& ownOfThread()
    {
        thread_local Workspace w;
        return w;
    }
    static std::mutex& mutex()
    {
        static std::mutex m;
        return m;
    }
    static std::unique_ptr<Workspace>& kept()
    {
        static std::unique_ptr<Workspace> k;
        return k;
    }
    Workspace* m_workspace = nullptr;
    std::unique_ptr<Workspace> m_shared;
};

} // namespace

DiffResult computeDiff(std::shared_ptr<const Analysis> analysis, size_t a, size_t b, Grouping grouping, const DiffOptions& options)
{
    const Profile& profile = analysis->profile();
    GrowthThresholds th = options.thresholds;
    th.sampleIntervalBytes = profile.info().sampleIntervalBytes; // a sampled heap's noise
    const auto& store = profile.checkpoints();
    const size_t last = store.size() - 1;
    a = std::min(a, last);
    b = std::min(b, last);
    if (b < a)
        std::swap(a, b);
    // Types are counted from their first census: the objects there before it (an interpreter's
    // code, types and functions, counted at its first snapshot) are no growth from the start,
    // where nothing was counted yet.
    if (grouping == Grouping::Type && profile.hasCensus())
        a = std::min(std::max(a, firstCensus(profile)), b);

    DiffResult result;
    result.analysis = analysis;
    result.grouping = grouping;
    result.a = a;
    result.b = b;
    result.timeA = store.time(a);
    result.timeB = store.time(b);

    const auto& groups = analysis->groups(grouping);
    const size_t groupCount = groups.count;
    const size_t points = std::clamp<size_t>(options.seriesBudget / std::max<size_t>(groupCount, 1), 2, options.maxSeriesPoints);
    const auto sampled = sampleCheckpoints(a, b, points);
    const size_t samples = sampled.size();
    for (size_t k : sampled)
        result.sampleTimes.push_back(store.time(k));

    // Suppressed callsites gather in one more state after the groups: never a row, their own
    // figure beside the rows.
    const SuppressedCallsites* suppressed = options.suppressed && options.suppressed->any() ? options.suppressed.get() : nullptr;
    const uint32_t suppressedGroup = static_cast<uint32_t>(groupCount);
    const size_t states = groupCount + (suppressed ? 1 : 0);
    const auto groupOf = [&](CallsiteId c) { return suppressed && suppressed->contains(c) ? suppressedGroup : groups.of(c); };

    // The total (the heap): exact totals at the checkpoints, and the heap timeline's envelope in
    // between. Classified before the groups' pass, which then follows what libraries' loading made
    // where the total reads as a leak (below).
    const double unitSeconds = secondsPerUnit(profile.info().timeUnit);
    std::vector<int64_t> totalValues(samples), totalHighs(samples);
    for (size_t j = 0; j < samples; ++j) {
        const int64_t v = store.totalAt(sampled[j]).bytes;
        int64_t h = v;
        if (j > 0)
            h = std::max(
                h, profile.timeline().heapHighBetween(result.sampleTimes[j - 1], result.sampleTimes[j]).value_or(v));
        totalValues[j] = v;
        totalHighs[j] = h;
    }
    result.total.atA = store.totalAt(a);
    result.total.atB = store.totalAt(b);
    const GrowthThresholds totalTh = forBlocksOf(th, result.total);
    Growth totalGrowth = classifyGrowth(result.sampleTimes, totalValues, totalHighs, unitSeconds, totalTh);
    // What the libraries' initialisation made (Analysis::madeWhileLoading) is one step at the
    // run's start, where A is: beside a program's own batches, a worker pool's requests that were
    // all freed (128 kB at B, 72.7 kB of it the C++ runtime's pool for exceptions), it made the
    // heap read "stepwise: grows in a few large jumps". Where the heap reads as a leak, the
    // pass below follows those callsites too, and the heap's class is read without them.
    const std::vector<bool>* madeWhileLoading
        = isLeakLike(totalGrowth.cls) ? &analysis->callsitesMadeWhileLoading() : nullptr;
    const bool followLoaded = madeWhileLoading
        && std::find(madeWhileLoading->begin(), madeWhileLoading->end(), true) != madeWhileLoading->end();
    const auto loadedCallsite = [&](CallsiteId c) {
        return followLoaded && c.value < madeWhileLoading->size() && (*madeWhileLoading)[c.value];
    };
    LiveState loaded; // the loaded callsites' live bytes and blocks
    std::vector<int64_t> loadedAt(followLoaded ? samples : 0);

    const WorkspaceLease lease(states);
    Workspace& w = *lease;
    w.reset(states);
    auto& st = w.states;
    auto& touched = w.touched;

    // Group state at A.
    store.addLiveAt(a, [&](CallsiteId c, int64_t b, int64_t n) {
        if (c.value < profile.callsiteCount()) {
            const uint32_t g = groupOf(c);
            st[g].bytes += b;
            st[g].blocks += n;
            if (loadedCallsite(c)) {
                loaded.bytes += b;
                loaded.blocks += n;
            }
        }
    });
    if (followLoaded)
        loadedAt[0] = loaded.bytes;
    for (auto& g : st) {
        g.bytesA = g.bytes;
        g.blocksA = g.blocks;
        g.pendingHigh = g.bytes;
    }

    // Every group's bytes at each sample, and the highest in between. A group's high inside
    // an interval is its level at the start plus the rises of its callsites (exact by callsite,
    // an upper bound for groups of several). Logged only for the groups that changed since the
    // sample before: by callsite, a tenth of the rows change in a sample's period, and a dense
    // table (23 MB on cc1plus) cost more in page faults and scattered writes than the rest of
    // the diff.
    auto& changes = w.changes;
    const auto record = [&](size_t j) {
        for (uint32_t g : w.changedInSample) {
            changes.push_back({ w.lastChange[g], static_cast<uint32_t>(j), st[g].bytes, std::max(st[g].pendingHigh, st[g].bytes) });
            w.lastChange[g] = static_cast<uint32_t>(changes.size() - 1);
            st[g].pendingHigh = st[g].bytes;
        }
        w.changedInSample.clear();
    };
    size_t nextSample = 1;
    const std::atomic<bool>* cancel = options.cancel.get();
    for (size_t k = a + 1; k <= b; ++k) {
        if (cancel && cancel->load(std::memory_order_relaxed))
            throw DiffCancelled {};
        const auto interval = static_cast<uint32_t>(k);
        store.forEachDelta(k, [&](const CallsiteDelta& e) {
            const uint32_t g = groupOf(e.callsite);
            if (st[g].stamp != interval) {
                st[g].stamp = interval;
                st[g].startLevel = st[g].bytes;
                st[g].riseSum = 0;
                touched.push_back(g);
                if (st[g].sampleStamp != nextSample) {
                    st[g].sampleStamp = static_cast<uint32_t>(nextSample);
                    w.changedInSample.push_back(g);
                }
            }
            st[g].riseSum += e.peakRise;
            st[g].bytes += e.bytes;
            st[g].blocks += e.blocks;
            st[g].allocations += e.allocations;
            st[g].allocated += e.allocatedBytes;
            st[g].frees += e.frees;
            st[g].temporary += e.temporary;
            if (loadedCallsite(e.callsite)) {
                loaded.bytes += e.bytes;
                loaded.blocks += e.blocks;
            }
        });
        for (uint32_t g : touched)
            st[g].pendingHigh = std::max({ st[g].pendingHigh, st[g].startLevel + st[g].riseSum, st[g].bytes });
        touched.clear();
        if (nextSample < samples && sampled[nextSample] == k) {
            if (followLoaded)
                loadedAt[nextSample] = loaded.bytes;
            record(nextSample++);
        }
    }

    const auto& lastChange = w.lastChange;
    // A group's series written out (`samples` values and highs), then compressed onto a series
    // of bytes (zigzag varints: the values' changes, then each high above its value) through a
    // buffer; a set of buffers per thread, reused from row to row.
    struct SeriesBuffers {
        std::vector<int64_t> values, highs;
        std::vector<uint8_t> encoded;
    };
    const auto makeBuffers = [samples] {
        SeriesBuffers b;
        b.values.resize(samples);
        b.highs.resize(samples);
        b.encoded.resize(2 * samples * 10);
        return b;
    };
    const auto expand = [&](size_t g, SeriesBuffers& b) {
        // From the end: a sample after a change and before the next stands at the change's level.
        size_t j = samples;
        for (uint32_t at = lastChange[g]; at != NoChange;) {
            const SampleChange& change = changes[at];
            for (; j > change.sample + 1; --j)
                b.values[j - 1] = b.highs[j - 1] = change.value;
            b.values[change.sample] = change.value;
            b.highs[change.sample] = change.high;
            j = change.sample;
            at = change.previous;
        }
        for (; j > 0; --j)
            b.values[j - 1] = b.highs[j - 1] = st[g].bytesA;
    };
    const auto keep = [&](DiffRow& row, SeriesBuffers& b, PodVector<uint8_t>& out) {
        row.seriesOffset = out.size();
        uint8_t* p = b.encoded.data();
        int64_t previous = 0;
        for (size_t j = 0; j < samples; ++j) {
            p = codec::writeVarint(p, codec::zigzag(b.values[j] - previous));
            previous = b.values[j];
        }
        for (size_t j = 0; j < samples; ++j)
            p = codec::writeVarint(p, codec::zigzag(b.highs[j] - b.values[j]));
        out.insert(out.end(), b.encoded.data(), p);
    };

    // Rows: every group with something to say — live at A or B, active in between, or risen and
    // fallen back in between (a census type, which counts no allocations).
    const auto hasSomethingToSay = [&](size_t g) {
        if (st[g].bytesA || st[g].blocksA || st[g].bytes || st[g].blocks || st[g].allocations || st[g].frees)
            return true;
        for (uint32_t at = lastChange[g]; at != NoChange; at = changes[at].previous)
            if (changes[at].high != 0 || changes[at].value != 0)
                return true;
        return false;
    };
    const auto isRow = [&](size_t g) { return !groups.isHidden(static_cast<uint32_t>(g)) && hasSomethingToSay(g); };
    // Rows by the hundred thousand (by callsite) are classified on two threads, each writing its
    // half of the rows in place and its own series of bytes.
    constexpr size_t RowsPerThread = 8192;
    const size_t middle = groupCount >= 2 * RowsPerThread ? groupCount / 2 : groupCount;
    size_t active = 0, activeBefore = 0; // rows in all, and before the later half's
    for (size_t g = 0; g < groupCount; ++g) {
        if (g == middle)
            activeBefore = active;
        active += isRow(g);
    }
    // The rows and their series are read at random (the ranking's moves, a table's rows, a
    // sparkline per row shown), and made afresh by every diff: in small pages, 11 MB of rows by
    // callsite took 3 000 fresh pages each time, at about 4.5 us each on the virtual machines we
    // measure on. In large pages from 1 MiB a diff by callsite of cc1plus-40M took 56 -> 40 ms; the
    // price, each large table's last 2 MiB page resident in full (the GUI: +3-4 MB).
    result.rows.readAtRandom();
    result.rows.resizeUninitialized(active);
    result.m_seriesBytes.readAtRandom();
    // A state's figures as a row (without its class).
    const auto stateRow = [&](size_t g) {
        DiffRow row;
        row.group = static_cast<uint32_t>(g);
        row.atA = { st[g].bytesA, st[g].blocksA };
        row.atB = { st[g].bytes, st[g].blocks };
        row.allocations = st[g].allocations;
        row.allocatedBytes = st[g].allocated;
        row.frees = st[g].frees;
        row.temporary = st[g].temporary;
        return row;
    };
    // Rows known at fewer instants than the heap (massif) fell where the heap fell below them; not
    // a census type's, whose objects are counted apart from the heap and may stand above it.
    const bool checkDips = !profile.info().intervalHighs;
    std::vector<bool> inCensus(profile.hasCensus() ? groupCount : 0);
    for (size_t c = 0; !inCensus.empty() && c < profile.callsiteCount(); ++c)
        if (profile.isCensus(CallsiteId { static_cast<uint32_t>(c) }))
            inCensus[groupOf(CallsiteId { static_cast<uint32_t>(c) })] = true;
    result.m_censusSamples = censusSamples(profile, sampled);
    if (checkDips) {
        SeriesBuffers b = makeBuffers();
        result.m_attributedDips = attributeDips(profile, result.sampleTimes, result.timeA, result.timeB, states,
            [&](size_t g, std::vector<int64_t>& values) {
                if (!inCensus.empty() && g < groupCount && inCensus[g])
                    return HeapShare::None;
                expand(g, b);
                values = b.values;
                return g < groupCount && isRow(g) ? HeapShare::Row : HeapShare::Counted;
            });
    }
    // massif: the groups that read 0 at B only because what they held went under its threshold.
    const std::vector<bool> unlisted = unlistedAtB(profile, a, b, groupCount, [&](CallsiteId c) { return groupOf(c); });
    const auto makeRows = [&](size_t begin, size_t end, DiffRow* rows, PodVector<uint8_t>& series) {
        SeriesBuffers b = makeBuffers();
        const std::span<const int64_t> v(b.values), h(b.highs);
        for (size_t g = begin; g < end; ++g) {
            if (!isRow(g))
                continue;
            DiffRow row = stateRow(g);
            row.census = !inCensus.empty() && inCensus[g];
            expand(g, b);
            row.underThreshold = !unlisted.empty() && unlisted[g] && row.atB.bytes == 0;
            const size_t listed = row.underThreshold ? listedSamples(v) : v.size();
            const GrowthThresholds rowTh = forBlocksOf(th, row);
            const Growth growth = row.census
                ? classifyAtCensus(result.sampleTimes, v, h, result.m_censusSamples, unitSeconds, th)
                : classifyListed(result.sampleTimes, v, h, listed, unitSeconds, rowTh);
            row.cls = growth.cls;
            if (checkDips && row.cls != GrowthClass::Spiky && !row.census && !row.underThreshold
                && spikyAtEverySnapshot(profile, result.sampleTimes, v, result.timeA, result.timeB, unitSeconds, th,
                    dipsOf(result.m_attributedDips, static_cast<uint32_t>(g))))
                row.cls = GrowthClass::Spiky;
            row.highest = growth.evidence.highest;
            row.leakLike = markedLeakLike(row, profile, row.census ? th : rowTh, &growth);
            keep(row, b, series);
            *rows++ = row;
        }
    };
    if (middle < groupCount) {
        PodVector<uint8_t> laterSeries;
        laterSeries.readAtRandom();
        auto later
            = asyncElsewhere([&] { makeRows(middle, groupCount, result.rows.data() + activeBefore, laterSeries); });
        makeRows(0, middle, result.rows.data(), result.m_seriesBytes);
        later.get();
        const size_t shift = result.m_seriesBytes.size();
        for (size_t i = activeBefore; i < active; ++i)
            result.rows[i].seriesOffset += shift;
        result.m_seriesBytes.insert(result.m_seriesBytes.end(), laterSeries.begin(), laterSeries.end());
    } else {
        makeRows(0, groupCount, result.rows.data(), result.m_seriesBytes);
    }
    SeriesBuffers own = makeBuffers();
    if (suppressed) {
        DiffRow row = stateRow(suppressedGroup);
        expand(suppressedGroup, own);
        row.highest = *std::max_element(own.highs.begin(), own.highs.end());
        keep(row, own, result.m_seriesBytes);
        result.suppressed = row;
    }
    // The total's activity: the rows' and the suppressed callsites'.
    const auto countActivity = [&](const DiffRow& row) {
        result.total.allocations += row.allocations;
        result.total.allocatedBytes += row.allocatedBytes;
        result.total.frees += row.frees;
        result.total.temporary += row.temporary;
    };
    for (const DiffRow& row : result.rows)
        countActivity(row);
    if (result.suppressed)
        countActivity(*result.suppressed);

    std::copy(totalValues.begin(), totalValues.end(), own.values.begin());
    std::copy(totalHighs.begin(), totalHighs.end(), own.highs.begin());
    // Only where that step is a good part of the heap's growth (a leak of megabytes beside the
    // 72.7 kB pool keeps its class, however the thresholds fall without it).
    const int64_t setAside = followLoaded ? loadedAt.back() - loadedAt.front() : 0;
    if (setAside > 0
        && static_cast<double>(setAside) >= th.setAsideAtLoadShare * static_cast<double>(result.total.deltaBytes())) {
        // The rest of the heap: its highs less what the loaded callsites held at the higher end of
        // each interval. (Less the lower end, an import's interval read as a batch of its size.)
        for (size_t j = 0; j < samples; ++j) {
            totalValues[j] -= loadedAt[j];
            totalHighs[j] = std::max(
                totalValues[j], totalHighs[j] - (j > 0 ? std::max(loadedAt[j - 1], loadedAt[j]) : loadedAt[j]));
        }
        const GrowthThresholds restTh
            = forBlocksOf(th, result.total.atB.bytes - loaded.bytes, result.total.atB.blocks - loaded.blocks);
        Growth rest = classifyGrowth(result.sampleTimes, totalValues, totalHighs, unitSeconds, restTh);
        // Only a shape of its own, and growth: batches, or a level held. A rest that kept nothing
        // (every byte the libraries' own: a script importing numpy, whose import's scratch then
        // reads as one batch) keeps the heap's class, and the Summary says what made it.
        // Batches that climb steadily are a leak under them all the same: a pool whose requests
        // keep one string in fifty (R² 0.84 without the runtime's pool) read "spiky" by its floor.
        const bool batches = rest.cls == GrowthClass::Spiky && rest.evidence.rSquared < th.setAsideBatchesRSquared;
        if ((batches || rest.cls == GrowthClass::Plateau) && rest.evidence.net > 0) {
            rest.evidence.highest = totalGrowth.evidence.highest; // the heap's
            rest.evidence.setAsideAtLoad = setAside;
            totalGrowth = rest;
            result.m_totalGrowth = rest;
        }
    }
    result.total.cls = totalGrowth.cls;
    result.total.highest = totalGrowth.evidence.highest;
    // Where every snapshot of massif's shows batches the detailed ones missed, the heap is spiky.
    if (!profile.info().intervalHighs && result.total.cls != GrowthClass::Spiky) {
        if (auto growth
            = spikyAtEverySnapshot(profile, result.sampleTimes, {}, result.timeA, result.timeB, unitSeconds, th)) {
            result.total.cls = growth->cls;
            result.total.highest = std::max(result.total.highest, growth->evidence.highest);
            result.m_totalGrowth = growth;
        }
    }
    result.total.leakLike = markedLeakLike(result.total, profile, totalTh);
    unmarkNegligible(result.rows, result.total, th);
    result.m_secondsPerUnit = unitSeconds;
    result.m_thresholds = th;
    const auto& rss = profile.timeline().rss;
    if (!rss.empty()) {
        // RSS against what the heap reached in (A, B], not where it stands at B: pages the heap
        // used and freed stay resident, and that is the allocator's doing, not native memory.
        const auto highest = std::max_element(own.highs.begin(), own.highs.end());
        const int64_t heapHigh = std::max(result.total.atB.bytes, *highest);
        const int64_t rssA = rss.levelAt(result.timeA), rssB = rss.levelAt(result.timeB);
        // RSS's highest until the end of the interval that held the heap's highest: what it grew
        // past that. Not RSS there alone: batches whose first one took RSS up by more than the
        // heap (tracemalloc's own tables, pools) leave RSS wavering by most of a megabyte after,
        // and the heap's highest can come in any batch.
        // Where the heap ran batches, its highest is the last time a batch came near it: batches of
        // one size each reach it, and what RSS gains as later ones find the allocator's pages
        // fragmented is no native memory (a fresh exact recording of eight 2 MB batches read
        // "native" one run in five: RSS 1.07 MB past the first batch's high). A heap that holds
        // near its highest (a sampled cache's estimates) keeps its highest.
        size_t nearHigh = static_cast<size_t>(highest - own.highs.begin());
        for (size_t j = own.highs.size(); result.total.cls == GrowthClass::Spiky && j-- > nearHigh + 1;) {
            if (static_cast<double>(own.highs[j]) >= th.nativeNearHighShare * static_cast<double>(*highest)) {
                nearHigh = j;
                break;
            }
        }
        const double highTime = *highest >= result.total.atB.bytes ? result.sampleTimes[nearHigh] : result.timeB;
        const int64_t rssUntilHigh = std::max(rss.levelAt(highTime), rss.maxIn(result.timeA, highTime).value_or(0));
        result.native = classifyNative(result.total.atA.bytes, heapHigh, rssA, rssB, th, rssUntilHigh);
        if (!result.native)
            result.retained = findRetained(result.total.atA.bytes, heapHigh, result.total.atB.bytes, rssA, rssB, th);
        if (result.retained)
            result.retained->byCPython = profile.info().producer.starts_with("heapline-recorder");
        result.untouched = findUntouched(result.total.atB.bytes, rssB, th);
    }

    keep(result.total, own, result.m_seriesBytes);
    result.m_seriesBytes.shrink_to_fit();
    result.m_seriesPoints = samples;
    result.rank();
    findReplacements(result, th);
    return result;
}

} // namespace heapline
