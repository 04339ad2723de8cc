// The massif reader against MANIFEST.md and against ms_print's own output (tests/data/ms_print,
// extracted by extract.py), plus labels, compression, cut, lying and deep files.

#include "TestSupport.h"
#include "importers/Importer.h"
#include "importers/MassifReader.h"
#include "model/SummaryLists.h"
#include "model/Wording.h"

#include <QElapsedTimer>
#include <QFileInfo>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>
#include <map>

using namespace heapline;
using namespace heapline::test;

namespace {

struct MassifOracle {
    QString file;
    QString timeUnit;
    int64_t snapshots = 0;
    int64_t detailed = 0;
    int peakSnapshot = -1;
    int64_t maxHeap = 0;
    double lastTime = 0;
};

std::vector<MassifOracle> massifOracle()
{
    std::vector<MassifOracle> rows;
    bool inTable = false;
    for (const QByteArray& raw : readFile(corpusFile(QStringLiteral("MANIFEST.md"))).split('\n')) {
        const QString line = QString::fromUtf8(raw).trimmed();
        if (line.startsWith(QLatin1String("## Oracle: massif files"))) {
            inTable = true;
            continue;
        }
        if (inTable && line.startsWith(QLatin1String("## ")))
            break;
        if (!inTable || !line.startsWith(QLatin1String("| `")))
            continue;
        QStringList cells = line.split(QLatin1Char('|'), Qt::SkipEmptyParts);
        for (auto& cell : cells)
            cell = cell.trimmed();
        MassifOracle row;
        row.file = cells[0].remove(QLatin1Char('`'));
        row.timeUnit = cells[1];
        row.snapshots = cells[2].toLongLong();
        row.detailed = cells[3].toLongLong();
        row.peakSnapshot = cells[4] == QLatin1String("-") ? -1 : cells[4].toInt();
        row.maxHeap = cells[5].toLongLong();
        row.lastTime = cells[6].toDouble();
        rows.push_back(row);
    }
    return rows;
}

struct Golden {
    struct Row {
        int number;
        double time;
        int64_t total, heap, extra, stacks;
    };
    std::vector<Row> rows;
    std::vector<int> detailed;
    int peak = -1;
    std::vector<std::pair<int64_t, QString>> top;
};

Golden readGolden(const QString& name)
{
    Golden golden;
    for (const QByteArray& raw : readFile(testData(QStringLiteral("ms_print/") + name + QStringLiteral(".golden"))).split('\n')) {
        const QString line = QString::fromUtf8(raw);
        const QStringList f = line.split(QLatin1Char(' '), Qt::SkipEmptyParts);
        if (f.isEmpty())
            continue;
        if (f[0] == QLatin1String("snapshot") && f.size() == 7)
            golden.rows.push_back({ f[1].toInt(), f[2].toDouble(), f[3].toLongLong(), f[4].toLongLong(), f[5].toLongLong(), f[6].toLongLong() });
        else if (f[0] == QLatin1String("detailed"))
            for (int i = 1; i < f.size(); ++i)
                golden.detailed.push_back(f[i].toInt());
        else if (f[0] == QLatin1String("peak"))
            golden.peak = f[1].toInt();
        else if (f[0] == QLatin1String("top"))
            golden.top.emplace_back(f[1].toLongLong(), line.section(QLatin1Char(' '), 2));
    }
    return golden;
}

// ms_print's label without the address, as our frames print it.
QString withoutAddress(const QString& label)
{
    if (label.startsWith(QLatin1String("0x")))
        return label.section(QLatin1String(": "), 1);
    if (label.contains(QLatin1String("below massif's threshold")))
        return QStringLiteral("below massif's threshold");
    return label;
}

QString frameLabel(const Profile& profile, FrameId id)
{
    const auto& frame = profile.frames()[id];
    QString label = QString::fromStdString(std::string(profile.string(frame.function)));
    if (frame.file.value)
        label += QStringLiteral(" (%1:%2)").arg(QString::fromStdString(std::string(profile.string(frame.file)))).arg(frame.line);
    else if (frame.module.value)
        label += QStringLiteral(" (in %1)").arg(QString::fromStdString(std::string(profile.string(frame.module))));
    return label;
}

std::shared_ptr<const Profile> load(const QString& path)
{
    auto result = importProfile(path.toStdString());
    if (!result.profile)
        qWarning("%s", result.error->toString().c_str());
    return result.profile;
}

QString warnings(const Profile& profile)
{
    QStringList list;
    for (const auto& w : profile.warnings())
        list << QString::fromStdString(w);
    return list.join(QLatin1String(" | "));
}

} // namespace

Q_DECLARE_METATYPE(MassifOracle)

class TestMassif : public QObject {
    Q_OBJECT

private slots:
    void corpusMatchesOracle_data()
    {
        QTest::addColumn<MassifOracle>("oracle");
        const auto rows = massifOracle();
        QVERIFY(rows.size() >= 16);
        for (const auto& row : rows)
            QTest::newRow(qPrintable(row.file)) << row;
    }

    void corpusMatchesOracle()
    {
        QFETCH(MassifOracle, oracle);
        const auto profile = load(corpusFile(oracle.file));
        QVERIFY(profile);
        QCOMPARE(profile->info().format, std::string("massif"));
        QCOMPARE(QString::fromLatin1(timeUnitName(profile->info().timeUnit)), oracle.timeUnit);
        QCOMPARE(profile->totals().snapshots.value(), oracle.snapshots);
        QCOMPARE(static_cast<int64_t>(profile->checkpointCount() - 1), oracle.detailed);
        QCOMPARE(profile->totals().peakHeapBytes, oracle.maxHeap);
        QCOMPARE(profile->totals().duration, oracle.lastTime);
        QVERIFY(!profile->totals().allocations.has_value());
        const auto points = profile->timeline().heap.points();
        QCOMPARE(static_cast<int64_t>(points.size()), oracle.snapshots);
        QCOMPARE(profile->totals().leakedBytes, points.back().value);
        if (oracle.peakSnapshot >= 0) {
            QVERIFY(profile->peakCheckpoint().has_value());
            QCOMPARE(profile->checkpoints().time(*profile->peakCheckpoint()), points[static_cast<size_t>(oracle.peakSnapshot)].time);
        }
        // A file without a detailed snapshot says so, and nothing else.
        if (oracle.detailed == 0) {
            QCOMPARE(profile->warnings().size(), size_t(1));
            QVERIFY2(warnings(*profile).contains(QLatin1String("detailed")), qPrintable(warnings(*profile)));
        } else {
            QVERIFY2(profile->warnings().empty(), qPrintable(warnings(*profile)));
        }
    }

    void agreesWithMsPrint_data()
    {
        QTest::addColumn<QString>("file");
        for (const auto& row : massifOracle())
            if (QFileInfo::exists(testData(QStringLiteral("ms_print/") + QFileInfo(row.file).fileName().remove(QLatin1String(".bz2")) + QStringLiteral(".golden"))))
                QTest::newRow(qPrintable(row.file)) << row.file;
    }

    void agreesWithMsPrint()
    {
        QFETCH(QString, file);
        const auto golden = readGolden(QFileInfo(file).fileName().remove(QLatin1String(".bz2")));
        QVERIFY(!golden.rows.empty());
        const auto profile = load(corpusFile(file));
        QVERIFY(profile);
        const auto& timeline = profile->timeline();
        const auto heap = timeline.heap.points();
        QCOMPARE(heap.size(), golden.rows.size());
        const Series* extra = nullptr;
        const Series* stacks = nullptr;
        for (const auto& s : timeline.memory) {
            if (s.name == "heap extra")
                extra = &s.series;
            if (s.name == "stacks")
                stacks = &s.series;
        }
        QVERIFY(extra && stacks);
        for (size_t i = 0; i < heap.size(); ++i) {
            QCOMPARE(heap[i].time, golden.rows[i].time);
            QCOMPARE(heap[i].value, golden.rows[i].heap);
            QCOMPARE(extra->points()[i].value, golden.rows[i].extra);
            QCOMPARE(stacks->points()[i].value, golden.rows[i].stacks);
        }
        QCOMPARE(profile->checkpointCount() - 1, golden.detailed.size());
        for (size_t k = 1; k < profile->checkpointCount(); ++k)
            QCOMPARE(profile->checkpoints().time(k), golden.rows[static_cast<size_t>(golden.detailed[k - 1])].time);
        if (golden.peak < 0)
            return;

        // The peak tree's first level is the frame nearest the allocation: group the state at the
        // peak checkpoint by each callsite's innermost frame and compare with ms_print's entries.
        const size_t peak = profile->peakCheckpoint().value();
        QCOMPARE(profile->checkpoints().time(peak), golden.rows[static_cast<size_t>(golden.peak)].time);
        std::map<QString, int64_t> ours;
        const auto live = profile->liveAt(peak);
        int64_t total = 0;
        for (size_t c = 0; c < live.size(); ++c) {
            if (!live[c].bytes)
                continue;
            const auto stack = profile->stackOf(CallsiteId { c });
            ours[stack.empty() ? QStringLiteral("(no stack)") : frameLabel(*profile, stack.front())] += live[c].bytes;
            total += live[c].bytes;
        }
        QCOMPARE(total, golden.rows[static_cast<size_t>(golden.peak)].heap);
        if (total == 0)
            return; // an empty peak tree (stacks only): ms_print lists nothing
        std::map<QString, int64_t> shown;
        int64_t shownTotal = 0;
        for (const auto& [bytes, label] : golden.top) {
            shown[withoutAddress(label)] += bytes;
            shownTotal += bytes;
        }
        QVERIFY(!shown.empty());
        // Entries that ms_print folds into its own "below ms_print's threshold" line are the only
        // difference allowed, and they add up to what its listed entries leave out.
        const int64_t folded = total - shownTotal;
        for (const auto& [label, bytes] : shown) {
            QVERIFY2(ours.count(label), qPrintable(label));
            QVERIFY2(ours[label] >= bytes && ours[label] - bytes <= folded,
                     qPrintable(QStringLiteral("%1: ours %2, ms_print %3").arg(label).arg(ours[label]).arg(bytes)));
        }
    }

    // heaptrack_print -M samples the heap at each of heaptrack's timestamps: those samples are
    // exactly the heaptrack reader's timeline.
    void heaptrackExportAgreesWithTheHeaptrackReader()
    {
        const auto exported = load(corpusFile(QStringLiteral("recorded/massif.out.from-heaptrack-phases")));
        const auto recorded = load(corpusFile(QStringLiteral("recorded/heaptrack.phases.zst")));
        QVERIFY(exported && recorded);
        std::map<int64_t, int64_t> samples;
        for (const auto& p : recorded->timeline().heap.points())
            samples[static_cast<int64_t>(p.time)] = p.value;
        const auto points = exported->timeline().heap.points();
        int64_t largestSample = 0;
        for (size_t i = 0; i + 1 < points.size(); ++i) {
            const auto ms = std::llround(points[i].time * 1000);
            QVERIFY2(samples.count(ms), qPrintable(QString::number(ms)));
            QCOMPARE(points[i].value, samples[ms]);
            largestSample = std::max(largestSample, samples[ms]);
        }
        // heaptrack writes its last snapshot one millisecond after the end: the heap left over.
        QCOMPARE(points.back().value, recorded->totals().leakedBytes);
        QCOMPARE(exported->totals().peakHeapBytes, largestSample);
        QVERIFY(exported->totals().peakHeapBytes <= recorded->totals().peakHeapBytes);
        QCOMPARE(exported->info().timeUnit, TimeUnit::Seconds);
        QCOMPARE(exported->info().description, std::string("heaptrack"));
    }

    void labels_data()
    {
        QTest::addColumn<QString>("label");
        QTest::addColumn<QString>("function");
        QTest::addColumn<QString>("file");
        QTest::addColumn<int>("line");
        QTest::addColumn<QString>("module");
        QTest::newRow("file and line") << "0x10A81F: allocate (new_allocator.h:137)" << "allocate" << "new_allocator.h" << 137 << "";
        QTest::newRow("module") << "0x48FB7B9: ??? (in /usr/lib/x86_64-linux-gnu/libstdc++.so.6.0.30)" << "???" << "" << 0
                                << "/usr/lib/x86_64-linux-gnu/libstdc++.so.6.0.30";
        QTest::newRow("bare") << "0x401AB9F: ???" << "???" << "" << 0 << "";
        QTest::newRow("C++ signature") << "0x10A81F: std::__cxx11::basic_string<char, std::char_traits<char>, std::allocator<char> >::_M_mutate(unsigned long, unsigned long, char const*, unsigned long) (basic_string.tcc:328)"
                                       << "std::__cxx11::basic_string<char, std::char_traits<char>, std::allocator<char> >::_M_mutate(unsigned long, unsigned long, char const*, unsigned long)"
                                       << "basic_string.tcc" << 328 << "";
        QTest::newRow("parentheses, no location") << "0x4005D4: foo(int) const" << "foo(int) const" << "" << 0 << "";
        QTest::newRow("trailing argument list") << "0x4005D4: bar(std::pair<int, int>)" << "bar(std::pair<int, int>)" << "" << 0 << "";
        QTest::newRow("below main") << "0x4E5B76C: (below main) (libc-start.c:226)" << "(below main)" << "libc-start.c" << 226 << "";
        QTest::newRow("operator()") << "0x1234: Foo::operator()(int) (foo.cpp:12)" << "Foo::operator()(int)" << "foo.cpp" << 12 << "";
        QTest::newRow("colon in path") << "0x1: f (C:/src/a.cpp:7)" << "f" << "C:/src/a.cpp" << 7 << "";
    }

    void labels()
    {
        QFETCH(QString, label);
        QFETCH(QString, function);
        QFETCH(QString, file);
        QFETCH(int, line);
        QFETCH(QString, module);
        const std::string text = label.toStdString();
        const auto parsed = parseMassifLabel(text);
        QCOMPARE(parsed.kind, MassifLabel::Kind::Code);
        QCOMPARE(QString::fromStdString(std::string(parsed.function)), function);
        QCOMPARE(QString::fromStdString(std::string(parsed.file)), file);
        QCOMPARE(static_cast<int>(parsed.line), line);
        QCOMPARE(QString::fromStdString(std::string(parsed.module)), module);
        QCOMPARE(parseMassifLabel("in 5 places, all below massif's threshold (1.00%)").kind, MassifLabel::Kind::BelowThreshold);
        QCOMPARE(parseMassifLabel("in 1 place, below massif's threshold (01.00%)").kind, MassifLabel::Kind::BelowThreshold);
    }

    void compressionsAgree()
    {
        const QByteArray text = readFile(corpusFile(QStringLiteral("recorded/massif.out.phases")));
        QTemporaryDir dir;
        const auto gz = dir.filePath(QStringLiteral("massif.out.gz"));
        const auto zst = dir.filePath(QStringLiteral("massif.out.zst"));
        QVERIFY(writeFile(gz, gzipCompress(text)));
        QVERIFY(writeFile(zst, zstdCompress(text)));
        const auto reference = load(corpusFile(QStringLiteral("recorded/massif.out.phases")));
        for (const auto& path : { gz, zst }) {
            const auto profile = load(path);
            QVERIFY(profile);
            QCOMPARE(profile->totals().snapshots, reference->totals().snapshots);
            QCOMPARE(profile->checkpointCount(), reference->checkpointCount());
            QCOMPARE(profile->liveAt(profile->checkpointCount() - 1), reference->liveAt(reference->checkpointCount() - 1));
        }
    }

    void fileCutInATreeLoadsUpToTheCut()
    {
        const QByteArray text = readFile(corpusFile(QStringLiteral("recorded/massif.out.phases")));
        // Cut in the middle of the peak snapshot's tree.
        const auto peakTree = text.indexOf("heap_tree=peak");
        QVERIFY(peakTree > 0);
        const auto cut = text.indexOf('\n', peakTree + 400) + 5;
        QTemporaryDir dir;
        const auto path = dir.filePath(QStringLiteral("massif.out.cut"));
        QVERIFY(writeFile(path, text.left(cut)));
        const auto profile = load(path);
        QVERIFY(profile);
        QVERIFY(profile->truncated());
        QVERIFY2(warnings(*profile).contains(QLatin1String("27 complete snapshots")), qPrintable(warnings(*profile)));
        // Snapshot 26 (the peak) has its header but not its whole tree: on the timeline, not a checkpoint.
        QCOMPARE(profile->totals().snapshots.value(), int64_t(27));
        QCOMPARE(profile->totals().peakHeapBytes, int64_t(17640666));
        QCOMPARE(profile->checkpointCount() - 1, size_t(12));
    }

    void lyingChildCountsFollowTheIndentation()
    {
        QByteArray text = readFile(corpusFile(QStringLiteral("recorded/massif.out.phases")));
        const auto reference = load(corpusFile(QStringLiteral("recorded/massif.out.phases")));
        text.replace("\nn4: 191033 (heap", "\nn9: 191033 (heap"); // snapshot 2's root claims 9 children
        QTemporaryDir dir;
        const auto path = dir.filePath(QStringLiteral("massif.out.lying"));
        QVERIFY(writeFile(path, text));
        const auto profile = load(path);
        QVERIFY(profile);
        QVERIFY2(warnings(*profile).contains(QLatin1String("announce a different number of children")), qPrintable(warnings(*profile)));
        QCOMPARE(profile->checkpointCount(), reference->checkpointCount());
        QCOMPARE(profile->liveAt(1), reference->liveAt(1));
    }

    void absurdValuesAreShownOrRejected()
    {
        const auto huge = load(corpusFile(QStringLiteral("external/massif.out.huge")));
        QVERIFY(huge);
        QCOMPARE(huge->totals().peakHeapBytes, int64_t(5021305210));
        QByteArray text = readFile(corpusFile(QStringLiteral("external/massif.out.32406")));
        text.replace("mem_heap_B=100", "mem_heap_B=99999999999999999999999");
        QTemporaryDir dir;
        const auto path = dir.filePath(QStringLiteral("massif.out.absurd"));
        QVERIFY(writeFile(path, text));
        const auto profile = load(path);
        QVERIFY(profile);
        QCOMPARE(profile->totals().snapshots.value(), int64_t(1));
        QVERIFY2(warnings(*profile).contains(QLatin1String("absurd mem_heap_B")), qPrintable(warnings(*profile)));
    }

    // A massif file none of whose snapshots is detailed records the heap's totals only: it says
    // so, and its first screen says what it records instead of "0 B to 0 B: flat" beside a
    // timeline that climbed to 100 B. A file with a detailed snapshot says neither.
    void snapshotsWithoutTreesAreTold()
    {
        const QString file = corpusFile(QStringLiteral("external/massif.out.32406"));
        const auto profile = load(file);
        QVERIFY(profile);
        QVERIFY2(warnings(*profile).contains(QLatin1String("none of the 2 snapshots is detailed")),
            qPrintable(warnings(*profile)));
        QCOMPARE(QString::fromStdString(noBreakdownNote(*profile)),
            QStringLiteral("Nothing to compare: the file records the heap's total only (0 B at the start, 100 B at the "
                           "end, 100 B at most), not where it was allocated."));
        const auto detailed = load(corpusFile(QStringLiteral("external/massif.out.kate")));
        QVERIFY(detailed);
        QVERIFY(noBreakdownNote(*detailed).empty());
        QVERIFY2(!warnings(*detailed).contains(QLatin1String("detailed")), qPrintable(warnings(*detailed)));
    }

    // massif run on a Go program (tests/data/fresh/gosvc.go: statically linked, its heap mapped by
    // Go's runtime) saw no allocation: one snapshot of 0 B. It was told to record again with
    // --detailed-freq=1 for the trees; it is now told what massif cannot see, and what can.
    void aHeapOfNothingIsToldWhy()
    {
        const auto profile = load(testData(QStringLiteral("fresh/massif.out.gosvc")));
        QVERIFY(profile);
        const QString told = warnings(*profile);
        QVERIFY2(told.contains(QLatin1String("massif saw no allocation")), qPrintable(told));
        QVERIFY2(told.contains(QLatin1String("--pages-as-heap=yes")), qPrintable(told));
        QVERIFY2(!told.contains(QLatin1String("--detailed-freq")), qPrintable(told));
        QCOMPARE(QString::fromStdString(noBreakdownNote(*profile)),
            QStringLiteral("Nothing to compare: the heap is 0 B throughout; the recording saw no allocation."));
    }

    // A deep tree, properly indented: read without recursion; callsites keep 1024 frames.
    void deepTree()
    {
        QByteArray text = "desc: (none)\ncmd: ./deep\ntime_unit: i\n#-----------\nsnapshot=0\n#-----------\ntime=10\n"
                          "mem_heap_B=64\nmem_heap_extra_B=0\nmem_stacks_B=0\nheap_tree=detailed\n"
                          "n1: 64 (heap allocation functions) malloc/new/new[], --alloc-fns, etc.\n";
        constexpr int Depth = 3000;
        for (int i = 1; i <= Depth; ++i) {
            text += QByteArray(i, ' ') + (i == Depth ? "n0: 64 0x" : "n1: 64 0x") + QByteArray::number(i, 16) + ": f"
                + QByteArray::number(i) + " (deep.c:" + QByteArray::number(i) + ")\n";
        }
        QTemporaryDir dir;
        const auto path = dir.filePath(QStringLiteral("massif.out.deep"));
        QVERIFY(writeFile(path, zstdCompress(text)));
        const auto profile = load(path);
        QVERIFY(profile);
        QCOMPARE(profile->checkpointCount(), size_t(2));
        QCOMPARE(profile->checkpoints().totalAt(1).bytes, int64_t(64));
        const auto stack = profile->stackOf(CallsiteId { 0u });
        QCOMPARE(stack.size(), size_t(1024));
        QCOMPARE(frameLabel(*profile, stack.front()), QStringLiteral("f1 (deep.c:1)"));
        QVERIFY(warnings(*profile).contains(QLatin1String("deeper than 1024")));
    }

    // 100 000 nested nodes by their child counts (a parser that recursed on them would overflow
    // the stack) with no indentation to match: read quickly, and the mismatch is reported.
    void hundredThousandLevelsByCount()
    {
        QByteArray text = "desc: (none)\ncmd: ./deep\ntime_unit: i\n#-----------\nsnapshot=0\n#-----------\ntime=10\n"
                          "mem_heap_B=64\nmem_heap_extra_B=0\nmem_stacks_B=0\nheap_tree=detailed\n"
                          "n1: 64 (heap allocation functions) malloc/new/new[], --alloc-fns, etc.\n";
        for (int i = 1; i <= 100000; ++i)
            text += " n1: 64 0x" + QByteArray::number(i, 16) + ": g (deep.c:" + QByteArray::number(i) + ")\n";
        QTemporaryDir dir;
        const auto path = dir.filePath(QStringLiteral("massif.out.counted"));
        QVERIFY(writeFile(path, zstdCompress(text)));
        QElapsedTimer clock;
        clock.start();
        const auto profile = load(path);
        QVERIFY(profile);
        QVERIFY(clock.elapsed() < 10000);
        QVERIFY(warnings(*profile).contains(QLatin1String("announce a different number of children")));
        QCOMPARE(profile->totals().snapshots.value(), int64_t(1));
    }

    // massif records the heap at every snapshot, the rows only at the detailed ones (every tenth
    // and the peak). On a program of batches (tests/data/fresh/sawtooth.cpp) every detailed
    // snapshot fell on a batch at its highest, and the heap read "plateau: a bounded cache"; its
    // 53 snapshots show eleven batches built and freed.
    void batchesBetweenDetailedSnapshotsAreSpiky()
    {
        const auto run = runCli({ QStringLiteral("diff"), QStringLiteral("--json"),
            testData(QStringLiteral("fresh/massif.out.sawtooth")) });
        QCOMPARE(run.exitCode, 0);
        const auto total = QJsonDocument::fromJson(run.out).object().value(QStringLiteral("total")).toObject();
        QCOMPARE(total.value(QStringLiteral("class")).toString(), QStringLiteral("spiky"));
        QVERIFY(total.value(QStringLiteral("evidence")).toObject().value(QStringLiteral("spikes")).toInt() >= 10);
        // So is runBatch, the batches' row: the heap fell between its detailed snapshots below where
        // it stood at both (it read "plateau"). Its evidence is that series': the batches, and how
        // far it fell between them.
        const auto row
            = QJsonDocument::fromJson(run.out).object().value(QStringLiteral("rows")).toArray().first().toObject();
        QCOMPARE(row.value(QStringLiteral("key")).toString(), QStringLiteral("runBatch(int)"));
        QCOMPARE(row.value(QStringLiteral("class")).toString(), QStringLiteral("spiky"));
        const auto evidence = row.value(QStringLiteral("evidence")).toObject();
        QVERIFY(evidence.value(QStringLiteral("spikes")).toInt() >= 5);
        QVERIFY(evidence.value(QStringLiteral("drop_ratio")).toDouble() > 0.5);
    }

    // requestlog.cpp under massif, whose time is counted in instructions (nearly all of them spent
    // building the batches): every detailed snapshot fell on a batch at its highest, and between
    // them the heap fell by 1.0-1.2 MB, never below where runBatch stood (1.86 MB): the log grew
    // beside it. runBatch read "plateau: a bounded cache". The falls are runBatch's: the cache
    // (778 kB) could not have made them alone, and the log, which could late in the run, grew at
    // every detailed snapshot while the batch's row alone made the early falls.
    void aBatchBesideALogAndACacheIsSpiky()
    {
        const auto run = runCli({ QStringLiteral("diff"), QStringLiteral("--json"),
            testData(QStringLiteral("fresh/massif.out.requestlog")) });
        QCOMPARE(run.exitCode, 0);
        QHash<QString, QJsonObject> rows;
        for (const auto& row : QJsonDocument::fromJson(run.out).object().value(QStringLiteral("rows")).toArray())
            rows.insert(row.toObject().value(QStringLiteral("key")).toString(), row.toObject());
        const auto batch = rows.value(QStringLiteral("runBatch(int)"));
        QCOMPARE(batch.value(QStringLiteral("class")).toString(), QStringLiteral("spiky"));
        QCOMPARE(batch.value(QStringLiteral("leak_like")).toBool(), false);
        const auto evidence = batch.value(QStringLiteral("evidence")).toObject();
        QVERIFY(evidence.value(QStringLiteral("spikes")).toInt() >= 10);
        QVERIFY(evidence.value(QStringLiteral("drop_ratio")).toDouble() > 0.5);
        // Where it fell to is an estimate: no "lows rose" is told of it.
        QCOMPARE(evidence.value(QStringLiteral("lows_estimated")).toBool(), true);
        const auto log = rows.value(QStringLiteral("logRequest(int)"));
        QCOMPARE(log.value(QStringLiteral("class")).toString(), QStringLiteral("linear"));
        QCOMPARE(log.value(QStringLiteral("leak_like")).toBool(), true);
        QCOMPARE(rows.value(QStringLiteral("cacheResult(int)")).value(QStringLiteral("class")).toString(),
            QStringLiteral("plateau"));
        // Its sparkline in a report is drawn as it was read: it falls back after its tops (it was
        // a flat top, "▁▁▂▂▂▂██████████", beside "spiky").
        QTemporaryDir dir;
        const QString report = dir.filePath(QStringLiteral("report.md"));
        const auto md = runCli({ QStringLiteral("report"), QStringLiteral("--format"), QStringLiteral("markdown"),
            QStringLiteral("-o"), report, testData(QStringLiteral("fresh/massif.out.requestlog")) });
        QCOMPARE(md.exitCode, 0);
        QString line;
        for (const QString& l : QString::fromUtf8(readFile(report)).split(QLatin1Char('\n')))
            if (l.contains(QLatin1String("| runBatch(int) |")))
                line = l;
        const QString spark = line.section(QLatin1Char('|'), -2, -2).trimmed();
        QVERIFY2(spark.indexOf(QChar(0x2588)) >= 0 && spark.lastIndexOf(QChar(0x2581)) > spark.indexOf(QChar(0x2588)),
            qPrintable(line));
    }

    // A callsite whose frames nearest the allocation are the library's (std::vector's allocate,
    // std::string's _M_mutate) is named by the user's own frame first: its table column showed
    // "allocate (new_allocator.h:137) <- allocate (al…" for the log, the cache and the batch
    // alike. The library's frames follow in brackets, every frame kept in order; massif's
    // "below massif's threshold" is no place in the code and never leads.
    void aCallsiteLeadsWithTheUsersFrame()
    {
        const auto run = runCli({ QStringLiteral("diff"), QStringLiteral("--json"), QStringLiteral("--by"),
            QStringLiteral("callsite"), QStringLiteral("--top"), QStringLiteral("0"),
            testData(QStringLiteral("fresh/massif.out.requestlog")) });
        QCOMPARE(run.exitCode, 0);
        QStringList keys;
        for (const auto& row : QJsonDocument::fromJson(run.out).object().value(QStringLiteral("rows")).toArray())
            keys << row.toObject().value(QStringLiteral("key")).toString();
        QVERIFY(keys.size() >= 4);
        const QString cache = keys.filter(QStringLiteral("cacheResult")).value(0);
        QVERIFY2(cache.startsWith(
                     QLatin1String("cacheResult(int) (requestlog.cpp:19) [via allocate (new_allocator.h:137) <- ")),
            qPrintable(cache));
        QVERIFY2(cache.endsWith(QLatin1String(
                     "emplace_back<int, char>(int&&, char&&) (deque.tcc:170)] <- main (requestlog.cpp:26)")),
            qPrintable(cache));
        for (const QString& key : keys) {
            QVERIFY2(
                !key.startsWith(QLatin1String("allocate")) && !key.startsWith(QLatin1String("std::")), qPrintable(key));
            if (key.contains(QLatin1String("below massif's threshold")))
                QVERIFY2(!key.startsWith(QLatin1String("below massif's threshold [via")), qPrintable(key));
        }
    }

    // A session cache of make_shared sessions under massif (tests/data/fresh/cxxcache.cpp, 8 000
    // requests): massif names the inlined frames of libstdc++ by their header's name alone, and
    // "__allocate_guarded<…> (allocated_ptr.h:98)" was not known for the library's: by function,
    // the Summary's second suspect was it, "+571 kB linear !", a fifth of SessionCache::get's
    // growth. Its bytes are SessionCache::get's.
    // And the standard headers without an extension: a fresh std::pmr program
    // (tests/data/fresh/pmr.cpp) read "allocate +4.35 MB" by function, memory_resource:107's.
    void theLibrarysInlinedFramesAreNoSuspects_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("culprit");
        QTest::addColumn<qint64>("delta");
        QTest::newRow("make_shared") << QStringLiteral("fresh/massif.out.cxxcache.zst")
                                     << QStringLiteral("SessionCache::get(") << qint64(3'181'627);
        QTest::newRow("std::pmr") << QStringLiteral("fresh/massif.out.pmr.zst") << QStringLiteral("indexRequest")
                                  << qint64(4'351'344);
    }

    void theLibrarysInlinedFramesAreNoSuspects()
    {
        QFETCH(QString, file);
        QFETCH(QString, culprit);
        QFETCH(qint64, delta);
        const auto run = runCli({ QStringLiteral("diff"), QStringLiteral("--json"), QStringLiteral("--top"),
            QStringLiteral("0"), testData(file) });
        QCOMPARE(run.exitCode, 0);
        const auto rows = QJsonDocument::fromJson(run.out).object().value(QStringLiteral("rows")).toArray();
        QVERIFY(!rows.isEmpty());
        const auto top = rows.first().toObject();
        QVERIFY2(top.value(QStringLiteral("key")).toString().startsWith(culprit), run.out.constData());
        QCOMPARE(top.value(QStringLiteral("delta_bytes")).toInteger(), delta);
        for (const auto& row : rows) {
            const QString key = row.toObject().value(QStringLiteral("key")).toString();
            QVERIFY2(!key.contains(QLatin1String("allocate")) && !key.startsWith(QLatin1String("operator()")),
                run.out.constData());
        }
    }

    // A fresh recursive parser under massif --stacks=yes (tests/data/fresh/deep.c): its stacks
    // rose to 560 kB beside a heap of 147 kB, drawn on the chart and told nowhere.
    void stacksMeasuredAreTold()
    {
        const auto run = runCli({ QStringLiteral("diff"), testData(QStringLiteral("fresh/massif.out.deep.zst")) });
        QCOMPARE(run.exitCode, 0);
        HEAPLINE_VERIFY_CONTAINS(QString::fromUtf8(run.out),
            "Stacks (massif --stacks=yes): 0 B at A, 560 kB at B, at most 560 kB (at 126.99 M instr); the heap's "
            "figures and rows leave them out.");
        const auto earlier = runCli({ QStringLiteral("diff"), testData(QStringLiteral("fresh/massif.out.deep.zst")),
            QStringLiteral("--to"), QStringLiteral("50%") });
        HEAPLINE_VERIFY_CONTAINS(QString::fromUtf8(earlier.out), "Stacks (massif --stacks=yes): 0 B at A");
        // Without --stacks=yes, massif writes mem_stacks_B=0 throughout: nothing to tell.
        const auto heapOnly
            = runCli({ QStringLiteral("diff"), testData(QStringLiteral("fresh/massif.out.cxxcache.zst")) });
        QCOMPARE(heapOnly.exitCode, 0);
        QVERIFY2(!heapOnly.out.contains("Stacks"), heapOnly.out.constData());
    }

    // massif writes the snapshots it took as the program ran, none at its exit. batches.c ends a
    // round of 60 with 1.64 MB of batch freed and 1.39 MB kept; massif's last snapshot fell in the
    // last batch (3.00 MB), which the summary and the reports had called "leaked at end". The
    // heaptrack recording of the same program holds the state at exit: 1.39 MB, leaked.
    void theLastSnapshotIsNotTheProgramsEnd()
    {
        const auto massif = runCli({ QStringLiteral("summary"), testData(QStringLiteral("fresh/massif.out.batches")) });
        QCOMPARE(massif.exitCode, 0);
        const QString text = QString::fromUtf8(massif.out);
        QVERIFY2(text.contains(QLatin1String("Last heap    3.00 MB (2,996,344 B) live at the last snapshot, at 3.764 s "
                                             "(massif takes none at exit)")),
            qPrintable(text));
        QVERIFY2(!text.contains(QLatin1String("Leaked")), qPrintable(text));
        const auto heaptrack
            = runCli({ QStringLiteral("summary"), testData(QStringLiteral("fresh/heaptrack.batches.zst")) });
        QCOMPARE(heaptrack.exitCode, 0);
        QVERIFY2(
            heaptrack.out.contains("Leaked       1.39 MB (1,385,056 B) live at the end"), heaptrack.out.constData());

        // The GUI's card and the reports say the same.
        const auto profile = load(testData(QStringLiteral("fresh/massif.out.batches")));
        QStringList captions;
        for (const auto& fact : summaryFacts(*profile))
            captions << QString::fromStdString(fact.caption);
        QVERIFY2(captions.contains(QLatin1String("Live at last snapshot")), qPrintable(captions.join(u',')));
        QVERIFY2(!captions.contains(QLatin1String("Leaked at end")), qPrintable(captions.join(u',')));
        const auto report = runCli({ QStringLiteral("report"), QStringLiteral("--format"), QStringLiteral("md"),
            QStringLiteral("-o"), QStringLiteral("-"), testData(QStringLiteral("fresh/massif.out.batches")) });
        QCOMPARE(report.exitCode, 0);
        QVERIFY2(report.out.contains("| Live at last snapshot | 3.00 MB |"), report.out.constData());
        QVERIFY(!report.out.contains("Leaked at end"));
    }

    // massif lists no entry under its threshold (1% of a snapshot's total by default): as the heap
    // of a fresh request loop (tests/data/fresh/kvstore.cpp) grew to 22 MB, its LRU cache's 112 kB
    // went unlisted, summed under "below massif's threshold", and read "spiky, 0 B at B", as if
    // freed. It now reads as it stood while listed, marked "?", with the reason; the threshold comes
    // from the desc: line where it was given. A batch freed where it would have been listed
    // (massif.out.batches: 1.64 MB) still falls.
    void aRowUnderTheThresholdIsNotFreed()
    {
        QCOMPARE(load(testData(QStringLiteral("fresh/massif.out.kvstore")))->info().listingThreshold, 0.01);
        QCOMPARE(load(corpusFile(QStringLiteral("recorded/massif.out.phases-stacks")))->info().listingThreshold, 0.001);
        const QString file = testData(QStringLiteral("fresh/massif.out.kvstore"));
        const auto json = runCli({ QStringLiteral("diff"), QStringLiteral("--json"), file });
        QCOMPARE(json.exitCode, 0);
        std::map<QString, QJsonObject> rows;
        for (const auto& row : QJsonDocument::fromJson(json.out).object().value(QStringLiteral("rows")).toArray())
            rows[row.toObject().value(QStringLiteral("key")).toString()] = row.toObject();
        const QJsonObject put = rows[QStringLiteral("put")];
        QCOMPARE(put.value(QStringLiteral("bytes_b")).toInteger(), 0);
        QCOMPARE(put.value(QStringLiteral("class")).toString(), QStringLiteral("plateau"));
        QVERIFY(put.value(QStringLiteral("evidence")).toObject().value(QStringLiteral("unlisted_from")).toDouble() > 0);
        for (const char* grower : { "indexDocument(long)", "handleRequest(LruCache&, long)", "openSession(int)" }) {
            const QJsonObject row = rows[QString::fromLatin1(grower)];
            QVERIFY2(row.value(QStringLiteral("evidence")).toObject().value(QStringLiteral("unlisted_from")).isNull(),
                grower);
            QVERIFY2(row.value(QStringLiteral("leak_like")).toBool(), grower);
        }
        const auto text = runCli({ QStringLiteral("diff"), file });
        QVERIFY2(text.out.contains("? under massif's threshold at B"), text.out.constData());
        QVERIFY2(
            QRegularExpression(QStringLiteral("plateau +\\? put\\n")).match(QString::fromUtf8(text.out)).hasMatch(),
            text.out.constData());
        const auto batches = runCli(
            { QStringLiteral("diff"), QStringLiteral("--json"), testData(QStringLiteral("fresh/massif.out.batches")) });
        QCOMPARE(batches.exitCode, 0);
        for (const auto& row : QJsonDocument::fromJson(batches.out).object().value(QStringLiteral("rows")).toArray())
            QVERIFY(row.toObject()
                        .value(QStringLiteral("evidence"))
                        .toObject()
                        .value(QStringLiteral("unlisted_from"))
                        .isNull());
    }

    void notMassifAtAll()
    {
        QTemporaryDir dir;
        const auto path = dir.filePath(QStringLiteral("massif.out.empty"));
        QVERIFY(writeFile(path, "desc: (none)\ncmd: ./x\ntime_unit: i\n"));
        const auto result = importProfile(path.toStdString());
        QVERIFY(!result.profile);
        QVERIFY(QString::fromStdString(result.error->toString()).contains(QLatin1String("no complete massif snapshot")));
    }
};

QTEST_APPLESS_MAIN(TestMassif)
#include "tst_massif.moc"
