// The profile model against brute force: live state and diffs at every checkpoint of
// hand-built profiles, interval merging under small caps, the peak checkpoint, edge cases.

#include "model/DeltaCodec.h"
#include "model/PodVector.h"
#include "model/ProfileBuilder.h"
#include "model/RadixSort.h"
#include "model/RowFilter.h"
#include "model/Series.h"
#include "model/Suppressions.h"
#include "model/ThreadPlacement.h"

#include <QFile>
#include <QTest>
#include <absl/container/flat_hash_map.h>
#include <map>
#include <random>
#include <sched.h>
#include <stdexcept>
#include <sys/mman.h>
#include <thread>
#include <unistd.h>
#include <utility>

using namespace heapline;

namespace {

struct Event {
    double time;
    uint32_t callsite;
    int64_t bytes; // > 0 allocation, < 0 free
};

// A small tree: callsite i ends at frame "f<i>" under "main" (and some under a shared "helper").
std::vector<CallsiteId> makeCallsites(ProfileBuilder& builder, size_t count)
{
    const auto file = builder.strings().intern("app.cpp");
    const auto mainFrame = builder.frames().intern({ builder.strings().intern("main"), file, {}, 1 });
    const auto helperFrame = builder.frames().intern({ builder.strings().intern("helper"), file, {}, 2 });
    const NodeId mainNode = builder.stacks().child(NodeId {}, mainFrame);
    const NodeId helperNode = builder.stacks().child(mainNode, helperFrame);
    std::vector<CallsiteId> callsites;
    for (size_t i = 0; i < count; ++i) {
        const auto leaf = builder.frames().intern(
            { builder.strings().intern("f" + std::to_string(i)), file, {}, static_cast<uint32_t>(10 + i) });
        callsites.push_back(builder.callsite(builder.stacks().child(i % 3 ? mainNode : helperNode, leaf)));
    }
    return callsites;
}

// An event format's settings: checkpoints every 10 time units and one at the peak.
BuilderOptions eventOptions()
{
    BuilderOptions options;
    options.checkpointStep = 10;
    options.peakCheckpoint = true;
    return options;
}

// Random allocations and frees (frees only of live blocks) on a millisecond clock.
std::vector<Event> randomEvents(size_t count, size_t callsites, unsigned seed)
{
    std::mt19937 rng(seed);
    std::vector<std::vector<int64_t>> live(callsites);
    std::vector<Event> events;
    double time = 0;
    for (size_t i = 0; i < count; ++i) {
        if (rng() % 7 == 0)
            time += rng() % 25;
        const auto c = static_cast<uint32_t>(rng() % callsites);
        if (!live[c].empty() && rng() % 3 == 0) {
            events.push_back({ time, c, -live[c].back() });
            live[c].pop_back();
        } else {
            const int64_t size = 1 + static_cast<int64_t>(rng() % 5000);
            live[c].push_back(size);
            events.push_back({ time, c, size });
        }
    }
    return events;
}

std::shared_ptr<const Profile> buildFromEvents(const std::vector<Event>& events, size_t callsites, BuilderOptions options)
{
    ProfileBuilder builder(options);
    builder.setCountsEvents(true);
    const auto ids = makeCallsites(builder, callsites);
    for (const auto& e : events) {
        builder.advanceTime(e.time);
        if (e.bytes > 0)
            builder.allocate(ids[e.callsite], e.bytes);
        else
            builder.release(ids[e.callsite], -e.bytes);
    }
    return builder.finish();
}

// For each checkpoint, how many events (a prefix) it includes: all events at or before its time,
// except the start (none) and the peak checkpoint (up to and including the peak event).
std::vector<size_t> eventPrefixes(const Profile& profile, const std::vector<Event>& events)
{
    size_t peakEvent = 0;
    int64_t heap = 0, peak = 0;
    for (size_t i = 0; i < events.size(); ++i) {
        heap += events[i].bytes;
        if (heap > peak) {
            peak = heap;
            peakEvent = i + 1;
        }
    }
    std::vector<size_t> prefixes;
    const auto& store = profile.checkpoints();
    for (size_t k = 0; k < store.size(); ++k) {
        if (k == 0) {
            prefixes.push_back(0);
        } else if (profile.peakCheckpoint() == k) {
            prefixes.push_back(peakEvent);
        } else {
            size_t n = 0;
            while (n < events.size() && events[n].time <= store.time(k))
                ++n;
            prefixes.push_back(n);
        }
    }
    return prefixes;
}

struct Brute {
    std::vector<LiveState> live;
    std::vector<CallsiteDelta> activity;
};

Brute bruteForce(const std::vector<Event>& events, size_t callsites, size_t from, size_t to)
{
    Brute b { std::vector<LiveState>(callsites), std::vector<CallsiteDelta>(callsites) };
    for (size_t i = 0; i < to; ++i) {
        const auto& e = events[i];
        b.live[e.callsite].bytes += e.bytes;
        b.live[e.callsite].blocks += e.bytes > 0 ? 1 : -1;
        if (i >= from) {
            auto& a = b.activity[e.callsite];
            a.bytes += e.bytes;
            a.peakRise = std::max(a.peakRise, a.bytes);
            a.blocks += e.bytes > 0 ? 1 : -1;
            if (e.bytes > 0) {
                a.allocations += 1;
                a.allocatedBytes += e.bytes;
            } else {
                a.frees += 1;
            }
        }
    }
    return b;
}

void compareWithBruteForce(const Profile& profile, const std::vector<Event>& events, size_t callsites, bool exactRises = false)
{
    const auto prefixes = eventPrefixes(profile, events);
    const size_t count = profile.checkpointCount();
    for (size_t k = 0; k < count; ++k) {
        const auto brute = bruteForce(events, callsites, 0, prefixes[k]);
        const auto live = profile.liveAt(k);
        for (size_t c = 0; c < callsites; ++c) {
            QCOMPARE(live[c], brute.live[c]);
            QCOMPARE(profile.live(CallsiteId { c }, k), brute.live[c]);
        }
        LiveState total;
        for (const auto& s : brute.live) {
            total.bytes += s.bytes;
            total.blocks += s.blocks;
        }
        QCOMPARE(profile.checkpoints().totalAt(k), total);
    }
    // diff(A, B) for a spread of pairs, including A == B and the full range.
    for (size_t a = 0; a < count; a += std::max<size_t>(1, count / 7)) {
        for (size_t b = a; b < count; b += std::max<size_t>(1, count / 5)) {
            const auto before = bruteForce(events, callsites, 0, prefixes[a]);
            const auto after = bruteForce(events, callsites, prefixes[a], prefixes[b]);
            std::map<uint32_t, CallsiteDiff> rows;
            for (const auto& row : profile.diff(a, b))
                rows[row.callsite.value] = row;
            for (size_t c = 0; c < callsites; ++c) {
                const bool expectRow = before.live[c] != LiveState {} || !after.activity[c].isZero();
                QCOMPARE(rows.count(static_cast<uint32_t>(c)) == 1, expectRow);
                if (!expectRow)
                    continue;
                const auto& row = rows[static_cast<uint32_t>(c)];
                QCOMPARE(row.atA, before.live[c]);
                QCOMPARE(row.atB, after.live[c]);
                auto expected = after.activity[c];
                expected.callsite = CallsiteId { c };
                // The rise is exact except across the interval split at the peak, where it is
                // an upper bound.
                QVERIFY(row.activity.peakRise >= expected.peakRise);
                if (!profile.peakCheckpoint() || !profile.checkpoints().pinned(*profile.peakCheckpoint()) || exactRises)
                    QCOMPARE(row.activity.peakRise, expected.peakRise);
                auto withoutRise = row.activity;
                withoutRise.peakRise = expected.peakRise;
                QCOMPARE(withoutRise, expected);
            }
        }
    }
}

} // namespace

namespace QTest {
template <>
char* toString(const LiveState& s)
{
    return qstrdup(QByteArray::number(static_cast<qlonglong>(s.bytes)) + " B / " + QByteArray::number(static_cast<qlonglong>(s.blocks)) + " blocks");
}
template <>
char* toString(const CallsiteDelta& d)
{
    return qstrdup(QByteArrayLiteral("{") + QByteArray::number(d.callsite.value) + ": " + QByteArray::number(static_cast<qlonglong>(d.bytes))
                   + " B, " + QByteArray::number(static_cast<qlonglong>(d.blocks)) + " blk, " + QByteArray::number(static_cast<qlonglong>(d.allocations))
                   + " allocs, " + QByteArray::number(static_cast<qlonglong>(d.allocatedBytes)) + " allocB, " + QByteArray::number(static_cast<qlonglong>(d.frees))
                   + " frees}");
}
} // namespace QTest

namespace {
// The large-page paths' tests want large pages wherever the kernel gives them: a slow one faulted
// in by an earlier test (or by their own) would otherwise turn them off for the process.
struct LargePagesAlways {
    LargePagesAlways() { detail::setLargePages(detail::LargePages::Always); }
    ~LargePagesAlways() { detail::setLargePages(detail::LargePages::Adaptive); }
    LargePagesAlways(const LargePagesAlways&) = delete;
    LargePagesAlways& operator=(const LargePagesAlways&) = delete;
};

bool kernelGivesLargePages()
{
    QFile setting("/sys/kernel/mm/transparent_hugepage/enabled");
    return setting.open(QIODevice::ReadOnly) && !setting.readAll().contains("[never]");
}

// The large pages (AnonHugePages, in kB) of the mapping `address` lies in; -1 where it is none.
qlonglong hugeKilobytesAt(const void* address)
{
    QFile smaps("/proc/self/smaps");
    if (!smaps.open(QIODevice::ReadOnly))
        return qlonglong(-1);
    const auto at = reinterpret_cast<uintptr_t>(address);
    bool inside = false;
    for (const QByteArray& line : smaps.readAll().split('\n')) { // /proc's files have no size: read to the end
        const int dash = line.indexOf('-');
        const int space = line.indexOf(' ');
        if (dash > 0 && space > dash && line[space - 1] != ':') { // "begin-end perms ...", not "Field: value"
            const auto begin = line.left(dash).toULongLong(nullptr, 16);
            const auto end = line.mid(dash + 1, space - dash - 1).toULongLong(nullptr, 16);
            inside = at >= begin && at < end;
        } else if (inside && line.startsWith("AnonHugePages:")) {
            return line.mid(14).trimmed().split(' ').front().toLongLong();
        }
    }
    return qlonglong(-1);
}

} // namespace

class TestModel : public QObject {
    Q_OBJECT

private slots:
    // A helper thread leaves the CPU of the thread that started it, where it may run on another,
    // and widens its CPUs again when told; on one allowed CPU it stays.
    void threadPlacementLeavesACpuAndComesBack()
    {
        cpu_set_t allowed;
        QCOMPARE(sched_getaffinity(0, sizeof allowed, &allowed), 0);
        const int cpu = ThreadPlacement::here();
        QVERIFY(cpu >= 0);
        cpu_set_t away {}, back {};
        std::thread([&] {
            ThreadPlacement placement;
            placement.leave(cpu);
            sched_getaffinity(0, sizeof away, &away);
            placement.mayRunAnywhere();
            sched_getaffinity(0, sizeof back, &back);
        }).join();
        QVERIFY(CPU_EQUAL(&back, &allowed));
        if (CPU_COUNT(&allowed) > 1) {
            QVERIFY(!CPU_ISSET(cpu, &away));
            QCOMPARE(CPU_COUNT(&away), CPU_COUNT(&allowed) - 1);
        } else {
            QVERIFY(CPU_EQUAL(&away, &allowed));
        }
    }

    // asyncElsewhere: f's result, or what it threw, from a thread that is not on the caller's CPU.
    void asyncElsewhereRunsOffTheCallersCpu()
    {
        cpu_set_t allowed;
        QCOMPARE(sched_getaffinity(0, sizeof allowed, &allowed), 0);
        const int cpu = ThreadPlacement::here();
        auto away = asyncElsewhere([] {
            cpu_set_t mine;
            sched_getaffinity(0, sizeof mine, &mine);
            return mine;
        }).get();
        if (CPU_COUNT(&allowed) > 1)
            QVERIFY(!CPU_ISSET(cpu, &away));
        auto failing = asyncElsewhere([]() -> int { throw std::runtime_error("out of room"); });
        QVERIFY_THROWS_EXCEPTION(std::runtime_error, failing.get());
    }

    // The arrays a load grows (stack nodes, callsites, checkpoint columns) have their pages faulted
    // in ahead of the writes: on a virtual machine each first write to a page is an exit to the
    // hypervisor. Below 16 MiB a few small pages at a time (one madvise for eight); from 16 MiB on,
    // a large page at a time. What lies past the size is resident (once the prefaulter's thread is
    // done with it), and no more than a step.
    void podVectorFaultsItsPagesInAhead_data()
    {
        QTest::addColumn<uint32_t>("count");
        QTest::addColumn<size_t>("step");
        QTest::newRow("32 MB: large pages from 16") << uint32_t(8u << 20) << size_t(2u << 20);
        QTest::newRow("0.8 MB: small pages") << uint32_t(200'000) << size_t(64u << 10);
    }
    void podVectorFaultsItsPagesInAhead()
    {
        QFETCH(uint32_t, count);
        QFETCH(size_t, step);
        const LargePagesAlways largePages;
        const size_t page = static_cast<size_t>(sysconf(_SC_PAGESIZE));
        PodVector<uint32_t> values;
        bool ahead = true;
        size_t checked = 0;
        for (uint32_t i = 0; i < count; ++i) {
            values.push_back(i * 3);
            if (i % 10'007 != 0 || values.memoryBytes() < (300u << 10))
                continue;
            // The pages past the next write's are faulted in on a thread of their own.
            detail::waitForPrefaults();
            const auto address = reinterpret_cast<uintptr_t>(values.data() + values.size());
            const uintptr_t from = (address + page - 1) & ~(page - 1);
            const auto to = reinterpret_cast<uintptr_t>(values.data() + values.capacity());
            QVERIFY2(to - address <= step, QByteArray::number(qulonglong(to - address)));
            ++checked;
            if (to <= from)
                continue;
            std::vector<unsigned char> resident((to - from) / page);
            QCOMPARE(mincore(reinterpret_cast<void*>(from), to - from, resident.data()), 0);
            ahead = ahead && std::all_of(resident.begin(), resident.end(), [](unsigned char r) { return r & 1; });
        }
        QVERIFY(checked > 10);
        QVERIFY2(ahead, "pages past the size are not resident yet");
        bool intact = true;
        for (uint32_t i = 0; i < count; ++i)
            intact = intact && values[i] == i * 3;
        QVERIFY(intact);
        values.resize(1000);
        values.shrink_to_fit();
        QCOMPARE(values.size(), size_t(1000));
        QCOMPARE(values[999], 999u * 3);
        for (uint32_t i = 0; i < 100'000; ++i)
            values.push_back(i);
        QCOMPARE(values.back(), 99'999u);
        QCOMPARE(values[999], 999u * 3);
    }

    // In large pages, the page after the one being written is faulted in (by the prefaulter's
    // thread) once the writes are three quarters of the way through it, so that the writer does
    // not wait on a fresh 2 MiB page (5-7 ms on the virtual machines we measure on).
    void podVectorFaultsTheNextLargePageInBeforeItIsReached()
    {
        const LargePagesAlways largePages;
        constexpr uintptr_t LargePage = uintptr_t(2) << 20;
        const size_t page = static_cast<size_t>(sysconf(_SC_PAGESIZE));
        PodVector<uint32_t> values;
        size_t checked = 0;
        bool ahead = true;
        QByteArray missing;
        for (uint32_t i = 0; i < (12u << 20); ++i) { // 48 MB
            values.push_back(i);
            if (i % 65'521 != 0 || values.memoryBytes() < (20u << 20))
                continue;
            const auto address = reinterpret_cast<uintptr_t>(values.data() + values.size());
            if (address % LargePage < LargePage * 7 / 8)
                continue;
            detail::waitForPrefaults();
            const uintptr_t next = (address + LargePage - 1) & ~(LargePage - 1);
            std::vector<unsigned char> resident(LargePage / page);
            // Not mapped yet (mincore fails) is not resident either.
            const bool faulted = mincore(reinterpret_cast<void*>(next), LargePage, resident.data()) == 0
                && std::all_of(resident.begin(), resident.end(), [](unsigned char r) { return r & 1; });
            if (!faulted && missing.isEmpty())
                missing
                    = "the next large page is not resident at size " + QByteArray::number(qulonglong(values.size()));
            ahead = ahead && faulted;
            ++checked;
        }
        QVERIFY(checked > 5);
        QVERIFY2(ahead, missing.constData());
        bool intact = true;
        for (uint32_t i = 0; i < values.size(); ++i)
            intact = intact && values[i] == i;
        QVERIFY(intact);
    }

    // From 16 MiB on (1 MiB for a table read at random), a vector's storage is large pages where
    // the kernel has them (transparent huge pages, "madvise" or "always"), also after growing
    // moved it: its mapping in /proc/self/smaps counts AnonHugePages.
    void podVectorUsesLargePagesWhenLarge()
    {
        if (!kernelGivesLargePages())
            QSKIP("this kernel gives no transparent huge pages");
        const LargePagesAlways largePages;
        PodVector<uint64_t> values;
        for (uint64_t i = 0; i < (6u << 20); ++i) // 48 MB, grown (and moved) several times
            values.push_back(i);
        QVERIFY2(hugeKilobytesAt(values.data()) >= 16 * 1024, QByteArray::number(hugeKilobytesAt(values.data())));
        QCOMPARE(values[12345], uint64_t(12345));
        PodVector<uint64_t> small;
        for (uint64_t i = 0; i < (100u << 10); ++i) // 800 KB
            small.push_back(i);
        QCOMPARE(hugeKilobytesAt(small.data()), qlonglong(0));
        // 3 MB: small pages, unless it is a table read at random, which from 1 MiB on is moved to
        // large pages whole.
        PodVector<uint64_t> medium, lookup;
        lookup.readAtRandom();
        for (uint64_t i = 0; i < (384u << 10); ++i) {
            medium.push_back(i);
            lookup.push_back(i * 7);
        }
        QCOMPARE(hugeKilobytesAt(medium.data()), qlonglong(0));
        QVERIFY2(hugeKilobytesAt(lookup.data()) >= 2048, QByteArray::number(hugeKilobytesAt(lookup.data())));
        bool intact = true;
        for (uint64_t i = 0; i < lookup.size(); ++i)
            intact = intact && lookup[i] == i * 7;
        QVERIFY(intact);
    }

    // Once a large page has cost more to fault in than small pages would (a virtual machine that
    // hands free memory back to its host), the process makes no more: new vectors and the rest of
    // one already in large pages take small pages, and hold what is put in them.
    void podVectorStopsTakingLargePagesOnceTheyCostMore()
    {
        if (!kernelGivesLargePages())
            QSKIP("this kernel gives no transparent huge pages");
        const LargePagesAlways largePages;
        PodVector<uint64_t> before;
        before.readAtRandom();
        for (uint64_t i = 0; i < (384u << 10); ++i) // 3 MB: large pages
            before.push_back(i * 5);
        detail::waitForPrefaults();
        const qlonglong hugeBefore = hugeKilobytesAt(before.data());
        QVERIFY2(hugeBefore >= 2048, QByteArray::number(hugeBefore));

        detail::setLargePages(detail::LargePages::Adaptive);
        QVERIFY(!detail::largePagesCostly());
        detail::markLargePagesCostly();
        QVERIFY(detail::largePagesCostly());
        PodVector<uint64_t> lookup, column;
        lookup.readAtRandom();
        for (uint64_t i = 0; i < (3u << 20); ++i) { // 24 MB each
            lookup.push_back(i * 7);
            column.push_back(i * 11);
            if (i < (1u << 20))
                before.push_back(i);
        }
        detail::waitForPrefaults();
        QCOMPARE(hugeKilobytesAt(lookup.data()), qlonglong(0));
        QCOMPARE(hugeKilobytesAt(column.data()), qlonglong(0));
        QVERIFY2(hugeKilobytesAt(before.data()) <= hugeBefore, QByteArray::number(hugeKilobytesAt(before.data())));
        bool intact = true;
        for (uint64_t i = 0; i < lookup.size(); ++i)
            intact = intact && lookup[i] == i * 7 && column[i] == i * 11;
        for (uint64_t i = 0; i < (384u << 10); ++i)
            intact = intact && before[i] == i * 5;
        QVERIFY(intact);

        // Always: large pages again, whatever was learnt.
        detail::setLargePages(detail::LargePages::Always);
        QVERIFY(!detail::largePagesCostly());
    }

    // The allocator of the load's big hash tables hands out memory already faulted in, and
    // a table on it holds what is put in it.
    void faultedInAllocatorHandsOutResidentMemory()
    {
        FaultedInAllocator<uint64_t> allocator;
        constexpr size_t Count = 1 << 17; // 1 MB
        uint64_t* block = allocator.allocate(Count);
        const size_t page = static_cast<size_t>(sysconf(_SC_PAGESIZE));
        std::vector<unsigned char> resident(Count * sizeof(uint64_t) / page);
        QCOMPARE(mincore(block, Count * sizeof(uint64_t), resident.data()), 0);
        QVERIFY(std::all_of(resident.begin(), resident.end(), [](unsigned char r) { return r & 1; }));
        allocator.deallocate(block, Count);

        absl::flat_hash_map<uint32_t, uint32_t, absl::Hash<uint32_t>, std::equal_to<uint32_t>,
            FaultedInAllocator<std::pair<const uint32_t, uint32_t>>>
            table;
        for (uint32_t i = 0; i < 300'000; ++i)
            table.try_emplace(i * 7, i);
        QCOMPARE(table.size(), size_t(300'000));
        QCOMPARE(table.at(7 * 299'999), 299'999u);
        QVERIFY(!table.contains(3));
    }

    void varintCodecRoundTrips()
    {
        std::vector<CallsiteDelta> column;
        column.push_back({ CallsiteId { 0u }, -1, -1, 0, 0, 1, 0 });
        column.push_back({ CallsiteId { 3u }, INT64_MAX / 4, 7, 1 << 20, INT64_MAX / 2, 0, INT64_MAX / 4 });
        column.push_back({ CallsiteId { 4000000000u }, INT64_MIN / 4, -123456789, 5, 9, 1000, 77 });
        std::vector<uint8_t> bytes;
        codec::encodeColumn(column, bytes);
        std::vector<CallsiteDelta> decoded;
        codec::decodeColumn(bytes.data(), bytes.data() + bytes.size(), [&](const CallsiteDelta& e) { decoded.push_back(e); });
        QCOMPARE(decoded.size(), column.size());
        for (size_t i = 0; i < column.size(); ++i)
            QCOMPARE(decoded[i], column[i]);
    }

    // The load's per-interval sorts: the same order as std::sort, short and long inputs, keys of
    // one pass and of several (40-bit size keys), duplicates kept.
    void radixSortSortsLikeStdSort()
    {
        std::mt19937_64 rng(7);
        for (size_t count : { size_t(0), size_t(1), size_t(255), size_t(256), size_t(5000) }) {
            for (unsigned bits : { 5u, 11u, 25u, 40u, 64u }) {
                std::vector<std::pair<uint64_t, uint32_t>> items, scratch;
                for (size_t i = 0; i < count; ++i)
                    items.push_back(
                        { bits == 64 ? rng() : rng() & ((uint64_t(1) << bits) - 1), static_cast<uint32_t>(i) });
                auto expected = items;
                std::stable_sort(
                    expected.begin(), expected.end(), [](const auto& l, const auto& r) { return l.first < r.first; });
                radixSort(items, scratch, [](const auto& item) { return item.first; });
                if (count >= 256)
                    QCOMPARE(items, expected); // stable: equal keys keep their order
                else
                    QVERIFY(std::is_sorted(
                        items.begin(), items.end(), [](const auto& l, const auto& r) { return l.first < r.first; }));
                QCOMPARE(items.size(), expected.size());
            }
        }
    }

    void stackTreeInternsPaths()
    {
        StackTree tree;
        const FrameId a { 1u }, b { 2u };
        const auto na = tree.child(NodeId {}, a);
        QCOMPARE(tree.child(NodeId {}, a), na);
        const auto nab = tree.child(na, b);
        QVERIFY(nab != na);
        QCOMPARE(tree.child(na, b), nab);
        QCOMPARE(tree.depth(nab), size_t(2));
        QCOMPARE(tree[nab].parent, na);
        // Past the listed children, lookups go through the overflow map and still intern.
        std::vector<NodeId> children;
        for (uint32_t f = 10; f < 60; ++f)
            children.push_back(tree.child(na, FrameId { f }));
        for (uint32_t f = 10; f < 60; ++f)
            QCOMPARE(tree.child(na, FrameId { f }), children[f - 10]);
        size_t listed = 0;
        tree.forEachChild(na, [&](NodeId) { ++listed; });
        QCOMPARE(listed, size_t(51));
    }

    // A callsite's suppression rule is its stack's outermost matching frame's: an ancestor's rule
    // comes before the node's own frame's, however far apart they were made (a tree of 300 000
    // nodes, its nodes' rules worked out from their parents').
    void suppressionsOfALargeTree()
    {
        ProfileBuilder builder;
        const auto file = builder.strings().intern("app.cpp");
        const auto frameOf = [&](const char* function) {
            return builder.frames().intern({ builder.strings().intern(function), file, {}, 1 });
        };
        const FrameId plain = frameOf("work"), other = frameOf("other");
        const FrameId ruleA = frameOf("_dl_open_worker"), ruleB = frameOf("tzset_internal");
        const NodeId suppressedEarly = builder.stacks().child(NodeId {}, ruleA); // node 1
        const NodeId early = builder.stacks().child(NodeId {}, plain);
        NodeId chain = early;
        for (int i = 0; i < 300'000; ++i)
            chain = builder.stacks().child(chain, plain);
        const NodeId underEarly = builder.stacks().child(suppressedEarly, plain);
        const NodeId ownRuleUnderEarly = builder.stacks().child(underEarly, ruleB);
        const NodeId ownRule = builder.stacks().child(chain, ruleB);
        const NodeId underOwnRule = builder.stacks().child(ownRule, other);
        const NodeId none = builder.stacks().child(chain, other);
        const NodeId ownRuleOnEarly = builder.stacks().child(early, ruleB);
        std::vector<CallsiteId> callsites;
        for (NodeId n :
            { underEarly, ownRuleUnderEarly, ownRule, underOwnRule, none, suppressedEarly, chain, ownRuleOnEarly })
            callsites.push_back(builder.callsite(n));
        const auto profile = builder.finish();
        SuppressionSettings settings;
        settings.fromFiles = { { "tzset_internal", "a" }, { "dl_open_worker", "b" } };
        settings.builtin = false;
        const SuppressedCallsites suppressed(*profile, suppressionRules(*profile, settings));
        const std::vector<std::optional<size_t>> expected { 1, 1, 0, 0, std::nullopt, 1, std::nullopt, 0 };
        for (size_t i = 0; i < callsites.size(); ++i)
            QCOMPARE(suppressed.rule(callsites[i]), expected[i]);
        QCOMPARE(suppressed.count(), size_t(6));
    }

    void emptyProfile()
    {
        ProfileBuilder builder;
        const auto profile = builder.finish();
        QCOMPARE(profile->callsiteCount(), size_t(0));
        QVERIFY(profile->checkpointCount() >= 1);
        QCOMPARE(profile->totals().peakHeapBytes, int64_t(0));
        QCOMPARE(profile->totals().leakedBytes, int64_t(0));
        QVERIFY(profile->diff(0, profile->checkpointCount() - 1).empty());
        QVERIFY(!profile->totals().allocations.has_value());
    }

    void oneEvent()
    {
        const BuilderOptions options = eventOptions();
        ProfileBuilder builder(options);
        builder.setCountsEvents(true);
        const auto c = makeCallsites(builder, 1)[0];
        builder.advanceTime(5);
        builder.allocate(c, 100);
        const auto profile = builder.finish();
        QCOMPARE(profile->totals().allocations.value(), int64_t(1));
        QCOMPARE(profile->totals().peakHeapBytes, int64_t(100));
        QCOMPARE(profile->totals().peakTime, 5.0);
        QCOMPARE(profile->totals().leakedBytes, int64_t(100));
        const size_t last = profile->checkpointCount() - 1;
        QCOMPARE(profile->live(c, 0), LiveState {});
        QCOMPARE(profile->live(c, last), (LiveState { 100, 1 }));
        QVERIFY(profile->peakCheckpoint().has_value());
        QCOMPARE(profile->live(c, *profile->peakCheckpoint()), (LiveState { 100, 1 }));
        const auto rows = profile->diff(0, last);
        QCOMPARE(rows.size(), size_t(1));
        QCOMPARE(rows[0].activity.allocations, int64_t(1));
        QCOMPARE(rows[0].activity.bytes, int64_t(100));
    }

    void liveAndDiffMatchBruteForce_data()
    {
        QTest::addColumn<int>("events");
        QTest::addColumn<int>("callsites");
        QTest::addColumn<int>("maxCheckpoints");
        QTest::addColumn<unsigned>("seed");
        QTest::addRow("few events") << 40 << 3 << 512 << 1u;
        QTest::addRow("many callsites") << 3000 << 200 << 512 << 2u;
        QTest::addRow("merged to 16 checkpoints") << 5000 << 50 << 16 << 3u;
        QTest::addRow("merged to 4 checkpoints") << 2000 << 20 << 4 << 4u;
        QTest::addRow("keyframes in play") << 20000 << 30 << 512 << 5u;
    }

    void liveAndDiffMatchBruteForce()
    {
        QFETCH(int, events);
        QFETCH(int, callsites);
        QFETCH(int, maxCheckpoints);
        QFETCH(unsigned, seed);
        const auto list = randomEvents(static_cast<size_t>(events), static_cast<size_t>(callsites), seed);
        BuilderOptions options = eventOptions();
        options.maxCheckpoints = static_cast<size_t>(maxCheckpoints);
        const auto profile = buildFromEvents(list, static_cast<size_t>(callsites), options);
        QVERIFY(profile->checkpointCount() <= static_cast<size_t>(maxCheckpoints) + 1);
        QVERIFY(profile->checkpointCount() >= 2);
        compareWithBruteForce(*profile, list, static_cast<size_t>(callsites));
        {
            // The same with every merge in two halves, the later on a thread of its own (as a
            // store of megabytes is merged): the same checkpoints, the same states.
            const size_t threshold = std::exchange(CheckpointStore::parallelMergeBytes, 0);
            const auto halves = buildFromEvents(list, static_cast<size_t>(callsites), options);
            CheckpointStore::parallelMergeBytes = threshold;
            QCOMPARE(halves->checkpointCount(), profile->checkpointCount());
            QCOMPARE(halves->checkpoints().columnBytes(), profile->checkpoints().columnBytes());
            compareWithBruteForce(*halves, list, static_cast<size_t>(callsites));
        }

        int64_t heap = 0, peak = 0;
        for (const auto& e : list) {
            heap += e.bytes;
            peak = std::max(peak, heap);
        }
        QCOMPARE(profile->totals().peakHeapBytes, peak);
        QCOMPARE(profile->totals().leakedBytes, heap);
        QVERIFY(profile->peakCheckpoint().has_value());
        QCOMPARE(profile->checkpoints().totalAt(*profile->peakCheckpoint()).bytes, peak);
    }

    // The keyframes are made by the first live query that needs them, on whatever thread: many
    // threads asking at once get the states one thread alone gets, and the last checkpoint's
    // state is there without them.
    void keyframesMadeOnceWhoeverAsksFirst()
    {
        const auto list = randomEvents(20000, 30, 5);
        const BuilderOptions options = eventOptions();
        const auto alone = buildFromEvents(list, 30, options);
        const auto shared = buildFromEvents(list, 30, options);
        const size_t count = alone->checkpointCount();
        QVERIFY(count > 100);
        const size_t before = shared->checkpoints().memoryBytes();
        QCOMPARE(shared->liveAt(count - 1), alone->liveAt(count - 1));
        QCOMPARE(shared->checkpoints().memoryBytes(), before); // no keyframes for the last state
        std::vector<std::vector<std::vector<LiveState>>> seen(4);
        std::vector<std::thread> threads;
        for (size_t t = 0; t < seen.size(); ++t) {
            threads.emplace_back([&, t] {
                for (size_t k = 0; k < count; ++k)
                    seen[t].push_back(shared->liveAt((k + t * 37) % count));
            });
        }
        for (auto& thread : threads)
            thread.join();
        QVERIFY(shared->checkpoints().memoryBytes() > before);
        for (size_t t = 0; t < seen.size(); ++t)
            for (size_t k = 0; k < count; ++k)
                QCOMPARE(seen[t][k], alone->liveAt((k + t * 37) % count));
    }

    // Merging intervals (a small checkpoint cap, or a small entry cap) must not change the state
    // at the checkpoints that survive.
    void mergingKeepsSurvivingCheckpoints_data()
    {
        QTest::addColumn<int>("cap");
        QTest::addRow("checkpoint cap") << 0;
        QTest::addRow("entry cap") << 1;
        QTest::addRow("byte cap") << 2;
    }

    void mergingKeepsSurvivingCheckpoints()
    {
        QFETCH(int, cap);
        const auto list = randomEvents(8000, 40, 7);
        BuilderOptions fine = eventOptions();
        fine.maxCheckpoints = 100000;
        const auto a = buildFromEvents(list, 40, fine);
        auto coarse = fine;
        if (cap == 1) {
            coarse.maxEntries = 400;
        } else if (cap == 2) {
            // Entries never over their cap; their bytes (about 10 an entry) over 2 an entry.
            coarse.maxEntries = a->checkpoints().entryCount();
            coarse.bytesPerEntry = 2;
        } else {
            coarse.maxCheckpoints = 8;
        }
        const auto b = buildFromEvents(list, 40, coarse);
        QVERIFY(b->checkpointCount() < a->checkpointCount());
        if (cap == 1)
            QVERIFY(b->checkpoints().entryCount() <= 400 || b->checkpointCount() <= 3);
        if (cap == 2)
            QVERIFY(b->checkpoints().columnBytes() <= coarse.maxEntries * 2 || b->checkpointCount() <= 3);
        size_t matched = 0;
        for (size_t kb = 0; kb < b->checkpointCount(); ++kb) {
            const double t = b->checkpoints().time(kb);
            for (size_t ka = 0; ka < a->checkpointCount(); ++ka) {
                if (a->checkpoints().time(ka) != t || a->checkpoints().pinned(ka) != b->checkpoints().pinned(kb))
                    continue;
                QCOMPARE(b->liveAt(kb), a->liveAt(ka));
                ++matched;
                break;
            }
        }
        QVERIFY(matched >= 3);
        // Diff over the whole run is the same at any resolution.
        const auto da = a->diff(0, a->checkpointCount() - 1);
        const auto db = b->diff(0, b->checkpointCount() - 1);
        QCOMPARE(db.size(), da.size());
        for (size_t i = 0; i < da.size(); ++i)
            QCOMPARE(db[i].activity, da[i].activity);
    }

    // The peak's copy is made only once the heap turns from it (ProfileBuilder::markPeak): it
    // still holds the state at the peak when what turns it is a zero-byte allocation, or when
    // the interval holding the peak closes first.
    void peakCopiedOnceTheHeapTurns()
    {
        const BuilderOptions options = eventOptions();
        ProfileBuilder builder(options);
        builder.setCountsEvents(true);
        const auto c = makeCallsites(builder, 2);
        builder.advanceTime(3);
        builder.allocate(c[0], 40);
        builder.allocate(c[1], 20); // a peak, 60
        builder.allocate(c[0], 0); // after it: not in its copy
        builder.release(c[1], 20);
        builder.advanceTime(8);
        builder.allocate(c[1], 30);
        builder.allocate(c[0], 100); // the peak, 170, its copy pending as its interval closes
        builder.advanceTime(15);
        builder.release(c[0], 100);
        builder.allocate(c[1], 5);
        const auto profile = builder.finish();
        QCOMPARE(profile->totals().peakHeapBytes, int64_t(170));
        QCOMPARE(profile->totals().peakTime, 8.0);
        // Split out of the interval that held it: 0, the peak at 8, 10, 15.
        QCOMPARE(profile->checkpointCount(), size_t(4));
        for (size_t k = 1; k < profile->checkpointCount(); ++k)
            QVERIFY(profile->checkpoints().time(k) > profile->checkpoints().time(k - 1));
        const size_t peak = profile->peakCheckpoint().value();
        QCOMPARE(peak, size_t(1));
        QCOMPARE(profile->checkpoints().time(peak), 8.0);
        QCOMPARE(profile->live(c[0], peak), (LiveState { 140, 3 }));
        QCOMPARE(profile->live(c[1], peak), (LiveState { 30, 1 }));
        const auto rows = profile->diff(0, peak);
        const auto row = [&](CallsiteId id) -> const CallsiteDiff* {
            const auto it
                = std::find_if(rows.begin(), rows.end(), [&](const CallsiteDiff& r) { return r.callsite == id; });
            return it == rows.end() ? nullptr : &*it;
        };
        const CallsiteDiff* first = row(c[0]);
        const CallsiteDiff* second = row(c[1]);
        QVERIFY(first && second);
        QCOMPARE(first->activity.allocations, int64_t(3));
        QCOMPARE(second->activity.frees, int64_t(1));
        const size_t last = profile->checkpointCount() - 1;
        QCOMPARE(profile->live(c[0], last), (LiveState { 40, 2 }));
        QCOMPARE(profile->live(c[1], last), (LiveState { 35, 2 }));

        // A peak whose zero-byte allocation follows at once, and nothing after: its copy has
        // one block.
        ProfileBuilder zero(options);
        zero.setCountsEvents(true);
        const auto z = makeCallsites(zero, 1)[0];
        zero.advanceTime(2);
        zero.allocate(z, 64);
        zero.allocate(z, 0);
        const auto zeroProfile = zero.finish();
        QCOMPARE(zeroProfile->live(z, zeroProfile->peakCheckpoint().value()), (LiveState { 64, 1 }));
        QCOMPARE(zeroProfile->live(z, zeroProfile->checkpointCount() - 1), (LiveState { 64, 2 }));
    }

    // Without a peak split, every interval's rise is exact, and so is every diff's.
    void peakRisesAreExactWithoutThePeakSplit()
    {
        const auto list = randomEvents(6000, 25, 11);
        BuilderOptions options;
        options.checkpointStep = 10;
        options.maxCheckpoints = 32;
        const auto profile = buildFromEvents(list, 25, options);
        compareWithBruteForce(*profile, list, 25, true);
    }

    void snapshotStyleSetsCompleteStates()
    {
        ProfileBuilder builder;
        const auto ids = makeCallsites(builder, 3);
        builder.setLive(ids[0], { 100, 1 });
        builder.setLive(ids[1], { 50, 2 });
        builder.checkpoint(1);
        builder.setLive(ids[1], { 80, 3 }); // ids[0] not mentioned: gone in this snapshot
        builder.clearUnsetCallsites();
        builder.checkpoint(2);
        builder.setLive(ids[2], { 7, 1 });
        builder.setLive(ids[1], { 80, 3 });
        builder.clearUnsetCallsites();
        builder.checkpoint(3);
        const auto profile = builder.finish();
        QCOMPARE(profile->checkpointCount(), size_t(4));
        QCOMPARE(profile->live(ids[0], 1), (LiveState { 100, 1 }));
        QCOMPARE(profile->live(ids[0], 2), LiveState {});
        QCOMPARE(profile->live(ids[1], 2), (LiveState { 80, 3 }));
        QCOMPARE(profile->live(ids[2], 3), (LiveState { 7, 1 }));
        QCOMPARE(profile->checkpoints().totalAt(1).bytes, int64_t(150));
        QCOMPARE(profile->checkpoints().totalAt(3).bytes, int64_t(87));
        QCOMPARE(profile->totals().peakHeapBytes, int64_t(150));
        QCOMPARE(profile->peakCheckpoint().value(), size_t(1));
    }

    void seriesKeepsPeaksWhenHalving()
    {
        Series series(8);
        for (int i = 0; i < 100; ++i)
            series.append(i, i == 37 ? 1000 : i);
        QVERIFY(series.size() <= 8);
        QCOMPARE(series.maxValue(), int64_t(1000));
        QCOMPARE(series.points().back().value, int64_t(99));
        const auto down = series.downsample(0, 99, 3);
        QVERIFY(down.size() <= 3);
        int64_t best = 0;
        for (const auto& p : down)
            best = std::max(best, p.max);
        QCOMPARE(best, int64_t(1000));
    }

    // A point's max covers its interval from the point before, whose level it includes: the high
    // in (from, to] is not the level that stood at or before `from`.
    void seriesHighInLeavesOutTheLevelBefore()
    {
        Series series;
        series.append(0, 0);
        series.append(10, 100, 0, 100); // a rehash: old and new arrays both held at the sample
        series.append(20, 50, 50, 100); // the old one freed: 100 is the level at 10
        series.append(30, 60, 50, 70);
        QCOMPARE(series.maxIn(15, 25), std::optional<int64_t>(50));
        QCOMPARE(series.maxIn(5, 25), std::optional<int64_t>(100));
        QCOMPARE(series.maxIn(25, 35), std::optional<int64_t>(70));
        QCOMPARE(series.maxIn(15, 35), std::optional<int64_t>(70));
        QCOMPARE(series.maxIn(31, 40), std::nullopt);
    }

    void backwardsTimeIsRefused()
    {
        BuilderOptions options;
        options.checkpointStep = 10;
        ProfileBuilder builder(options);
        QVERIFY(builder.advanceTime(50));
        QVERIFY(!builder.advanceTime(20));
        QCOMPARE(builder.currentTime(), 50.0);
        QVERIFY(!builder.advanceTime(std::numeric_limits<double>::quiet_NaN()));
    }

    // The one filter of the table, the report and the CLI: case ignored beyond ASCII, the class
    // exact, bytes that are not UTF-8 never matching a letter.
    void rowFilterIgnoresCaseLikeTheTable()
    {
        QVERIFY(RowFilter("LEAK", std::nullopt).accepts("leakEvents(int, long)", GrowthClass::Flat));
        QVERIFY(RowFilter("  leak ", std::nullopt).accepts("LeakEvents", GrowthClass::Flat));
        QCOMPARE(RowFilter("  leak ", std::nullopt).text(), std::string("leak"));
        QVERIFY(RowFilter("ÄRGER", std::nullopt).accepts("void ärger::grow()", GrowthClass::Flat));
        QVERIFY(RowFilter("ДАННЫЕ", std::nullopt).accepts("данные::load", GrowthClass::Flat));
        QVERIFY(!RowFilter("ärger", std::nullopt).accepts("void arger()", GrowthClass::Flat));
        QVERIFY(RowFilter("", GrowthClass::Linear).accepts("anything", GrowthClass::Linear));
        QVERIFY(!RowFilter("any", GrowthClass::Linear).accepts("anything", GrowthClass::Spiky));
        QVERIFY(RowFilter().empty());
        QVERIFY(!RowFilter("a", std::nullopt).accepts(std::string_view("\xff\xfe", 2), GrowthClass::Flat));
        QCOMPARE(foldCase("A\xff" "b"), std::u32string(U"a\uFFFDb"));
        QCOMPARE(foldCase("\xc0\x80"), std::u32string(U"\uFFFD\uFFFD")); // an overlong NUL is no character
        // What Qt's own case folding says about the same pairs (the table's filter before this one).
        for (const char* pair : { "Straße|STRASSE", "ÉCOLE|école", "Σίσυφος|ΣΊΣΥΦΟΣ" }) {
            const QStringList parts = QString::fromUtf8(pair).split(QLatin1Char('|'));
            const bool qt = parts[0].contains(parts[1], Qt::CaseInsensitive);
            QCOMPARE(RowFilter(parts[1].toStdString(), std::nullopt).acceptsKey(parts[0].toStdString()), qt);
        }
    }
};

QTEST_APPLESS_MAIN(TestModel)
#include "tst_model.moc"
