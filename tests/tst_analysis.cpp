// Growth analysis: the classifier on synthetic series (each class and its borderlines), frame
// rules, type inference, time specs, diffs on the real four-phase recording, a brute-force
// replay of heaptrack files against diff, and diffs between two files.

#include "TestSupport.h"
#include "importers/ChunkPipeline.h"
#include "importers/Importer.h"
#include "importers/LineReader.h"
#include "model/Demangle.h"
#include "model/Diff.h"
#include "model/TimeSpec.h"
#include "model/TypeInference.h"
#include "model/Wording.h"

#include <QTest>
#include <map>
#include <set>
#include <tuple>

using namespace heapline;
using namespace heapline::test;

Q_DECLARE_METATYPE(std::vector<int64_t>)

namespace {

// A series on a 0..1000 ms clock, n points; highs equal to values unless given.
struct Series {
    std::vector<double> times;
    std::vector<int64_t> values;
    std::vector<int64_t> highs;
};

Series makeSeries(std::vector<int64_t> values, std::vector<int64_t> highs = {})
{
    Series s;
    const size_t n = values.size();
    for (size_t i = 0; i < n; ++i)
        s.times.push_back(n > 1 ? 1000.0 * static_cast<double>(i) / static_cast<double>(n - 1) : 0);
    s.highs = highs.empty() ? values : highs;
    s.values = std::move(values);
    return s;
}

GrowthClass classOf(const Series& s)
{
    return classifyGrowth(s.times, s.values, s.highs, 0.001).cls;
}

std::vector<int64_t> ramp(size_t n, int64_t from, int64_t to)
{
    std::vector<int64_t> v;
    for (size_t i = 0; i < n; ++i)
        v.push_back(from + (to - from) * static_cast<int64_t>(i) / static_cast<int64_t>(n - 1));
    return v;
}

// `count` equal steps of 100, each held for `hold` samples, the last one at the very end.
std::vector<int64_t> steps(int count, int hold)
{
    std::vector<int64_t> v;
    for (int s = 0; s < count; ++s)
        for (int i = 0; i < hold; ++i)
            v.push_back(100 * s);
    v.push_back(100 * count);
    return v;
}

std::shared_ptr<const Analysis> analyse(const QString& path)
{
    auto result = importProfile(path.toStdString());
    if (!result.profile)
        qFatal("%s", result.error->toString().c_str());
    return std::make_shared<const Analysis>(result.profile);
}

const DiffRow* rowWithKey(const DiffResult& diff, const std::string& key)
{
    for (const auto& row : diff.rows)
        if (diff.key(row) == key)
            return &row;
    return nullptr;
}

// An independent replay of a heaptrack file: its own parse of strings, instruction pointers
// and traces, the same frame rules, and plain sums per function — no checkpoints, no columns.
struct Replay {
    struct State {
        int64_t bytes = 0, blocks = 0, allocations = 0, frees = 0;
    };
    std::map<double, std::map<std::string, State>> at; // for each requested time: per function
    std::vector<std::string> keyNames;

    Replay(const QString& path, const std::vector<double>& times)
    {
        const FrameRules rules = FrameRules::defaults();
        std::string error;
        ChunkPipeline pipeline(Decoder::open(path.toStdString(), error));
        LineReader lines(pipeline, nullptr);
        lines.setAcceptUnterminatedLastLine(true);
        std::vector<std::string> strings { "" };
        struct Ip {
            std::vector<std::array<uint64_t, 3>> frames; // innermost first: function, file, line
            uint64_t module = 0;
        };
        std::vector<Ip> ips { Ip {} };
        std::vector<uint32_t> traceKey { 0 }; // per trace: the function key's index
        struct Where {
            // pastAllocator: the first frame past the allocator that can be read; anyPast: the
            // first past it at all (an address placed nowhere, where no other follows).
            std::string user, pastAllocator, anyPast, leaf;
        };
        std::vector<Where> wheres { Where {} };
        std::vector<std::pair<int64_t, uint32_t>> infos;
        std::map<std::string, uint32_t> keyIndex;
        keyNames.push_back("");
        std::vector<State> current(1);
        int version = 0;
        double now = 0;
        size_t nextTime = 0;
        const auto hex = [](std::string_view s) { return std::stoull(std::string(s), nullptr, 16); };
        const auto capture = [&](double upTo) {
            while (nextTime < times.size() && times[nextTime] < upTo) {
                auto& snapshot = at[times[nextTime++]];
                for (size_t k = 1; k < current.size(); ++k)
                    snapshot[keyNames[k]] = current[k];
            }
        };
        std::string_view line;
        while (lines.next(line)) {
            if (line.size() < 2)
                continue;
            const char mode = line[0];
            std::string_view rest = line.substr(2);
            std::vector<std::string_view> f;
            if (mode != 's' && mode != 'X') {
                for (size_t start = 0; start <= rest.size();) {
                    const auto space = rest.find(' ', start);
                    f.push_back(rest.substr(start, space == std::string_view::npos ? std::string_view::npos : space - start));
                    if (space == std::string_view::npos)
                        break;
                    start = space + 1;
                }
            }
            if (mode == 'v') {
                version = f.size() > 1 ? static_cast<int>(hex(f[1])) : 0;
            } else if (mode == 's') {
                if (version >= 3) {
                    const auto space = rest.find(' ');
                    strings.emplace_back(rest.substr(space + 1, hex(rest.substr(0, space))));
                } else {
                    strings.emplace_back(rest);
                }
            } else if (mode == 'i') {
                Ip ip;
                ip.module = hex(f[1]);
                for (size_t k = 2; k < f.size(); k += 3)
                    ip.frames.push_back({ hex(f[k]), k + 1 < f.size() ? hex(f[k + 1]) : 0, k + 2 < f.size() ? hex(f[k + 2]) : 0 });
                ips.push_back(ip);
            } else if (mode == 't') {
                // Where a trace's allocation is: the first user frame from the leaf outward, else
                // the first frame past the allocator, else the leaf — kept per trace, so that a
                // trace only looks at its own instruction pointer's frames.
                const auto& ip = ips[hex(f[0])];
                Where where = wheres[hex(f[1])];
                const bool isNew = !ip.frames.empty() && strings[ip.frames[0][0]].starts_with("operator new");
                if (!isNew) {
                    Where mine;
                    const auto frames = ip.frames.empty() ? std::vector<std::array<uint64_t, 3>> { { 0, 0, 0 } } : ip.frames;
                    for (const auto& fr : frames) {
                        std::string function = fr[0] ? demangle(strings[fr[0]]) : std::string("??");
                        if (function.empty())
                            function = "??";
                        auto role = rules.classify(function, strings[fr[1]], strings[ip.module]);
                        // An address placed nowhere (no name, file or module) is no culprit.
                        const bool unplaceable = function == "??" && !fr[1] && !ip.module;
                        if (unplaceable && role == FrameRole::User)
                            role = FrameRole::System;
                        const std::string label = function == "??"
                            ? "?? in " + (ip.module ? strings[ip.module] : std::string("unknown module"))
                            : functionKey(function, fr[1] ? strings[fr[1]] : std::string());
                        if (mine.leaf.empty())
                            mine.leaf = label;
                        if (mine.pastAllocator.empty() && role != FrameRole::Plumbing && !unplaceable)
                            mine.pastAllocator = label;
                        if (mine.anyPast.empty() && role != FrameRole::Plumbing)
                            mine.anyPast = label;
                        if (mine.user.empty() && role == FrameRole::User)
                            mine.user = label;
                    }
                    where = { mine.user.empty() ? where.user : mine.user,
                        mine.pastAllocator.empty() ? where.pastAllocator : mine.pastAllocator,
                        mine.anyPast.empty() ? where.anyPast : mine.anyPast, mine.leaf };
                }
                wheres.push_back(where);
                const std::string key = !where.user.empty() ? where.user
                    : !where.pastAllocator.empty()          ? where.pastAllocator
                    : !where.anyPast.empty()                ? where.anyPast
                                                            : where.leaf;
                auto [it, inserted] = keyIndex.try_emplace(key, static_cast<uint32_t>(keyNames.size()));
                if (inserted) {
                    keyNames.push_back(key);
                    current.emplace_back();
                }
                traceKey.push_back(it->second);
            } else if (mode == 'a') {
                infos.emplace_back(static_cast<int64_t>(hex(f[0])), traceKey[hex(f[1])]);
            } else if (mode == '+' || mode == '-') {
                const auto& info = infos[hex(f[0])];
                auto& state = current[info.second];
                state.bytes += mode == '+' ? info.first : -info.first;
                state.blocks += mode == '+' ? 1 : -1;
                (mode == '+' ? state.allocations : state.frees) += 1;
            } else if (mode == 'c') {
                const double t = static_cast<double>(hex(f[0]));
                if (t > now) {
                    // Everything so far happened at or before `now`: a checkpoint at any time in
                    // [now, t) holds exactly this state.
                    capture(t);
                    now = t;
                }
            }
        }
        capture(1e300);
    }
};

} // namespace

class TestAnalysis : public QObject {
    Q_OBJECT

private slots:
    void classes_data()
    {
        QTest::addColumn<std::vector<int64_t>>("values");
        QTest::addColumn<std::vector<int64_t>>("highs");
        QTest::addColumn<QString>("expected");
        const std::vector<int64_t> none;
        QTest::newRow("constant") << std::vector<int64_t>(20, 5000) << none << "flat";
        QTest::newRow("wobble under 2%") << std::vector<int64_t> { 1000, 1010, 995, 1012, 1000, 1005 } << none << "flat";
        QTest::newRow("wobble over 2%") << std::vector<int64_t> { 1000, 1010, 995, 1030, 1000, 1005 } << none << "spiky";
        QTest::newRow("steady ramp") << ramp(30, 0, 3'000'000) << none << "linear";
        QTest::newRow("noisy ramp") << std::vector<int64_t> { 0, 120, 180, 330, 390, 520, 580, 730, 780, 930, 1000 } << none << "linear";
        QTest::newRow("five steps") << steps(5, 8) << none << "stepwise";
        QTest::newRow("eight steps") << steps(8, 5) << none << "stepwise"; // carrying 80% of the rise takes 7
        QTest::newRow("twelve steps") << steps(12, 4) << none << "linear"; // too many to be steps: a ramp
        QTest::newRow("one late jump") << std::vector<int64_t> { 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 5000, 5000 } << none << "stepwise";
        QTest::newRow("rise then hold") << std::vector<int64_t> { 0, 300, 600, 900, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000 } << none << "plateau";
        QTest::newRow("hold with churn under 10%") << std::vector<int64_t> { 0, 500, 1000, 1000, 1000, 1050, 1000, 1080, 1000, 1060 } << none << "plateau";
        // A buffer that doubles as it fills at a steady pace holds twice as long after each step:
        // held since its last for less than twice the gap before it, it is between steps.
        const std::vector<int64_t> doubling { 0, 1, 2, 4, 4, 8, 8, 8, 8, 16, 16, 16, 16, 16, 16, 16 };
        const std::vector<int64_t> doubledThenHeld { 0, 1, 2, 4, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8 };
        const std::vector<int64_t> equalSteps { 0, 4, 4, 8, 8, 12, 12, 16, 16, 16, 16, 16 };
        const auto kB = [](std::vector<int64_t> v) {
            for (auto& x : v)
                x *= 1000;
            return v;
        };
        QTest::newRow("doubling buffer between steps") << kB(doubling) << none << "stepwise";
        QTest::newRow("doubled, then held long") << kB(doubledThenHeld) << none << "plateau";
        // Equal steps (threads, widgets, entries of a cache) are no doubling, however soon it ends.
        QTest::newRow("equal steps, then held") << kB(equalSteps) << none << "plateau";
        QTest::newRow("tail moves over 10%")
            << std::vector<int64_t> { 0, 500, 1000, 1000, 1000, 1000, 1000, 1150, 1150, 1000 } << none << "linear";
        // A batch seen alive by one sample of the tail (a request's scratch buffer above a buffer
        // made at start-up) is a spike, not a move of the level: the row held.
        QTest::newRow("tail holds under a batch seen once")
            << std::vector<int64_t> { 0, 500, 1000, 1000, 1000, 1000, 1000, 1150, 1000, 1000 } << none << "plateau";
        // Nor does a batch seen once make steps of a hold: a start-up jump, then the scratch seen
        // alive at four samples, read six steps and "stepwise" (ht.native, a C service).
        QTest::newRow("one jump, batches seen at samples") << std::vector<int64_t> { 0, 727, 891, 727, 727, 891, 727,
            727, 891, 727, 727, 891, 727, 727 } << none << "plateau";
        QTest::newRow("batches seen at checkpoints") << std::vector<int64_t> { 0, 3000, 0, 3000, 0, 3000, 0, 0 } << none << "spiky";
        QTest::newRow("batches between checkpoints") << std::vector<int64_t>(10, 0)
                                                     << std::vector<int64_t> { 0, 3000, 0, 3000, 0, 3000, 0, 3000, 0, 0 } << "spiky";
        QTest::newRow("batches, one alive at B") << std::vector<int64_t> { 0, 0, 0, 0, 0, 0, 0, 0, 0, 2900 }
                                                 << std::vector<int64_t> { 0, 3000, 0, 3000, 0, 3000, 0, 3000, 0, 3000 } << "spiky";
        QTest::newRow("leak under batches") << ramp(10, 0, 9000) << std::vector<int64_t> { 0, 4000, 5000, 6000, 7000, 8000, 9000, 10000, 11000, 9000 }
                                            << "linear";
        QTest::newRow("shrinks") << ramp(10, 5000, 1000) << none << "shrinking";
        QTest::newRow("rise and fall") << std::vector<int64_t> { 0, 1000, 2000, 3000, 2000, 1000, 100 } << none << "spiky";
    }

    void classes()
    {
        QFETCH(std::vector<int64_t>, values);
        QFETCH(std::vector<int64_t>, highs);
        QFETCH(QString, expected);
        QCOMPARE(QString::fromLatin1(growthClassName(classOf(makeSeries(values, highs)))), expected);
    }

    // A fresh request loop (tests/data/fresh/kvstore.cpp): handleRequest keeps a history vector
    // that doubles (2.1 MB at the end) beside the LRU cache it filled at start-up (0.6 MB). By
    // function, its steps are small against what the row had grown to, and it read "plateau" -
    // the Summary's second suspect, an unbounded vector called a bounded cache. Its last steps
    // each double the one before: a doubling between steps. Held four times as long, a plateau.
    void aDoublingBesideACacheIsNoPlateau()
    {
        const std::vector<int64_t> handler { 0, 273869, 547437, 733072, 733072, 864144, 864144, 934800, 864144, 1126288,
            1126288, 1126288, 1126288, 1126288, 1126288, 1126288, 1126288, 1126288, 1650576, 1650576, 1650576, 1650576,
            1650576, 1650576, 1650576, 1650576, 1650576, 1650576, 1650576, 1650576, 1650576, 1650576, 1722256, 1650576,
            1650576, 2699152, 2699152, 2769808, 2699152, 2765712, 2699152, 2699152, 2699152, 2699152, 2699152, 2699152,
            2699152, 2765712, 2699152, 2699152, 2767760, 2699152, 2699152, 2699152, 2699152, 2699152, 2699152, 2699152,
            2699152, 2699152, 2699152, 2699152, 2699152, 2771133 };
        std::vector<double> times(handler.size());
        for (size_t i = 0; i < times.size(); ++i)
            times[i] = 44.0 * static_cast<double>(i);
        const Growth doubling = classifyGrowth(times, handler, handler, 0.001);
        QCOMPARE(doubling.cls, GrowthClass::Stepwise);
        std::vector<int64_t> heldLong = handler;
        std::vector<double> longTimes = times;
        for (int i = 0; i < 100; ++i) {
            heldLong.push_back(handler.back());
            longTimes.push_back(longTimes.back() + 44.0);
        }
        QCOMPARE(classifyGrowth(longTimes, heldLong, heldLong, 0.001).cls, GrowthClass::Plateau);
        // Equal steps beside that cache stay a plateau: no doubling.
        std::vector<int64_t> equalSteps = handler;
        for (size_t i = 9; i < equalSteps.size(); ++i)
            equalSteps[i] = 864144 + 500'000 * static_cast<int64_t>(std::min<size_t>((i - 9) / 9 + 1, 3));
        QCOMPARE(classifyGrowth(times, equalSteps, equalSteps, 0.001).cls, GrowthClass::Plateau);
    }

    // A dataset loaded through a transient twice its size (tests/data/fresh/loadthenserve.py: a
    // JSON text and its parse, 158 MB, then 67.8 MB kept while requests are served) read "spiky:
    // builds batches and frees them". It rose once and held: a plateau. Batches stay spiky: two
    // such rises, or a row that gives back nearly all it rose by.
    // A cache held flat for the whole run and freed by the static destructors at exit, across two
    // checkpoints (tests/data/fresh/qtsvc.cpp's rendered pages): a plateau freed at the end, not
    // batches. A rise that at once shrank over three snapshots stays batches.
    void aCacheFreedAtExitOverTwoIntervalsIsNoBatch()
    {
        std::vector<double> times;
        std::vector<int64_t> cache;
        for (int i = 0; i <= 30; ++i) {
            times.push_back(30.0 * i);
            cache.push_back(i == 0 ? 0 : i == 1 ? 676'194 : 1'229'400);
        }
        cache[29] = 221'292;
        cache[30] = 0;
        const Growth freed = classifyGrowth(times, cache, cache, 0.001);
        QCOMPARE(freed.cls, GrowthClass::Plateau);
        QCOMPARE(freed.evidence.finalFall, int64_t(1'229'400));
        const std::vector<double> snapshots { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13 };
        const std::vector<int64_t> shrank { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 13'008, 11'960, 8'416, 5'320 };
        QCOMPARE(classifyGrowth(snapshots, shrank, shrank, 0).cls, GrowthClass::Spiky);
    }

    void aLoadThroughATransientIsNoBatch()
    {
        const std::vector<double> times { 0, 5, 150, 300, 450, 600, 750, 900, 1050, 1200, 1350, 1500, 1650, 1800, 1950,
            2300 };
        const std::vector<int64_t> values { 0, 0, 40'422'492, 61'314'853, 78'982'209, 79'343'408, 67'765'579,
            67'765'579, 67'765'579, 67'765'579, 67'765'579, 67'765'579, 67'765'579, 67'765'579, 67'765'579,
            67'765'579 };
        std::vector<int64_t> highs = values;
        highs[6] = 158'325'617;
        QCOMPARE(classifyGrowth(times, values, highs, 1.0).cls, GrowthClass::Plateau);
        std::vector<int64_t> twice = highs;
        twice[11] = 158'325'617;
        QCOMPARE(classifyGrowth(times, values, twice, 1.0).cls, GrowthClass::Spiky);
        std::vector<int64_t> givenBack = values, givenBackHighs = highs;
        for (size_t i = 6; i < givenBack.size(); ++i)
            givenBack[i] = givenBackHighs[i] = 20'000'000;
        givenBackHighs[6] = 158'325'617;
        QCOMPARE(classifyGrowth(times, givenBack, givenBackHighs, 1.0).cls, GrowthClass::Spiky);
    }

    // A row that still climbs at B holds nothing, however slowly beside a first large step: a
    // service's 4 MB table built at start, then 48 kB of sessions leaked per sample (its climb in
    // the last part within a tenth of its growth, and under half the window's mean pace) read
    // "plateau: rises, then holds". A cache that fills and then churns at its bound stays one.
    void aSlowClimbAfterAStepIsNoPlateau()
    {
        std::vector<double> times;
        std::vector<int64_t> climb, churn, filledEarly;
        for (int i = 0; i <= 40; ++i) {
            times.push_back(25.0 * i);
            const int64_t table = i == 0 ? 0 : 4'200'000;
            climb.push_back(table + 38'000 * i);
            churn.push_back(table + (i % 2 == 0 ? 0 : 38'000));
            filledEarly.push_back(table + 38'000 * std::min(i, 20));
        }
        QCOMPARE(classifyGrowth(times, climb, climb, 0.001).cls, GrowthClass::Linear);
        QCOMPARE(classifyGrowth(times, churn, churn, 0.001).cls, GrowthClass::Plateau);
        QCOMPARE(classifyGrowth(times, filledEarly, filledEarly, 0.001).cls, GrowthClass::Plateau);
        // The same climb with what a process frees as it exits at the last sample.
        std::vector<int64_t> exiting = climb;
        exiting.back() -= 51'200;
        QCOMPARE(classifyGrowth(times, exiting, exiting, 0.001).cls, GrowthClass::Linear);
        // A climb in bursts, standing still in every third interval (a round of requests, then a
        // sleep: tests/data/fresh/bus.cpp's strings by type, a 1 MB cache beside sessions' names
        // leaked at 440 kB a second), still climbs, in steps; it had read "plateau".
        std::vector<int64_t> bursts;
        for (int i = 0; i <= 40; ++i)
            bursts.push_back((i == 0 ? 0 : 4'200'000) + 38'000 * (i - i / 3));
        QVERIFY(isLeakLike(classifyGrowth(times, bursts, bursts, 0.001).cls));
    }

    // A request handler's strings kept by a bounded LRU, beside its scratch vector of 16-21 kB
    // (tests/data/fresh/cxxcache.cpp, by function): 150.5 kB or 171 kB as a checkpoint finds the
    // scratch freed or alive, again and again, a move of 12% of its growth. It read "stepwise !"
    // leak-like. Moves within what the row churns by (the second largest fall at its level) are
    // no growth; the same churn on a climb stays leak-like, and so does a doubling beside it.
    void aLevelThatChurnsHolds()
    {
        const std::vector<int64_t> handler { 0, 123109, 168100, 166500, 150500, 166500, 171300, 170500, 171300, 169700,
            168900, 170500, 168100, 168100, 170500, 168900, 170500, 168100, 150500, 171300, 168100, 150500, 150500,
            150500, 166500, 150500, 150500, 171300, 171300, 169700, 169201, 170001, 170500, 150500, 171300, 150500,
            171300, 150500, 171601 };
        std::vector<double> times(handler.size());
        for (size_t i = 0; i < times.size(); ++i)
            times[i] = 23.0 * static_cast<double>(i);
        QCOMPARE(classifyGrowth(times, handler, handler, 0.001).cls, GrowthClass::Plateau);
        std::vector<int64_t> climbing = handler;
        for (size_t i = 1; i < climbing.size(); ++i)
            climbing[i] += 4'000 * static_cast<int64_t>(i);
        QVERIFY(isLeakLike(classifyGrowth(times, climbing, climbing, 0.001).cls));
        std::vector<int64_t> doubled = handler;
        for (size_t i = 30; i < doubled.size(); ++i)
            doubled[i] += 171'000;
        QVERIFY(isLeakLike(classifyGrowth(times, doubled, doubled, 0.001).cls));
    }

    // A fresh std::pmr program (an index of strings in a pool resource, never pruned): by
    // function, the pool's chunks and the vector indexing them double together, each doubling
    // seen in two intervals a few checkpoints apart (1.16 -> 1.90 -> 2.23 MB, 2.23 -> 3.71 ->
    // 4.36 MB). Each part alone is too small against what the row had grown to for a doubling,
    // and the row, held for the last 0.95 s, read "plateau: a bounded cache".
    void aDoublingSeenInTwoIntervalsIsOneStep()
    {
        const std::vector<double> times { 0, 460, 490, 530, 560, 600, 630, 670, 710, 740, 790, 820, 860, 890, 930, 970,
            1000, 1040, 1070, 1110, 1140, 1190, 1230, 1260, 1300, 1330, 1370, 1400, 1440, 1480, 1510, 1550, 1590, 1630,
            1660, 1700, 1730, 1760, 1800, 1830, 1870, 1900, 1940, 1990, 2020, 2060, 2090, 2130, 2160, 2200, 2240, 2270,
            2310, 2340, 2380, 2420, 2460, 2500, 2530, 2570, 2600, 2640, 2670, 2710 };
        std::vector<int64_t> index { 0, 130336, 210125, 322720, 363680, 548256, 630176, 630176, 630176, 999424, 1163264,
            1163264, 1163264, 1163264, 1163264, 1163264, 1163264, 1163264, 1901568, 2229248, 2229248, 2229248, 2229248,
            2229423, 2229248, 2229248, 2229248, 2229248, 2229248, 2229248, 2229248, 2229248, 2229248, 2229248, 3705728,
            3705728, 4361088 };
        index.resize(times.size(), 4361088);
        const Growth growth = classifyGrowth(times, index, index, 0.001);
        QVERIFY2(isLeakLike(growth.cls), growthClassName(growth.cls));
        QCOMPARE(growth.evidence.longestStepGap, 1730.0 - 1110.0); // from 2.23 MB to 4.36 MB
        // Held three times as long as it took to fill its last doubling: a bound, as before.
        std::vector<double> longHeld = times;
        for (size_t i = 37; i < longHeld.size(); ++i)
            longHeld[i] = 1760 + (times[i] - 1760) * 2.5;
        QCOMPARE(classifyGrowth(longHeld, index, index, 0.001).cls, GrowthClass::Plateau);
    }

    // A plateau is a hold that was seen: two samples close together at the end, after a gap in
    // which the row may have climbed throughout (a one-second Python run, snapshots every 0.5 s
    // and one at the exit), are not one.
    // sqlite3's command line loading 200 000 rows (heaptrack, 64 checkpoints): its page cache
    // fills to 2.14 MB in the first third and holds, then an index is built through a 2 MB sort
    // for three checkpoints near the end and freed. A batch that rode on the level and came back
    // is no move of the level: "plateau", where it read "linear: keeps every item it is given".
    // The same batch at the very end, not come back, is a step; and a run of the part's most
    // samples above it is no batch.
    void aBatchOnAHeldLevelIsNoStep()
    {
        std::vector<int64_t> cache = ramp(23, 0, 2'142'000);
        cache.insert(cache.end(), 37, 2'142'000);
        const std::vector<int64_t> withIndex = [&] {
            auto v = cache;
            v.insert(v.end(), { 4'191'000, 4'209'000, 4'213'000, 2'142'000 });
            return v;
        }();
        QCOMPARE(classOf(makeSeries(withIndex)), GrowthClass::Plateau);
        const std::vector<int64_t> stillUp = [&] {
            auto v = cache;
            v.insert(v.end(), { 2'142'000, 4'191'000, 4'209'000, 4'213'000 });
            return v;
        }();
        QVERIFY(classOf(makeSeries(stillUp)) != GrowthClass::Plateau);
        const std::vector<int64_t> mostlyUp = [&] {
            auto v = ramp(23, 0, 2'142'000);
            v.insert(v.end(), 20, 2'142'000);
            v.insert(v.end(), 20, 4'200'000);
            v.push_back(2'142'000);
            return v;
        }();
        QVERIFY(classOf(makeSeries(mostlyUp)) != GrowthClass::Plateau);
    }

    void plateauIsAHoldThatWasSeen()
    {
        const std::vector<int64_t> highs;
        const std::vector<double> sparse { 0, 10, 500, 1000, 1011 };
        const std::vector<int64_t> climb { 0, 0, 5'200'000, 11'000'000, 11'000'000 };
        QCOMPARE(classifyGrowth(sparse, climb, climb, 0.001).cls, GrowthClass::Linear);
        const std::vector<double> held { 0, 10, 500, 750, 1000, 1011 };
        const std::vector<int64_t> climbThenHold { 0, 0, 5'200'000, 11'000'000, 11'000'000, 11'000'000 };
        QCOMPARE(classifyGrowth(held, climbThenHold, climbThenHold, 0.001).cls, GrowthClass::Plateau);
        // A hold seen from the sample before the last part: modules loaded at start-up, level
        // from 0.5 s to the last snapshot at 1.57 s (a Python run snapshotted every 0.5 s), which
        // had been "stepwise (leak-like)" for want of two samples inside that part.
        const std::vector<double> everyHalfSecond { 0, 3, 500, 1043, 1571 };
        const std::vector<int64_t> imports { 0, 0, 1'050'000, 1'050'000, 1'050'000 };
        QCOMPARE(classifyGrowth(everyHalfSecond, imports, imports, 0.001).cls, GrowthClass::Plateau);
        // A steady climb whose last two samples fall in that part and move under a tenth of the
        // growth between them: climbing at the window's pace, no hold (a program that died of
        // MemoryError, its last snapshot 0.15 s after the one before).
        const std::vector<double> toTheEnd { 0, 3, 210, 429, 652, 864, 1149, 1521, 1671 };
        const std::vector<int64_t> steady { 0, 0, 8'400'000, 24'800'000, 41'500'000, 54'600'000, 74'600'000,
            100'800'000, 110'800'000 };
        QCOMPARE(classifyGrowth(toTheEnd, steady, steady, 0.001).cls, GrowthClass::Linear);
        // A string concatenated to by 14 equal rounds (tests/data/python/string_concat.py, an
        // exact recording, in ms), the last rounds slower: the last part holds a whole round and
        // moves 7% of the growth; it held 10 ms, not since the part began ("plateau" one run in two).
        const std::vector<double> rounds { 16.4, 23.0, 41.3, 60.2, 78.6, 96.9, 114.6, 132.9, 150.8, 169.2, 186.8, 204.8,
            246.5, 298.4, 356.1, 366.4 };
        std::vector<int64_t> concatenated { 152 };
        for (int round = 0; round < 14; ++round)
            concatenated.push_back(concatenated.back() + 11'250);
        concatenated.push_back(concatenated.back());
        QCOMPARE(classifyGrowth(rounds, concatenated, concatenated, 0.001).cls, GrowthClass::Linear);
        // A level's jitter in that part is no step: a repository's pages after they were mapped.
        const std::vector<double> census { 0, 1000, 2000, 3000, 3500, 3900, 4000 };
        const std::vector<int64_t> mapped { 0, 3'000'000, 3'100'000, 3'100'000, 3'100'000, 3'300'000, 3'300'000 };
        QCOMPARE(classifyGrowth(census, mapped, mapped, 0.001).cls, GrowthClass::Plateau);
    }

    // Negligible beside what the heap did: a 4 kB stdio buffer in a window where 15.8 MB of
    // batches came and went; not a row of a leak spread over two hundred callsites, 0.5% each,
    // which the heap kept.
    void negligibleGrowthNeedsAHeapThatKeptLittle()
    {
        const auto row = [](int64_t atA, int64_t atB, int64_t highest) {
            DiffRow r;
            r.atA.bytes = atA;
            r.atB.bytes = atB;
            r.highest = highest;
            return r;
        };
        const DiffRow batches = row(0, 4096, 15'800'000);
        QVERIFY(negligibleGrowth(row(0, 4096, 4096), batches));
        const DiffRow spreadLeak = row(0, 10'000'000, 10'000'000);
        QVERIFY(!negligibleGrowth(row(0, 50'000, 50'000), spreadLeak));
        QVERIFY(!negligibleGrowth(row(0, 200'000, 200'000), batches)); // over a hundredth of the rise
    }

    // A sampled row's shape is told only over enough samples: a sample of a small block stands
    // for an interval's bytes, one of a block past the interval for itself.
    void fewSamplesTellNoShape()
    {
        const auto row = [](GrowthClass cls, int64_t bytes, int64_t blocks, int64_t highest) {
            DiffRow r;
            r.cls = cls;
            r.atB.bytes = bytes;
            r.atB.blocks = blocks;
            r.highest = highest;
            return r;
        };
        constexpr int64_t Interval = 524'288;
        ProfileInfo sampled;
        sampled.sampleIntervalBytes = Interval;
        const DiffRow oneSample = row(GrowthClass::Stepwise, Interval, 9'000, Interval);
        QVERIFY(tooFewSamples(oneSample, Interval));
        QCOMPARE(fewSamplesText(oneSample, sampled), std::string("from about 1 sample: too few to tell a leak"));
        QCOMPARE(fewSamplesText(row(GrowthClass::Plateau, 5 * Interval, 40'000, 5 * Interval), sampled),
            std::string("from about 5 samples: too few to tell its shape"));
        // Given back: its rise is what its shape rests on.
        QCOMPARE(fewSamplesText(row(GrowthClass::Spiky, 0, 0, 2 * Interval), sampled),
            std::string("from about 2 samples: too few to tell its shape"));
        // A batch seen by many samples that kept a few (indexer.py): the batch is plain, what
        // stayed is not.
        QCOMPARE(fewSamplesText(row(GrowthClass::Spiky, 2 * Interval, 20'000, 20 * Interval), sampled),
            std::string(
                "its rise and fall rest on about 20 samples, what it kept at B on about 2 samples: too few to tell "
                "whether that stays"));
        QVERIFY(fewSamplesText(row(GrowthClass::Linear, 6 * Interval, 60'000, 6 * Interval), sampled).empty());
        // Blocks of four intervals or more are sampled all but surely, at their own size: exact
        // figures, as many samples as their bytes are intervals (npgrow.py's one numpy array,
        // copied larger at each append). Under four intervals a block is one sample.
        QVERIFY(!tooFewSamples(row(GrowthClass::Stepwise, 60'000'000, 3, 60'000'000), Interval));
        QCOMPARE(*sampledCount(row(GrowthClass::Linear, 16 * Interval, 1, 32 * Interval), Interval), 16.0);
        QVERIFY(tooFewSamples(row(GrowthClass::Stepwise, 3 * 3 * Interval, 3, 3 * 3 * Interval), Interval));
        // Exact figures have no samples to count.
        QVERIFY(!tooFewSamples(oneSample, 0));
        QVERIFY(fewSamplesText(oneSample, ProfileInfo {}).empty());
        // Nor has a census type in a sampled recording: the census counts every object.
        DiffRow censusType = row(GrowthClass::Linear, 2 * Interval, 14'000, 2 * Interval);
        censusType.census = true;
        QVERIFY(!sampledCount(censusType, Interval));
        QVERIFY(!tooFewSamples(censusType, Interval));
        QVERIFY(fewSamplesText(censusType, sampled).empty());
    }

    void evidence()
    {
        const auto s = makeSeries(ramp(11, 0, 10'000));
        const auto g = classifyGrowth(s.times, s.values, s.highs, 0.001);
        QCOMPARE(g.cls, GrowthClass::Linear);
        QCOMPARE(g.evidence.net, int64_t(10'000));
        QVERIFY(std::fabs(g.evidence.slopePerSecond - 10'000.0) < 1e-6); // 10 kB over one second
        QVERIFY(g.evidence.rSquared > 0.999);
        const auto jumps = makeSeries({ 0, 0, 0, 0, 5000, 5000, 5000, 5000, 5000, 9000, 9000, 9000 });
        const auto gs = classifyGrowth(jumps.times, jumps.values, jumps.highs, 0.001);
        QCOMPARE(gs.cls, GrowthClass::Stepwise);
        QCOMPARE(gs.evidence.steps, 2);
        QCOMPARE(gs.evidence.largestStep, int64_t(5000));
        QVERIFY(QString::fromLatin1(growthHint(GrowthClass::Plateau)).contains(QLatin1String("bound")));
    }

    void native()
    {
        // RSS +50 MB while the heap grows 1 MB: native; both growing: not.
        QVERIFY(classifyNative(10 << 20, 11 << 20, 100 << 20, 150 << 20).has_value());
        QCOMPARE(classifyNative(10 << 20, 11 << 20, 100 << 20, 150 << 20)->evidence.rssMinusHeapGrowth, int64_t(49 << 20));
        QVERIFY(!classifyNative(10 << 20, 50 << 20, 100 << 20, 150 << 20).has_value());
        QVERIFY(!classifyNative(10 << 20, 10 << 20, 100 << 20, 100 << 20).has_value());
        // Borderline: heap growth at exactly a quarter of RSS growth still counts.
        QVERIFY(classifyNative(0, 10 << 20, 100 << 20, 140 << 20).has_value());
        QVERIFY(!classifyNative(0, (10 << 20) + 1, 100 << 20, 140 << 20).has_value());
    }

    // A fresh editor's undo history (deep copies of a growing document, each kept) grew from about
    // 5 to 35 MB a second, and the Summary told one rate, 18.2 MB a second: due to run out far
    // sooner than that says. The last third's own slope is told where it is a quarter faster than
    // the window's, or half as fast; a steady climb's is not.
    void aClimbThatSpeedsUpSaysSo()
    {
        std::vector<int64_t> squares;
        for (int64_t i = 0; i <= 10; ++i)
            squares.push_back(1000 * i * i);
        const auto quadratic = makeSeries(squares);
        const Growth speeding = classifyGrowth(quadratic.times, quadratic.values, quadratic.highs, 0.001);
        QCOMPARE(speeding.cls, GrowthClass::Linear);
        QVERIFY(std::fabs(speeding.evidence.slopePerSecond - 100'000) < 1);
        QVERIFY(std::fabs(speeding.evidence.lateSlopePerSecond - 170'000) < 1);
        DiffRow total;
        total.cls = GrowthClass::Linear;
        const QString text = QString::fromStdString(growthRateText(total, speeding));
        QVERIFY2(text.contains(QLatin1String("100 kB a second"))
                && text.contains(QLatin1String("last third, 170 kB a second")),
            qPrintable(text));
        const auto steady = makeSeries(ramp(11, 0, 10'000));
        const Growth even = classifyGrowth(steady.times, steady.values, steady.highs, 0.001);
        QVERIFY(std::fabs(even.evidence.lateSlopePerSecond - 10'000) < 1);
        QVERIFY(!notableLateSlope(even.evidence));
        QVERIFY(!QString::fromStdString(growthRateText(total, even)).contains(QLatin1String("last third")));
        // Slowing to under half, or falling at the end: said as such.
        Growth slowing = speeding;
        slowing.evidence.lateSlopePerSecond = 40'000;
        QVERIFY2(QString::fromStdString(growthRateText(total, slowing)).contains(QLatin1String("last third, 40")),
            growthRateText(total, slowing).c_str());
        slowing.evidence.lateSlopePerSecond = -50'000;
        QVERIFY2(
            QString::fromStdString(growthRateText(total, slowing)).contains(QLatin1String("last third it fell, by 50")),
            growthRateText(total, slowing).c_str());
        // Time in instructions (massif): no rate a second, none for the last third either.
        QVERIFY(!std::isfinite(
            classifyGrowth(quadratic.times, quadratic.values, quadratic.highs, 0).evidence.lateSlopePerSecond));
    }

    // A fresh service (Python, sampled) logged every request into an in-memory SQLite table: RSS
    // 18.2 -> 30.7 MB while its Python heap held at 1-2 MB, sampled at 4.80 MB once at 2.2 s (its
    // highest, 38% of RSS's growth). RSS grew 4.3 MB more after that: native, where the rule of a
    // quarter alone said "retained by the allocator" only. Where RSS stopped when the heap did (a C
    // program's tiny blocks, RSS twice the heap), no native finding.
    void nativeWhenRssGrowsPastTheHeapsHighest()
    {
        const int64_t rssA = 18'200'000, rssB = 30'700'000, high = 4'800'000;
        QVERIFY(!classifyNative(0, high, rssA, rssB).has_value());
        const auto native = classifyNative(0, high, rssA, rssB, {}, rssB - 4'330'000);
        QVERIFY(native.has_value());
        QCOMPARE(native->evidence.rssAfterHeapHigh, int64_t(4'330'000));
        QVERIFY(QString::fromStdString(nativeFinding(*native))
                    .contains(QLatin1String("4.33 MB of it after the heap stood at its highest")));
        // The heap at its highest at B: nothing grew after it.
        QVERIFY(!classifyNative(0, high, rssA, rssB, {}, rssB).has_value());
        // Growth after the highest under a quarter of RSS's, or under 1 MiB: not enough.
        QVERIFY(!classifyNative(0, high, rssA, rssB, {}, rssB - 3'000'000).has_value());
        // The heap rose by more than half of RSS's growth: RSS may be the heap's, however late.
        QVERIFY(!classifyNative(0, 6'300'000, rssA, rssB, {}, rssB - 6'000'000).has_value());
        // A C program's 16-byte blocks: RSS grew twice what the heap did, all of it with the heap.
        QVERIFY(!classifyNative(0, 20 << 20, 10 << 20, 50 << 20, {}, 50 << 20).has_value());
    }

    // Fragmentation (tests/data/fresh/frag.c): the heap rose by 112 MB and stood 57.1 MB above A
    // at B, RSS 147 MB: what the heap gave back, 54.6 MB, the allocator kept. It had said nothing
    // because the heap at B was more than a quarter of RSS's growth. A heap at B above half of
    // it leaves RSS to the heap; a sampled heap's figures must leave more than their noise.
    void memoryTheAllocatorKeptBesideAKeptHeap()
    {
        const auto frag = findRetained(0, 111'672'704, 57'072'704, 4'000'000, 151'000'000, {});
        QVERIFY(frag.has_value());
        QCOMPARE(frag->retainedBytes, int64_t(111'672'704 - 57'072'704));
        QVERIFY(!findRetained(0, 111'672'704, 80'000'000, 4'000'000, 151'000'000, {}).has_value());
        // RSS's growth beyond the heap's is what may be retained, where it is less than the fall.
        QCOMPARE(findRetained(0, 22'300'000, 1'230'000, 10'000'000, 32'000'000, {})->retainedBytes,
            int64_t(22'000'000 - 1'230'000));
        GrowthThresholds sampled;
        sampled.sampleIntervalBytes = 524'288;
        QVERIFY(findRetained(0, 4'730'000, 2'100'000, 10'000'000, 14'690'000, {}).has_value());
        QVERIFY(!findRetained(0, 4'730'000, 2'100'000, 10'000'000, 14'690'000, sampled).has_value());
    }

    // The same service sampled every 64 kB (tests/data/fresh/sqlsvc.py): its heap's total rose to
    // about 2.6 MB in half a second (an LRU of 2 000 parsed requests) and held there for 3.5 s, its
    // estimates moving by 0.4 MB from snapshot to snapshot (one sample counts 64 kB). It read
    // "linear" with an R² of 0.29, and leak-like. A level sampled so is known to about
    // sqrt(level * interval): a plateau may move by three times that.
    void aSampledPlateauIsNoLeak()
    {
        const std::vector<double> times { 0, 0.002589, 0.069477, 0.197212, 0.258452, 0.381222, 0.488619, 0.566434,
            0.676333, 0.798963, 0.883937, 1.01717, 1.125391, 1.255214, 1.38511, 1.651645, 1.874741, 2.066956, 2.32596,
            2.611034, 2.997992, 3.318891, 3.666196, 3.997628 };
        const std::vector<int64_t> total { 0, 0, 1127037, 1586234, 1774612, 2299414, 2605378, 2802312, 2671048, 2561823,
            2496448, 2430819, 2365319, 2299624, 2233932, 1971290, 2464211, 2529935, 2603393, 2136286, 2866240, 2865996,
            2699104, 2436766 };
        GrowthThresholds sampled;
        sampled.sampleIntervalBytes = 65536;
        QCOMPARE(classifyGrowth(times, total, total, 1.0).cls, GrowthClass::Linear); // as exact figures
        QCOMPARE(classifyGrowth(times, total, total, 1.0, sampled).cls, GrowthClass::Plateau);
        // A steady climb with the same noise still climbs: 0.6 MB a second, sampled alike.
        std::vector<int64_t> climb;
        for (size_t i = 0; i < times.size(); ++i)
            climb.push_back(static_cast<int64_t>(600'000 * times[i]) + (i % 2 ? 200'000 : -200'000) + 200'000);
        QCOMPARE(classifyGrowth(times, climb, climb, 1.0, sampled).cls, GrowthClass::Linear);
        // A real leak sampled at 512 kB (tests/data/fresh/asyncio_tasks.heapline, its total): it
        // climbed 10.5 -> 12.1 MB over its last second, well within a level's noise there (2.5
        // MB); had the growth done before its last part been read with that noise too, the climb
        // would have read as held.
        const std::vector<double> leakTimes { 0, 0.000563, 0.089922, 0.195303, 0.297855, 0.399333, 0.502035, 0.676978,
            0.805377, 0.944797, 1.098369, 1.312371, 1.710043, 1.979735, 2.28979, 2.647656, 2.963775, 2.963831 };
        const std::vector<int64_t> leak { 0, 0, 3148966, 3154326, 3148723, 3673115, 5776579, 5246219, 6306064, 6306064,
            7349266, 8392718, 9441243, 10490027, 10490027, 11538659, 12063043, 12063043 };
        sampled.sampleIntervalBytes = 524288;
        QCOMPARE(classifyGrowth(leakTimes, leak, leak, 1.0, sampled).cls, GrowthClass::Linear);
    }

    // A bounded lru_cache whose entries turn over, sampled at 512 kB (tests/data/fresh/lookup.py,
    // the `lookup` row of lookup.heapline at its snapshots): about 4.7 MB held, its estimates
    // 2.6-7.3 MB and once 10 MB. It read "spiky" (it ends nearer its start than its highest);
    // read for what stands out of a level's noise it holds, and only a plateau is taken from that
    // reading: batches as coarsely sampled stay spiky, and a row back where it began is no plateau.
    void aSampledCacheThatTurnsOverHolds()
    {
        const std::vector<double> times { 0, 0.00059, 0.047824, 0.103949, 0.155214, 0.20638, 0.283019, 0.358486,
            0.413501, 0.464407, 0.517935, 0.597002, 0.676943, 0.745751, 0.826387, 0.911245, 1.04104, 1.17259, 1.292098,
            1.422859, 1.571793, 1.766378, 1.953166, 2.152377, 2.369008, 2.611125, 2.900283, 3.201757, 3.524329,
            3.881045, 4.006801 };
        const std::vector<int64_t> cache { 0, 0, 4718736, 4722387, 5770995, 3145824, 4718736, 6295299, 6818386, 5770995,
            3671345, 3671345, 5244257, 4721170, 5246691, 4196866, 9966644, 5244257, 4719953, 5769778, 5244257, 5245474,
            2622737, 3148258, 6292865, 3671345, 6815952, 4719953, 4195649, 3147041, 4721170 };
        // Its highs between snapshots: the most its estimate stood at (12.6 MB once).
        std::vector<int64_t> highs = cache;
        for (const size_t i : { 6, 12, 16, 21, 23, 26 })
            highs[i] = cache[i] + (i == 23 ? 9'440'000 : 3'200'000);
        GrowthThresholds sampled;
        sampled.sampleIntervalBytes = 524288;
        QCOMPARE(classifyGrowth(times, cache, highs, 1.0).cls, GrowthClass::Spiky); // as exact figures
        const Growth held = classifyGrowth(times, cache, highs, 1.0, sampled);
        QCOMPARE(held.cls, GrowthClass::Plateau);
        QCOMPARE(held.evidence.highest, *std::max_element(highs.begin(), highs.end())); // the row's own
        // Batches of 4 MB (eight samples) alive at every other snapshot, on nothing and on a
        // level of 2 MB: spiky, sampled or not.
        for (const int64_t base : { int64_t(0), int64_t(2'097'152) }) {
            std::vector<int64_t> batches, batchHighs;
            for (size_t i = 0; i < times.size(); ++i) {
                batches.push_back(i < 2 ? 0 : base + (i % 2 ? 4'194'304 : 0));
                batchHighs.push_back(i < 2 ? 0 : base + 4'194'304);
            }
            QCOMPARE(classifyGrowth(times, batches, batchHighs, 1.0, sampled).cls, GrowthClass::Spiky);
        }
        // One sample, come and gone: back where it began, no level held.
        std::vector<int64_t> once(times.size(), 0);
        std::fill(once.begin() + 3, once.end() - 2, 524304);
        QCOMPARE(classifyGrowth(times, once, once, 1.0, sampled).cls, GrowthClass::Spiky);
        // A level of three samples is not told apart from batches of as few: as it read.
        std::vector<int64_t> small;
        for (const int64_t v : cache)
            small.push_back(v / 3);
        QCOMPARE(classifyGrowth(times, small, small, 1.0, sampled).cls, GrowthClass::Spiky);
    }

    // A lambda's call operator, as DWARF names an inlined one, is keyed with its file: any lambda
    // of any file was one row. Python's "<module>" stays one row (a program that makes a module
    // per reload grows there), as does a name without a file or a qualified one.
    // heaptrack.thrleak.zst: four threads' lambda in thrleak.cpp kept 2.78 MB, read "operator()".
    void lambdasAreKeyedWithTheirFile()
    {
        QCOMPARE(functionKey("operator()", "/tmp/f6/thrleak.cpp"), std::string("operator() (thrleak.cpp)"));
        QCOMPARE(functionKey("operator()", "thrleak.cpp"), std::string("operator() (thrleak.cpp)"));
        QCOMPARE(functionKey("operator()", ""), std::string("operator()"));
        QCOMPARE(functionKey("<module>", "/srv/app/rules_v12.py"), std::string("<module>"));
        QCOMPARE(functionKey("Foo::operator()(int)", "/srv/foo.cpp"), std::string("Foo::operator()(int)"));
        const auto analysis = analyse(testData(QStringLiteral("fresh/heaptrack.thrleak.zst")));
        const auto diff = computeDiff(analysis, 0, analysis->profile().checkpointCount() - 1, Grouping::Function);
        const DiffRow* lambdas = rowWithKey(diff, "operator() (thrleak.cpp)");
        QVERIFY(lambdas);
        QVERIFY(lambdas->riseBytes() > 2'700'000); // the program's teardown freed it at the end
    }

    void frameRules()
    {
        const auto rules = FrameRules::defaults();
        QCOMPARE(rules.classify("malloc", "", "/lib/x86_64-linux-gnu/libc.so.6"), FrameRole::Plumbing);
        QCOMPARE(rules.classify("operator new(unsigned long)", "", ""), FrameRole::Plumbing);
        QCOMPARE(rules.classify("std::__new_allocator<char>::allocate(unsigned long, void const*)", "/usr/include/c++/12/bits/new_allocator.h", "/tmp/a"), FrameRole::Plumbing);
        QCOMPARE(rules.classify("PyObject_Malloc", "", ""), FrameRole::Plumbing);
        // The common wrappers: libiberty's, GCC's collected heap, GLib's, CPython's object allocators.
        for (const char* wrapper : { "xmalloc", "xcalloc", "xrealloc", "xstrdup",
                 "ggc_internal_alloc(unsigned long, void (*)(void*), unsigned long, unsigned long)",
                 "ggc_internal_cleared_alloc(unsigned long, void (*)(void*), unsigned long, unsigned long)",
                 "_obstack_newchunk", "g_malloc0", "g_new0", "g_strdup", "g_memdup2", "PyMem_Malloc",
                 "_PyObject_GC_New", "PyType_GenericAlloc", "CRYPTO_zalloc", "CRYPTO_malloc", "CRYPTO_memdup",
                 "v8::internal::Malloced::operator new(unsigned long)", "xnmalloc", "x2nrealloc", "xpalloc", "xicalloc",
                 "ximemdup0", "emalloc", "_emalloc_56", "estrdup" })
            QCOMPARE(rules.classify(wrapper, "", ""), FrameRole::Plumbing);
        QVERIFY(rules.classify("make_node(tree_code)", "", "/usr/lib/gcc/x86_64-linux-gnu/12/cc1plus") != FrameRole::Plumbing);
        QCOMPARE(rules.classify("std::vector<int, std::allocator<int> >::push_back(int const&)", "/usr/include/c++/12/bits/stl_vector.h", "/tmp/a"), FrameRole::System);
        QCOMPARE(rules.classify("_M_create", "basic_string.tcc", ""), FrameRole::System); // massif's short names
        QCOMPARE(rules.classify("list_resize", "Objects/listobject.c", ""), FrameRole::System);
        QCOMPARE(rules.classify("PyList_Append", "", ""), FrameRole::System);
        QCOMPARE(rules.classify("new_keys_object", "", "/usr/lib/x86_64-linux-gnu/libpython3.11.so.1.0"), FrameRole::System);
        // Code compiled from a string: dataclasses' and attrs' generated methods, eval's and exec's
        // code. A file of the program's own name is its, even one that begins alike.
        QCOMPARE(rules.classify("__create_fn__.__init__", "<string>", "<string>"), FrameRole::System);
        QCOMPARE(rules.classify("__init__", "<attrs generated init app.Order>", ""), FrameRole::System);
        QCOMPARE(rules.classify("render", "<string>.py", "app"), FrameRole::User);
        QCOMPARE(rules.classify("render", "<template 7>", "<template 7>"), FrameRole::User);
        QCOMPARE(rules.classify("leakEvents(int, long)", "/src/phases.cpp", "/tmp/phases"), FrameRole::User);
        QCOMPARE(rules.classify("PyramidBuilder::add()", "/src/p.cpp", "/tmp/p"), FrameRole::User);
        // A program's own arenas and pools hand out memory: the caller took it.
        for (const char* arena : { "Arena::grow()", "TokenArena::allocate(unsigned long)",
                 "google::protobuf::Arena::AllocateAlignedNoHook(unsigned long)", "MemoryPool<Node>::acquire()",
                 "NodePool::allocate()",
                 "llvm::BumpPtrAllocatorImpl<llvm::MallocAllocator, 4096ul, 4096ul, 128ul>::Allocate(unsigned long, "
                 "llvm::Align)",
                 "FrameAllocator::allocate(unsigned long)", "counting_allocator<char>::allocate(unsigned long)",
                 "tracking_resource::do_allocate(unsigned long, unsigned long)", "arena_alloc", "str_arena_alloc",
                 "arena_push_size", "pool_alloc", "mem_pool_alloc", "palloc", "palloc0", "MemoryContextAllocZero",
                 "AllocSetAlloc", "apr_palloc", "apr_pstrdup", "ngx_palloc_small", "ngx_pnalloc", "_talloc_zero" })
            QCOMPARE(rules.classify(arena, "/src/a.cpp", "/tmp/a"), FrameRole::Plumbing);
        for (const char* user : { "ThreadPool::submit(Task)", "ArenaSceneLoader::load()", "Allocator::stats() const",
                 "counting_allocator<char>::report() const", "xml_parse_node", "emit_event",
                 "parse(Arena::Token*, std::function<void ()>)", "MyMessage::MyMessage(google::protobuf::Arena*, bool)",
                 "arena_reset", "pool_stats", "make_pool", "alloc_pool_entries" })
            QCOMPARE(rules.classify(user, "/src/a.cpp", "/tmp/a"), FrameRole::User);

        // Rust: the global allocator is plumbing, the standard library system, the program's own
        // code (and a type of its own before "as") the user's.
        for (const char* rust : { "alloc::alloc::realloc", "<alloc::alloc::Global as core::alloc::Allocator>::grow",
                 "<alloc::alloc::Global>::alloc_impl", "__rustc::__rust_alloc", "__rust_realloc",
                 "<galloc::Counting as core::alloc::global::GlobalAlloc>::alloc",
                 "<galloc::Counting as core::alloc::global::GlobalAlloc>::realloc" })
            QCOMPARE(rules.classify(rust, "library/alloc/src/alloc.rs", "/tmp/svc"), FrameRole::Plumbing);
        for (const char* rust : { "<alloc::raw_vec::RawVec<u8>>::grow_one", "alloc::vec::Vec<T,A>::push",
                 "hashbrown::raw::RawTable<T,A>::reserve_rehash", "<[u8]>::to_vec_in::<alloc::alloc::Global>",
                 "<u8 as <[_]>::to_vec_in::ConvertVec>::to_vec::<alloc::alloc::Global>",
                 "std::collections::hash::map::HashMap<K,V,S,A>::insert" })
            QCOMPARE(rules.classify(rust, "", "/tmp/svc"), FrameRole::System);
        QCOMPARE(
            rules.classify("core::iter::traits::iterator::Iterator::collect",
                "/rustc/59807616e1fa2540724bfbac14d7976d7e4a3860/library/core/src/iter/traits/iterator.rs", "/tmp/svc"),
            FrameRole::System);
        QCOMPARE(rules.classify("serde_json::de::from_str",
                     "/home/u/.cargo/registry/src/index.crates.io-6f17d22bba15001f/serde_json-1.0.108/src/de.rs",
                     "/tmp/svc"),
            FrameRole::System);
        // C++ libraries built into the program, where neither module nor file says so (Bazel's
        // external/, CMake's FetchContent _deps/).
        QCOMPARE(
            rules.classify("absl::container_internal::raw_hash_set<absl::container_internal::FlatHashMapPolicy<int, "
                           "int>, absl::hash_internal::Hash<int>, std::equal_to<int>, std::allocator<std::pair<int "
                           "const, int> > >::resize(unsigned long)",
                "external/com_google_absl/absl/container/internal/raw_hash_set.h", "/srv/bin/server"),
            FrameRole::System);
        QCOMPARE(
            rules.classify(
                "nlohmann::json_abi_v3_11_2::basic_json<>::push_back(nlohmann::json_abi_v3_11_2::basic_json<> const&)",
                "/src/build/_deps/json-src/include/nlohmann/json.hpp", "/srv/bin/server"),
            FrameRole::System);
        QCOMPARE(rules.classify("google::protobuf::internal::RepeatedPtrFieldBase::AddOutOfLineHelper(void*)", "",
                     "/srv/bin/server"),
            FrameRole::System);
        QCOMPARE(rules.classify("Index::add(absl::string_view)", "/src/index.cc", "/srv/bin/server"), FrameRole::User);
        for (const char* user :
            { "svc::render_body", "<svc::Cache as core::clone::Clone>::clone", "core::Engine::load()" })
            QCOMPARE(rules.classify(user, "/tmp/rs/svc.rs", "/tmp/svc"), FrameRole::User);

        FrameRules mine = FrameRules::defaults();
        std::string error;
        QVERIFY(mine.addRule("plumbing function MyPool::alloc*", &error));
        QVERIFY(mine.addRule("user module /usr/lib/libmine.so", &error));
        QCOMPARE(mine.classify("MyPool::allocate(unsigned long)", "", "/tmp/a"), FrameRole::Plumbing);
        QCOMPARE(mine.classify("mine_make", "", "/usr/lib/libmine.so"), FrameRole::User);
        QVERIFY(!mine.addRule("sometimes function x", &error));
        QVERIFY(QString::fromStdString(error).contains(QLatin1String("expected plumbing, system or user")));
        QVERIFY(!mine.addRule("system colour x", &error));
        QVERIFY(!mine.addRule("system file", &error));
    }

    void typeInference_data()
    {
        QTest::addColumn<QStringList>("frames");
        QTest::addColumn<QString>("expected");
        QTest::newRow("string") << QStringList { "std::__new_allocator<char>::allocate(unsigned long, void const*)", "std::allocator<char>::allocate(unsigned long)",
                                                 "std::__cxx11::basic_string<char, std::char_traits<char>, std::allocator<char> >::_M_create(unsigned long&, unsigned long)" }
                                << "std::string";
        QTest::newRow("vector element") << QStringList { "std::__new_allocator<Event>::allocate(unsigned long, void const*)",
                                                         "std::_Vector_base<Event, std::allocator<Event> >::_M_allocate(unsigned long)",
                                                         "std::vector<Event, std::allocator<Event> >::vector(std::vector<Event, std::allocator<Event> > const&)" }
                                        << "Event";
        QTest::newRow("vector of strings") << QStringList { "std::vector<std::__cxx11::basic_string<char, std::char_traits<char>, std::allocator<char> >, std::allocator<std::__cxx11::basic_string<char, std::char_traits<char>, std::allocator<char> > > >::_M_realloc_insert(int)" }
                                           << "std::string";
        QTest::newRow("raw allocator") << QStringList { "__gnu_cxx::new_allocator<Node*>::allocate(unsigned long, void const*)" } << "Node*";
        QTest::newRow("allocator traits") << QStringList { "std::allocator_traits<std::allocator<Widget> >::allocate(std::allocator<Widget>&, unsigned long)" } << "Widget";
        QTest::newRow("hash node") << QStringList { "std::__new_allocator<std::__detail::_Hash_node<std::pair<long const, std::vector<char, std::allocator<char> > >, false> >::allocate(unsigned long, void const*)" }
                                   << "std::pair<long const, std::vector<char>> (hash node)";
        QTest::newRow("hash node, string key")
            << QStringList { "std::__new_allocator<std::__detail::_Hash_node<std::pair<std::__cxx11::basic_string<char,"
                             " std::char_traits<char>, std::allocator<char> > const, std::vector<int, "
                             "std::allocator<int> > >, true> >::allocate(unsigned long, void const*)" }
            << "std::pair<std::string const, std::vector<int>> (hash node)";
        QTest::newRow("hash buckets") << QStringList { "std::__new_allocator<std::__detail::_Hash_node_base*>::allocate(unsigned long, void const*)" } << "hash table buckets";
        QTest::newRow("hash buckets, allocator inlined") << QStringList {
            "std::__detail::_Hashtable_alloc<std::allocator<std::__detail::_Hash_node<std::pair<std::__cxx11::basic_"
            "string<char, std::char_traits<char>, std::allocator<char> > const, std::vector<int, std::allocator<int> > "
            ">, true> > >::_M_allocate_buckets(unsigned long)",
            "std::_Hashtable<std::__cxx11::basic_string<char, std::char_traits<char>, std::allocator<char> >, "
            "std::pair<std::__cxx11::basic_string<char, std::char_traits<char>, std::allocator<char> > const, "
            "std::vector<int, std::allocator<int> > >, std::allocator<std::pair<std::__cxx11::basic_string<char, "
            "std::char_traits<char>, std::allocator<char> > const, std::vector<int, std::allocator<int> > > >, "
            "std::__detail::_Select1st, std::equal_to<std::__cxx11::basic_string<char, std::char_traits<char>, "
            "std::allocator<char> > >, std::hash<std::__cxx11::basic_string<char, std::char_traits<char>, "
            "std::allocator<char> > >, std::__detail::_Mod_range_hashing, std::__detail::_Default_ranged_hash, "
            "std::__detail::_Prime_rehash_policy, std::__detail::_Hashtable_traits<true, false, true> "
            ">::_M_rehash(unsigned long, unsigned long const&)"
        } << "hash table buckets";
        QTest::newRow("tree node") << QStringList { "std::__new_allocator<std::_Rb_tree_node<std::pair<int const, Foo> > >::allocate(unsigned long, void const*)" }
                                   << "std::pair<int const, Foo> (tree node)";
        // A program's own allocator given to a map (tests/data/fresh/calloc_cxx.cpp): the node, not
        // the allocator, is the type.
        QTest::newRow("own allocator's node") << QStringList {
            "std::allocator_traits<counting_allocator<std::_Rb_tree_node<std::pair<int const, Foo> > > "
            ">::allocate(counting_allocator<std::_Rb_tree_node<std::pair<int const, Foo> > >&, unsigned long)"
        } << "std::pair<int const, Foo> (tree node)";
        QTest::newRow("make_shared") << QStringList { "std::__new_allocator<std::_Sp_counted_ptr_inplace<Foo, std::allocator<Foo>, (__gnu_cxx::_Lock_policy)2> >::allocate(unsigned long, void const*)",
                                                      "std::make_shared<Foo, int>(int&&)" }
                                     << "Foo";
        QTest::newRow("make_unique") << QStringList { "std::make_unique<Bar>()" } << "Bar";
        QTest::newRow("qt") << QStringList { "QArrayData::allocate(unsigned long, unsigned long, unsigned long, QFlags<QArrayData::AllocationOption>)" } << "QArrayData";
        QTest::newRow("qt bytes") << QStringList {
            "QArrayData::allocate(QArrayData**, long long, long long, long long, QArrayData::AllocationOption)",
            "QByteArray::QByteArray(long long, char)"
        } << "QByteArray";
        QTest::newRow("qt string") << QStringList {
            "QArrayData::allocate(QArrayData**, long long, long long, long long, QArrayData::AllocationOption)",
            "QString::append(QChar const*, long long)"
        } << "QString";
        QTest::newRow("qt list") << QStringList {
            "QArrayData::allocate(QArrayData**, long long, long long, long long, QArrayData::AllocationOption)",
            "QArrayDataPointer<Session*>::allocateGrow(QArrayDataPointer<Session*> const&, long long, "
            "QArrayData::GrowthPosition)"
        } << "QList<Session*>";
        QTest::newRow("a parameter is no type") << QStringList { "std::__detail::_Map_base<std::__cxx11::basic_string<char, std::char_traits<char>, std::allocator<char> >, int>::operator[](std::__cxx11::basic_string<char, std::char_traits<char>, std::allocator<char> > const&)" }
                                                << "";
        QTest::newRow("untyped") << QStringList { "malloc" } << "";
        // Rust's containers, as v0 symbols name them and as legacy ones do (their parameters only).
        QTest::newRow("rust vec") << QStringList { "alloc::alloc::realloc", "<alloc::raw_vec::RawVecInner>::grow_one",
            "<alloc::raw_vec::RawVec<svc::Event>>::grow_one", "alloc::vec::Vec<T,A>::push" }
                                  << "Vec<svc::Event>";
        QTest::newRow("rust string") << QStringList { "<alloc::raw_vec::RawVec<u8>>::with_capacity_in",
            "<alloc::vec::Vec<u8> as core::clone::Clone>::clone",
            "<alloc::string::String as core::clone::Clone>::clone" }
                                     << "String";
        QTest::newRow("rust bytes") << QStringList { "<alloc::raw_vec::RawVec<u8>>::grow_one",
            "alloc::vec::Vec<T,A>::push" }
                                    << "Vec<u8>";
        QTest::newRow("rust map table") << QStringList {
            "hashbrown::raw::alloc::inner::do_alloc::<alloc::alloc::Global>",
            "<hashbrown::raw::RawTable<(alloc::string::String, alloc::vec::Vec<u8>)>>::reserve_rehash::<x>"
        } << "HashMap<String, Vec<u8>> (table)";
        QTest::newRow("rust set table") << QStringList { "<hashbrown::raw::RawTable<(u64, ())>>::reserve_rehash::<x>" }
                                        << "HashSet<u64> (table)";
        QTest::newRow("rust legacy table")
            << QStringList { "hashbrown::raw::RawTable<T,A>::reserve_rehash" } << "HashMap (table)";
        QTest::newRow("rust box") << QStringList { "<alloc::boxed::Box<svc::Node>>::new" } << "Box<svc::Node>";
        QTest::newRow("rust arc") << QStringList { "<alloc::sync::Arc<alloc::string::String>>::new" } << "Arc<String>";
        QTest::newRow("rust rc, legacy") << QStringList { "alloc::boxed::box_new_uninit", "alloc::boxed::Box<T>::new",
            "alloc::rc::Rc<T>::new" } << "Rc";
        QTest::newRow("rust rc") << QStringList { "<alloc::boxed::Box<alloc::rc::RcInner<cycle::Node>>>::new" }
                                 << "Rc<cycle::Node>";
        QTest::newRow("rust vec, legacy")
            << QStringList { "alloc::raw_vec::RawVec<T,A>::grow_one", "alloc::vec::Vec<T,A>::push" } << "Vec";
        // A class's own operator new (tests/data/fresh/opnew.cpp), not the global one.
        QTest::newRow("class operator new") << QStringList { "Message::operator new(unsigned long)" } << "Message";
        QTest::newRow("class operator new[]")
            << QStringList { "net::Packet<int>::operator new[](unsigned long)" } << "net::Packet<int>";
        QTest::newRow("global operator new") << QStringList { "operator new(unsigned long)" } << "";
        QTest::newRow("operator new in an argument")
            << QStringList { "std::function<void (Foo::operator new(unsigned long))>::operator()() const" } << "";
    }

    // Rust symbols: v0 ("_R…") and legacy ones, mangled or as abi::__cxa_demangle leaves them
    // (heaptrack writes them so), come out as Rust names; C++ and plain names as before.
    void demanglesRust_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("expected");
        QTest::newRow("v0") << "_RNvNtCslNYArtu3iFV_5alloc5alloc7realloc"
                            << "alloc::alloc::realloc";
        QTest::newRow("v0 generic")
            << "_RNvMs3_NtCslNYArtu3iFV_5alloc7raw_vecINtB5_6RawVecINtNtB7_3vec3VechEE8grow_oneCsjrHSEGnQ3l9_3std"
            << "<alloc::raw_vec::RawVec<alloc::vec::Vec<u8>>>::grow_one";
        QTest::newRow("legacy") << "_ZN5alloc3fmt6format28_$u7b$$u7b$closure$u7d$$u7d$17h6c7d0fa766405539E"
                                << "alloc::fmt::format::{{closure}}";
        QTest::newRow("legacy, half demangled") << "alloc::vec::Vec$LT$T$C$A$GT$::push::hf376ef9209451111"
                                                << "alloc::vec::Vec<T,A>::push";
        QTest::newRow("legacy closure, half demangled")
            << "std::rt::lang_start::_$u7b$$u7b$closure$u7d$$u7d$::h59202ef17d30ecbe"
            << "std::rt::lang_start::{{closure}}";
        QTest::newRow("legacy user") << "svc::render_body::h4fd1d75a01ac3a3e"
                                     << "svc::render_body";
        QTest::newRow("c++") << "_ZN3foo3barEv"
                             << "foo::bar()";
        QTest::newRow("c++ 17h part") << "_ZN3foo17hello_world_thingEv"
                                      << "foo::hello_world_thing()";
        QTest::newRow("no hash") << "svc::render_body::h4fd1d75a01ac3a3"
                                 << "svc::render_body::h4fd1d75a01ac3a3";
        QTest::newRow("c++ demangled") << "std::vector<int>::push_back(int const&)"
                                       << "std::vector<int>::push_back(int const&)";
        QTest::newRow("not rust") << "_Rnot_a_symbol"
                                  << "_Rnot_a_symbol";
        QTest::newRow("plain") << "render_body"
                               << "render_body";
        // gfortran's module procedures, as gdb shows them (tests/data/fresh/fleak.f90).
        QTest::newRow("fortran module") << "__store_MOD_keep"
                                        << "store::keep";
        QTest::newRow("fortran names with _") << "__my_store_MOD_keep_all"
                                              << "my_store::keep_all";
        QTest::newRow("fortran no procedure") << "__store_MOD_"
                                              << "__store_MOD_";
        QTest::newRow("glibc internal") << "__libc_start_main_impl"
                                        << "__libc_start_main_impl";
        QTest::newRow("not fortran") << "__x_MOD_a-b"
                                     << "__x_MOD_a-b";
    }

    void demanglesRust()
    {
        QFETCH(QString, name);
        QFETCH(QString, expected);
        QCOMPARE(QString::fromStdString(demangle(name.toStdString())), expected);
    }

    void compactsLongCxxNames_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("expected");
        // clang-format's recording: the Summary's list wrapped this over five lines.
        QTest::newRow("rb tree")
            << "std::_Rb_tree_iterator<std::pair<unsigned int const, std::__cxx11::basic_string<char, "
               "std::char_traits<char>, std::allocator<char> > > > std::_Rb_tree<unsigned int, std::pair<unsigned "
               "int const, std::__cxx11::basic_string<char, std::char_traits<char>, std::allocator<char> > >, "
               "std::_Select1st<std::pair<unsigned int const, std::__cxx11::basic_string<char, "
               "std::char_traits<char>, std::allocator<char> > > >, std::less<unsigned int>, "
               "std::allocator<std::pair<unsigned int const, std::__cxx11::basic_string<char, "
               "std::char_traits<char>, std::allocator<char> > > > "
               ">::_M_emplace_hint_unique<std::piecewise_construct_t "
               "const&, std::tuple<unsigned int const&>, std::tuple<> "
               ">(std::_Rb_tree_const_iterator<std::pair<unsigned "
               "int const, std::__cxx11::basic_string<char, std::char_traits<char>, std::allocator<char> > > >, "
               "std::piecewise_construct_t const&, std::tuple<unsigned int const&>&&, std::tuple<>&&)"
            << "std::_Rb_tree_iterator<…> std::_Rb_tree<…>::_M_emplace_hint_unique<…>(…)";
        QTest::newRow("operators and anonymous namespace")
            << "(anonymous namespace)::Printer::operator<<(std::vector<std::basic_string<char>, "
               "std::allocator<std::basic_string<char> > > const&)"
            << "(anonymous namespace)::Printer::operator<<(…)";
        QTest::newRow("call operator of a lambda")
            << "main::{lambda(std::vector<int, std::allocator<int> > const&)#1}::operator()(std::vector<int, "
               "std::allocator<int> > const&) const"
            << "main::{lambda(…)#1}::operator()(…) const";
        QTest::newRow("empty parameters stay")
            << "llvm::SmallVector<llvm::SmallVector<unsigned int, 4u>, 8u>::SmallVector<unsigned int, 4u>()"
            << "llvm::SmallVector<…>::SmallVector<…>()";
        QTest::newRow("short names unchanged") << "std::vector<int>::push_back(int const&)"
                                               << "std::vector<int>::push_back(int const&)";
        QTest::newRow("unbalanced unchanged")
            << "std::vector<std::basic_string<char, std::char_traits<char>, std::allocator<char> >::_M_realloc_insert("
            << "std::vector<std::basic_string<char, std::char_traits<char>, std::allocator<char> >::_M_realloc_insert(";
    }

    void compactsLongCxxNames()
    {
        QFETCH(QString, name);
        QFETCH(QString, expected);
        QCOMPARE(QString::fromStdString(compactCxxName(name.toStdString())), expected);
    }

    void typeInference()
    {
        QFETCH(QStringList, frames);
        QFETCH(QString, expected);
        std::vector<std::string> owned;
        for (const auto& f : frames)
            owned.push_back(f.toStdString());
        std::vector<std::string_view> views(owned.begin(), owned.end());
        const auto type = TypeInference::infer(views);
        QCOMPARE(QString::fromStdString(type.value_or(std::string())), expected);
    }

    void timeSpecs_data()
    {
        QTest::addColumn<QString>("spec");
        QTest::addColumn<bool>("valid");
        QTest::addColumn<double>("time");
        QTest::newRow("seconds") << "2s" << true << 2000.0;
        QTest::newRow("milliseconds") << "2500ms" << true << 2500.0;
        QTest::newRow("file unit") << "4000" << true << 4000.0;
        QTest::newRow("start") << "start" << true << 0.0;
        QTest::newRow("end") << "end" << true << 8854.0;
        QTest::newRow("percent") << "50%" << true << 4427.0;
        QTest::newRow("checkpoint") << "#1" << true << -1.0;
        QTest::newRow("too far") << "#99999" << false << 0.0;
        QTest::newRow("no marks") << "mark:phase2" << false << 0.0;
        QTest::newRow("percent over 100") << "150%" << false << 0.0;
        QTest::newRow("garbage") << "soon" << false << 0.0;
        QTest::newRow("negative") << "-3s" << false << 0.0;
    }

    void timeSpecs()
    {
        QFETCH(QString, spec);
        QFETCH(bool, valid);
        QFETCH(double, time);
        static const auto profile = importProfile(corpusFile(QStringLiteral("recorded/heaptrack.phases.zst")).toStdString()).profile;
        TimeSpec resolved;
        std::string error;
        QCOMPARE(resolveTimeSpec(*profile, spec.toStdString(), resolved, error), valid);
        if (!valid) {
            QVERIFY(QString::fromStdString(error).contains(spec));
            return;
        }
        if (time >= 0) {
            QCOMPARE(resolved.requestedTime, time);
            QCOMPARE(resolved.checkpoint, profile->checkpoints().nearest(time));
        }
        QCOMPARE(resolved.time, profile->checkpoints().time(resolved.checkpoint));
        TimeSpec peak;
        QVERIFY(resolveTimeSpec(*profile, "peak", peak, error));
        QCOMPARE(peak.checkpoint, profile->peakCheckpoint().value());
        QVERIFY(!resolveTimeSpec(*importProfile(corpusFile(QStringLiteral("recorded/massif.out.phases")).toStdString()).profile, "2s", peak, error));
        QVERIFY(QString::fromStdString(error).contains(QLatin1String("instructions")));
    }

    // The four phases of the real recording: each phase's function on top, with its class.
    void phases_data()
    {
        QTest::addColumn<QString>("from");
        QTest::addColumn<QString>("to");
        QTest::addColumn<QString>("function");
        QTest::addColumn<QString>("expected");
        QTest::newRow("linear") << "0s" << "2.4s" << "leakEvents(int, long)" << "linear";
        QTest::newRow("stepwise") << "2.6s" << "4.4s" << "keepReportCopy(std::vector<Event, std::allocator<Event> > const&)" << "stepwise";
        QTest::newRow("spiky") << "4.6s" << "6.5s" << "runBatch(int)" << "spiky";
        QTest::newRow("plateau") << "6.8s" << "8.8s" << "cachePut(long)" << "plateau";
        QTest::newRow("linear, round seconds") << "0s" << "2s" << "leakEvents(int, long)" << "linear";
        QTest::newRow("stepwise, round seconds") << "2s" << "4s" << "keepReportCopy(std::vector<Event, std::allocator<Event> > const&)" << "stepwise";
        QTest::newRow("spiky, round seconds") << "4s" << "6s" << "runBatch(int)" << "spiky";
        QTest::newRow("plateau, round seconds") << "6s" << "8s" << "cachePut(long)" << "plateau";
    }

    void phases()
    {
        QFETCH(QString, from);
        QFETCH(QString, to);
        QFETCH(QString, function);
        QFETCH(QString, expected);
        static const auto analysis = analyse(corpusFile(QStringLiteral("recorded/heaptrack.phases.zst")));
        TimeSpec a, b;
        std::string error;
        QVERIFY(resolveTimeSpec(analysis->profile(), from.toStdString(), a, error));
        QVERIFY(resolveTimeSpec(analysis->profile(), to.toStdString(), b, error));
        const auto diff = computeDiff(analysis, a.checkpoint, b.checkpoint, Grouping::Function);
        QVERIFY(!diff.rows.empty());
        QCOMPARE(QString::fromStdString(diff.key(diff.rows[0])), function);
        QCOMPARE(QString::fromLatin1(growthClassName(diff.rows[0].cls)), expected);
        const auto series = diff.series(diff.rows[0]);
        QVERIFY(series.size() >= 2 && series.size() <= 64);
        QCOMPARE(series.front(), diff.rows[0].atA.bytes);
        QCOMPARE(series.back(), diff.rows[0].atB.bytes);
    }

    // Every grouping adds up to the same total, and the total is the heap.
    void groupingsAddUp()
    {
        const auto analysis = analyse(corpusFile(QStringLiteral("recorded/heaptrack.phases.zst")));
        const auto& store = analysis->profile().checkpoints();
        const size_t b = *analysis->profile().peakCheckpoint();
        for (auto grouping : AllGroupings) {
            const auto diff = computeDiff(analysis, 0, b, grouping);
            int64_t bytes = 0, allocations = 0;
            for (const auto& row : diff.rows) {
                bytes += row.atB.bytes;
                allocations += row.allocations;
            }
            QCOMPARE(bytes, store.totalAt(b).bytes);
            QCOMPARE(diff.total.atB.bytes, store.totalAt(b).bytes);
            QCOMPARE(allocations, store.cumulativeAllocations(b));
            // Ranked (growth, then rise, then Δbytes, then the group), each group once, each row
            // still with its own series (rank() moves rows in place along the permutation).
            const auto rankKey = [](const DiffRow& r) {
                return std::make_tuple(-std::max<int64_t>(r.deltaBytes(), 0), -r.riseBytes(), -r.deltaBytes(), r.group);
            };
            std::set<uint32_t> seen;
            for (size_t i = 0; i < diff.rows.size(); ++i) {
                QVERIFY(seen.insert(diff.rows[i].group).second);
                if (i > 0)
                    QVERIFY(rankKey(diff.rows[i - 1]) < rankKey(diff.rows[i]));
                // Kept compressed: decoded, each series runs from A to B, its highs never below it.
                const auto values = diff.series(diff.rows[i]), highs = diff.highs(diff.rows[i]);
                QCOMPARE(values.size(), diff.seriesPoints());
                QCOMPARE(highs.size(), diff.seriesPoints());
                QCOMPARE(values.front(), diff.rows[i].atA.bytes);
                QCOMPARE(values.back(), diff.rows[i].atB.bytes);
                for (size_t j = 0; j < values.size(); ++j)
                    QVERIFY(highs[j] >= values[j]);
                QCOMPARE(*std::max_element(highs.begin(), highs.end()), diff.rows[i].highest);
            }
        }
    }

    void typesOnTheRecording()
    {
        const auto analysis = analyse(corpusFile(QStringLiteral("recorded/heaptrack.phases.zst")));
        const auto diff = computeDiff(analysis, 0, *analysis->profile().peakCheckpoint(), Grouping::Type);
        const auto* strings = rowWithKey(diff, "std::string");
        const auto* events = rowWithKey(diff, "Event");
        QVERIFY(strings && events);
        QVERIFY(strings->deltaBytes() > 2'000'000); // leakEvents' strings
        QVERIFY(events->deltaBytes() > 9'000'000); // keepReportCopy's vector<Event> copies
        QCOMPARE(QString::fromStdString(diff.key(diff.rows[0])), QStringLiteral("Event"));
    }

    // diff against an independent replay of the events, at pairs of regular checkpoints.
    void bruteForceReplay_data()
    {
        QTest::addColumn<QString>("file");
        for (const char* f : { "recorded/heaptrack.phases.zst", "recorded/heaptrack.phases-killed.zst", "recorded/heaptrack.phases-cut.zst",
                               "recorded/heaptrack.leakpy.zst", "recorded/heaptrack.cc1plus.zst", "external/heaptrack.david.18594.gz",
                               "external/heaptrack.heaptrack_gui.99454.zst", "external/heaptrack.heaptrack_gui.99529.zst",
                               "external/heaptrack.embedded_lsan_suppressions.84207.zst" })
            QTest::newRow(f) << QString::fromLatin1(f);
    }

    void bruteForceReplay()
    {
        QFETCH(QString, file);
        HEAPLINE_SKIP_WITHOUT(file);
        const auto analysis = analyse(corpusFile(file));
        const auto& store = analysis->profile().checkpoints();
        std::vector<size_t> regular;
        for (size_t k = 1; k < store.size(); ++k)
            if (!store.pinned(k))
                regular.push_back(k);
        QVERIFY(!regular.empty());
        std::vector<std::pair<size_t, size_t>> pairs;
        const size_t n = regular.size();
        pairs.emplace_back(0, regular[n - 1]);
        pairs.emplace_back(regular[n / 4], regular[3 * n / 4]);
        pairs.emplace_back(regular[n / 2], regular[n / 2]);
        pairs.emplace_back(regular[0], regular[n / 3]);
        std::vector<double> times;
        for (const auto& [a, b] : pairs)
            times.push_back(store.time(b)), times.push_back(a ? store.time(a) : -1.0);
        std::sort(times.begin(), times.end());
        times.erase(std::unique(times.begin(), times.end()), times.end());
        const Replay replay(corpusFile(file), times);
        for (const auto& [a, b] : pairs) {
            const auto diff = computeDiff(analysis, a, b, Grouping::Function);
            const auto& atB = replay.at.at(store.time(b));
            const std::map<std::string, Replay::State> empty;
            const auto& atA = a ? replay.at.at(store.time(a)) : empty;
            std::map<std::string, const DiffRow*> rows;
            for (const auto& row : diff.rows)
                rows[diff.key(row)] = &row;
            for (const auto& [key, state] : atB) {
                const auto before = atA.count(key) ? atA.at(key) : Replay::State {};
                const bool expectRow = state.bytes || state.blocks || before.bytes || before.blocks || state.allocations != before.allocations
                    || state.frees != before.frees;
                QVERIFY2(!expectRow || rows.count(key), key.c_str());
                if (!expectRow)
                    continue;
                const DiffRow& row = *rows[key];
                QCOMPARE(row.atA.bytes, before.bytes);
                QCOMPARE(row.atB.bytes, state.bytes);
                QCOMPARE(row.atB.blocks, state.blocks);
                QCOMPARE(row.allocations, state.allocations - before.allocations);
                QCOMPARE(row.frees, state.frees - before.frees);
            }
            QCOMPARE(rows.size(), atB.size() - std::count_if(atB.begin(), atB.end(), [&](const auto& kv) {
                const auto before = atA.count(kv.first) ? atA.at(kv.first) : Replay::State {};
                return !(kv.second.bytes || kv.second.blocks || before.bytes || before.blocks || kv.second.allocations != before.allocations
                         || kv.second.frees != before.frees);
            }));
        }
    }

    void twoFiles()
    {
        // The killed run (before) against the full run (after), by function: matched by name.
        const auto before = analyse(corpusFile(QStringLiteral("recorded/heaptrack.phases-killed.zst")));
        const auto after = analyse(corpusFile(QStringLiteral("recorded/heaptrack.phases.zst")));
        const size_t a = before->profile().checkpointCount() - 1;
        const size_t b = *after->profile().peakCheckpoint();
        const auto diff = computeDiffBetween(before, a, after, b, Grouping::Function);
        const auto* leak = rowWithKey(diff, "leakEvents(int, long)");
        QVERIFY(leak);
        QCOMPARE(leak->atA.bytes, computeDiff(before, 0, a, Grouping::Function).rows[0].atB.bytes);
        QCOMPARE(diff.total.atA.bytes, before->profile().checkpoints().totalAt(a).bytes);
        QCOMPARE(diff.total.atB.bytes, after->profile().checkpoints().totalAt(b).bytes);
        QVERIFY(rowWithKey(diff, "runBatch(int)")->atA.bytes == 0); // only the full run got that far

        // A profile against itself by callsite: every stack matched by its frames, nothing changed.
        const auto self = computeDiffBetween(after, b, after, b, Grouping::Callsite);
        QVERIFY(!self.rows.empty());
        for (const auto& row : self.rows) {
            QCOMPARE(row.atA, row.atB);
            QVERIFY(self.callsite(row).has_value());
        }
        // Two recordings of the same program (heaptrack and massif): the same stacks match by
        // their symbolized frames although every address differs. Compare by function.
        const auto massif = analyse(corpusFile(QStringLiteral("recorded/massif.out.phases")));
        const auto cross = computeDiffBetween(after, b, massif, *massif->profile().peakCheckpoint(), Grouping::Function);
        const auto* copies = rowWithKey(cross, "keepReportCopy(std::vector<Event, std::allocator<Event> > const&)");
        QVERIFY(copies);
        // 5 copies of 1.92 MB at both peaks (the vector holding them is below massif's threshold).
        QVERIFY(std::llabs(copies->atA.bytes - copies->atB.bytes) < copies->atB.bytes / 100);
    }
};

QTEST_APPLESS_MAIN(TestAnalysis)
#include "tst_analysis.moc"
