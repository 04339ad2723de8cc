// heapline-cli as a user runs it: output, JSON keys, exit statuses and error lines.

#include "TestSupport.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>
#include <chrono>
#include <filesystem>
#include <map>

using namespace heapline::test;

Q_DECLARE_METATYPE(heapline::test::HeaptrackOracle)

namespace {

QJsonObject summaryJson(const QString& path)
{
    const auto run = runCli({ QStringLiteral("summary"), QStringLiteral("--json"), path });
    if (run.exitCode != 0)
        qWarning("%s", run.err.constData());
    QJsonParseError error;
    const auto doc = QJsonDocument::fromJson(run.out, &error);
    if (error.error != QJsonParseError::NoError)
        qWarning("not JSON: %s", qPrintable(error.errorString()));
    return doc.object();
}

// The Markdown report of `path` with the defaults (and `extra` options); empty (and a warning)
// where it was not written.
QByteArray markdownReport(const QString& path, const QStringList& extra = {})
{
    QTemporaryDir dir;
    const QString md = dir.filePath(QStringLiteral("r.md"));
    const auto run = runCli(QStringList { QStringLiteral("report"), path, QStringLiteral("--format"),
                                QStringLiteral("md"), QStringLiteral("-o"), md }
        + extra);
    if (run.exitCode != 0)
        qWarning("%s", run.err.constData());
    QFile file(md);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

} // namespace

class TestCli : public QObject {
    Q_OBJECT

private slots:
    // Programs that free what they hold as they exit, recorded for this test: with no --from/--to,
    // B is the working state before the teardown, the class is the working phase's, and the RSS
    // the freed heap leaves is never called native.
    void teardownDefaultsToTheWorkingState_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<bool>("tearsDown");
        QTest::addColumn<QString>("totalClass");
        QTest::addColumn<QString>("topKey");
        QTest::addColumn<QString>("topClass");
        QTest::newRow("C++ index") << "teardown/heaptrack.ingest.zst" << true << "linear" << "main" << "linear";
        QTest::newRow("Python cache") << "teardown/heaptrack.teardown_py.zst" << true << "linear" << "" << "linear";
        // Batches fall back to their floor after each one: the last one's free is no teardown, and
        // what is left at the end (libstdc++'s pool) is freed at exit.
        QTest::newRow("C++ batches") << "teardown/heaptrack.batches.zst" << true << "spiky" << "" << "";
        QTest::newRow("phases") << "corpus/recorded/heaptrack.phases.zst" << true << "plateau" << "keepReportCopy" << "plateau";
        QTest::newRow("killed, no teardown") << "corpus/recorded/heaptrack.phases-killed.zst" << false << "linear" << "leakEvents" << "linear";
        // Freed over three checkpoints, then level for two more (fresh/futs.cpp: 60 000 futures
        // kept); B had gone to the end, where nothing had grown.
        QTest::newRow("level after the fall") << "fresh/heaptrack.futs.zst" << true << "linear"
                                              << "render"
                                              << "linear";
        // Snapshots seconds apart (--exact): 20.0 MB, a high of 65.4 MB between two, 56.2 MB,
        // then the exit's fall. The one high read as batches whose floor was the climb's start.
        QTest::newRow("backlog, exact") << "fresh/backlog-exact.heapline" << true << "linear"
                                        << "reader"
                                        << "linear";
    }

    void teardownDefaultsToTheWorkingState()
    {
        QFETCH(QString, file);
        QFETCH(bool, tearsDown);
        QFETCH(QString, totalClass);
        QFETCH(QString, topKey);
        QFETCH(QString, topClass);
        const auto run = runCli({ QStringLiteral("diff"), QStringLiteral("--json"), testData(file), QStringLiteral("--top"), QStringLiteral("3") });
        QVERIFY2(run.exitCode == 0, run.err.constData());
        const auto json = QJsonDocument::fromJson(run.out).object();
        const auto to = json.value(QLatin1String("to")).toObject();
        QCOMPARE(to.value(QLatin1String("requested")).toString(), QStringLiteral("auto"));
        const QString reason = to.value(QLatin1String("reason")).toString();
        QVERIFY2(reason.startsWith(QLatin1String(tearsDown ? "before teardown at " : "the end")), qPrintable(reason));
        const auto end = QJsonDocument::fromJson(runCli({ QStringLiteral("summary"), QStringLiteral("--json"), testData(file) }).out).object();
        QCOMPARE(to.value(QLatin1String("checkpoint")).toInteger() < end.value(QLatin1String("checkpoints")).toInteger(), tearsDown);
        const auto total = json.value(QLatin1String("total")).toObject();
        QCOMPARE(total.value(QLatin1String("class")).toString(), totalClass);
        QVERIFY(json.value(QLatin1String("native")).isNull());
        const auto top = json.value(QLatin1String("rows")).toArray().first().toObject();
        if (!topKey.isEmpty())
            QVERIFY2(top.value(QLatin1String("key")).toString().startsWith(topKey), qPrintable(top.value(QLatin1String("key")).toString()));
        if (!topClass.isEmpty())
            QCOMPARE(top.value(QLatin1String("class")).toString(), topClass);
        // Nothing allocates less than it frees between start and the working state.
        QVERIFY(total.value(QLatin1String("delta_bytes")).toInteger() > 0);
    }

    // A teardown that pauses for an interval is one teardown (fresh/nodeexit.js: V8 freed 156 MB
    // of Buffers over 0.2 s as node exited, level at 71.5 MB for one interval; B went there, "the
    // program freed 70.7 MB"); a last batch freed back to the batches' floor, then a pause, is not
    // part of the exit's fall (fresh/frag.c: B stays after the last round, its 57.1 MB kept).
    void aPauseInTheTeardownIsPartOfIt_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("reason");
        QTest::newRow("node's exit") << "fresh/heaptrack.nodeexit.zst"
                                     << "before teardown at 2.950 s; the program freed 156 MB as it exited";
        QTest::newRow("frag's last round") << "fresh/heaptrack.frag.zst"
                                           << "before teardown at 5.210 s; the program freed 57.1 MB as it exited";
    }

    void aPauseInTheTeardownIsPartOfIt()
    {
        QFETCH(QString, file);
        QFETCH(QString, reason);
        const auto run = runCli({ QStringLiteral("diff"), QStringLiteral("--json"), testData(file),
            QStringLiteral("--top"), QStringLiteral("1") });
        QVERIFY2(run.exitCode == 0, run.err.constData());
        const auto to = QJsonDocument::fromJson(run.out).object().value(QLatin1String("to")).toObject();
        QCOMPARE(to.value(QLatin1String("reason")).toString(), reason);
    }

    // RSS that read lower at the exit while the traced heap rose to it is no teardown
    // (fresh/comprehensions-busy.heapline, an --exact recording on a busy machine: RSS 16.1 ->
    // 7.4 MB, the heap 15.2 -> 20.9 MB). B went before the fall, "the process released 8.66 MB of
    // resident memory as it exited", and left out the run's last growth: countdown()'s strings.
    void anRssFallBesideARisingHeapIsNoTeardown()
    {
        const auto run = runCli({ QStringLiteral("diff"), QStringLiteral("--json"),
            testData(QStringLiteral("fresh/comprehensions-busy.heapline")), QStringLiteral("--by"),
            QStringLiteral("function"), QStringLiteral("--top"), QStringLiteral("0") });
        QVERIFY2(run.exitCode == 0, run.err.constData());
        const auto json = QJsonDocument::fromJson(run.out).object();
        QCOMPARE(json.value(QLatin1String("to")).toObject().value(QLatin1String("reason")).toString(),
            QStringLiteral("the end: the run does not tear down"));
        qint64 countdown = 0;
        for (const auto& row : json.value(QLatin1String("rows")).toArray())
            if (row.toObject().value(QLatin1String("key")).toString() == QLatin1String("countdown"))
                countdown = row.toObject().value(QLatin1String("delta_bytes")).toInteger();
        QVERIFY2(countdown > 900'000, qPrintable(QString::number(countdown))); // 200 strings of 2 to 6 kB: 996 kB
    }

    // By function, GCC's recordings name GCC's code, not the allocator wrappers it calls.
    // A fresh service killed with SIGKILL under heaptrack (tests/data/fresh/oom.c, as the OOM
    // killer would): its summary read "Leaked 436 MB live at the end", and the reports "Leaked
    // at end", for memory a killed process never had the chance to free.
    void aKilledProcessHeldWhatItHadNotLeakedIt()
    {
        const auto run = runCli({ QStringLiteral("summary"), testData(QStringLiteral("fresh/heaptrack.oom.zst")) });
        QCOMPARE(run.exitCode, 0);
        const QString text = QString::fromUtf8(run.out);
        HEAPLINE_VERIFY_CONTAINS(text,
            "Live at cut  436 MB (436,399,104 B) live when the recording stopped (it has "
            "no end: the process was probably killed)");
        QVERIFY2(!text.contains(QLatin1String("Leaked")), qPrintable(text));
        const auto report = runCli({ QStringLiteral("report"), testData(QStringLiteral("fresh/heaptrack.oom.zst")),
            QStringLiteral("--format"), QStringLiteral("md"), QStringLiteral("-o"), QStringLiteral("-") });
        QCOMPARE(report.exitCode, 0);
        HEAPLINE_VERIFY_CONTAINS(QString::fromUtf8(report.out), "| Live when cut off | 436 MB |");
        // A recording that ended as heaptrack ends one still says what was leaked.
        const auto whole
            = runCli({ QStringLiteral("summary"), testData(QStringLiteral("fresh/heaptrack.gcache.zst")) });
        HEAPLINE_VERIFY_CONTAINS(QString::fromUtf8(whole.out), "Leaked       1.45 MB");
    }

    void gccGrowersAreNotAllocatorWrappers_data()
    {
        QTest::addColumn<QString>("file");
        QTest::newRow("cc1plus") << QStringLiteral("recorded/heaptrack.cc1plus.zst");
        QTest::newRow("cc1plus-40M") << QStringLiteral("recorded/heaptrack.cc1plus-40M.zst");
    }

    void gccGrowersAreNotAllocatorWrappers()
    {
        QFETCH(QString, file);
        HEAPLINE_SKIP_WITHOUT(file);
        const auto run = runCli({ QStringLiteral("diff"), QStringLiteral("--json"), corpusFile(file), QStringLiteral("--by"),
                                  QStringLiteral("function"), QStringLiteral("--top"), QStringLiteral("10") });
        QCOMPARE(run.exitCode, 0);
        const auto json = QJsonDocument::fromJson(run.out).object();
        // GCC's collector maps memory heaptrack does not see: RSS grows far past the traced heap.
        QCOMPARE(json.value(QStringLiteral("native")).toObject().value(QStringLiteral("class")).toString(), QStringLiteral("native"));
        QVERIFY(json.value(QStringLiteral("retained")).isNull());
        const auto rows = json.value(QStringLiteral("rows")).toArray();
        QCOMPARE(rows.size(), 10);
        // Each row says whether the table marks it '!' (a script reads that, not the class).
        for (const auto& row : rows) {
            const auto object = row.toObject();
            const QString cls = object.value(QStringLiteral("class")).toString();
            QVERIFY(object.value(QStringLiteral("leak_like")).isBool());
            if (cls != QLatin1String("linear") && cls != QLatin1String("stepwise"))
                QVERIFY(!object.value(QStringLiteral("leak_like")).toBool());
        }
        static const QRegularExpression wrapper(QStringLiteral("^(x(m|c|re)alloc|xstrdup|ggc_internal_(cleared_)?alloc|_obstack_newchunk)\\b"));
        for (const auto& row : rows) {
            const QString key = row.toObject().value(QStringLiteral("key")).toString();
            QVERIFY2(!wrapper.match(key).hasMatch(), qPrintable(key));
        }
    }

    // `diff --json` says of each row what the table's '!' says: a stepwise row that kept 48 B
    // is not leak-like; the sessions that leak all along are.
    void diffJsonRowsSayWhetherTheyAreLeakLike()
    {
        const auto run = runCli({ QStringLiteral("diff"), QStringLiteral("--json"),
            QStringLiteral(HEAPLINE_SOURCE_DIR "/resources/samples/heaptrack.growth_demo.zst"), QStringLiteral("--by"),
            QStringLiteral("function"), QStringLiteral("--top"), QStringLiteral("0") });
        QCOMPARE(run.exitCode, 0);
        const auto json = QJsonDocument::fromJson(run.out).object();
        QHash<QString, QJsonObject> rows;
        for (const auto& row : json.value(QStringLiteral("rows")).toArray())
            rows.insert(row.toObject().value(QStringLiteral("key")).toString(), row.toObject());
        QCOMPARE(
            rows.value(QStringLiteral("open")).value(QStringLiteral("class")).toString(), QStringLiteral("linear"));
        QVERIFY(rows.value(QStringLiteral("open")).value(QStringLiteral("leak_like")).toBool());
        QCOMPARE(
            rows.value(QStringLiteral("main")).value(QStringLiteral("class")).toString(), QStringLiteral("stepwise"));
        QVERIFY(rows.value(QStringLiteral("main")).value(QStringLiteral("leak_like")).isBool());
        QVERIFY(!rows.value(QStringLiteral("main")).value(QStringLiteral("leak_like")).toBool());
        QVERIFY(!rows.value(QStringLiteral("run")).value(QStringLiteral("leak_like")).toBool());
        QVERIFY(json.value(QStringLiteral("total")).toObject().value(QStringLiteral("leak_like")).toBool());
    }

    void summaryJsonMatchesOracle_data()
    {
        QTest::addColumn<HeaptrackOracle>("oracle");
        for (const auto& row : heaptrackOracle())
            QTest::newRow(qPrintable(row.file)) << row;
    }

    void summaryJsonMatchesOracle()
    {
        QFETCH(HeaptrackOracle, oracle);
        HEAPLINE_SKIP_WITHOUT(oracle.file);
        const auto json = summaryJson(corpusFile(oracle.file));
        QCOMPARE(json.value(QLatin1String("format")).toString(), QStringLiteral("heaptrack"));
        QCOMPARE(json.value(QLatin1String("allocations")).toInteger(), oracle.allocations);
        QCOMPARE(json.value(QLatin1String("temporary_allocations")).toInteger(), oracle.temporary);
        QCOMPARE(json.value(QLatin1String("peak_heap_bytes")).toInteger(), oracle.peakHeap);
        QCOMPARE(json.value(QLatin1String("leaked_bytes")).toInteger(), oracle.leaked);
        QCOMPARE(json.value(QLatin1String("peak_rss_bytes")).toInteger(), oracle.peakRss);
        QCOMPARE(json.value(QLatin1String("duration")).toInteger(), oracle.durationMs);
        QCOMPARE(json.value(QLatin1String("time_unit")).toString(), QStringLiteral("ms"));
    }

    static HeaptrackOracle oracleFor(const QString& file)
    {
        for (const auto& row : heaptrackOracle())
            if (row.file == file)
                return row;
        return {};
    }

    // heaptrack_print's "suppressed leaks" (its own and embedded suppressions, or a file), as it
    // prints them: kB to two decimals, so ours must round to the same figure.
    void suppressedLeaksAreHeaptrackPrints_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QStringList>("options");
        QTest::addColumn<qint64>("printed"); // bytes as heaptrack_print printed them
        QTest::addColumn<qint64>("precision");
        QTest::newRow("embedded") << "external/heaptrack.embedded_lsan_suppressions.84207.zst" << QStringList() << 5LL << 0LL;
        QTest::newRow("david") << "external/heaptrack.david.18594.gz" << QStringList() << 5200LL << 5LL;
        QTest::newRow("heaptrack_gui") << "external/heaptrack.heaptrack_gui.99454.zst" << QStringList() << 556290LL << 5LL;
        QTest::newRow("leakpy") << "recorded/heaptrack.leakpy.zst" << QStringList() << 26020LL << 5LL;
        QTest::newRow("cc1plus") << "recorded/heaptrack.cc1plus.zst" << QStringList() << 2080LL << 5LL;
        QTest::newRow("none") << "recorded/heaptrack.leakpy.zst"
                              << QStringList { "--disable-builtin-suppressions", "--disable-embedded-suppressions" } << 0LL << 0LL;
        // heaptrack_print --suppressions py.supp --disable-builtin-suppressions: "suppressed leaks: 16.82K"
        QTest::newRow("file") << "recorded/heaptrack.leakpy.zst" << QStringList { "--suppressions", "py.supp", "--disable-builtin-suppressions" }
                              << 16820LL << 5LL;
    }

    void suppressedLeaksAreHeaptrackPrints()
    {
        QFETCH(QString, file);
        QFETCH(QStringList, options);
        QFETCH(qint64, printed);
        QFETCH(qint64, precision);
        HEAPLINE_SKIP_WITHOUT(file);
        QTemporaryDir dir;
        QFile rules(dir.filePath(QStringLiteral("py.supp")));
        QVERIFY(rules.open(QIODevice::WriteOnly));
        rules.write("# CPython's strings and containers\nleak:PyUnicode*\n\n  leak:_PyObject_GC_*\n");
        rules.close();
        options.replaceInStrings(QStringLiteral("py.supp"), rules.fileName());
        const auto run = runCli(QStringList { QStringLiteral("summary"), QStringLiteral("--json"), corpusFile(file) } + options);
        QCOMPARE(run.exitCode, 0);
        const auto json = QJsonDocument::fromJson(run.out).object();
        const qint64 suppressed = json.value(QLatin1String("suppressed_bytes")).toInteger(-1);
        QVERIFY2(std::abs(suppressed - printed) <= precision, qPrintable(QString::number(suppressed)));
        // The leaked figure itself is the oracle's, before any suppression.
        QCOMPARE(json.value(QLatin1String("leaked_bytes")).toInteger(), oracleFor(file).leaked);

        // The diff leaves the suppressed callsites out of its rows and counts them apart; the
        // total is still the whole heap.
        const auto diff = runCli(QStringList { QStringLiteral("diff"), QStringLiteral("--json"), corpusFile(file), QStringLiteral("--to"),
                                               QStringLiteral("end"), QStringLiteral("--by"), QStringLiteral("file"), QStringLiteral("--top"),
                                               QStringLiteral("0") } + options);
        QCOMPARE(diff.exitCode, 0);
        const auto d = QJsonDocument::fromJson(diff.out).object();
        const auto s = d.value(QLatin1String("suppressions")).toObject();
        QCOMPARE(s.value(QLatin1String("leaked_bytes")).toInteger(), suppressed);
        QCOMPARE(s.value(QLatin1String("bytes_b")).toInteger(), suppressed);
        qint64 rowsAtB = 0;
        for (const auto& row : d.value(QLatin1String("rows")).toArray())
            rowsAtB += row.toObject().value(QLatin1String("bytes_b")).toInteger();
        QCOMPARE(d.value(QLatin1String("total")).toObject().value(QLatin1String("bytes_b")).toInteger(), oracleFor(file).leaked);
        QCOMPARE(rowsAtB + suppressed, oracleFor(file).leaked);
    }

    void badSuppressionFileIsNamed()
    {
        QTemporaryDir dir;
        QFile rules(dir.filePath(QStringLiteral("bad.supp")));
        QVERIFY(rules.open(QIODevice::WriteOnly));
        rules.write("leak:fine\nfun:not_lsan\n");
        rules.close();
        for (const char* command : { "summary", "diff", "report" }) {
            QStringList args { QLatin1String(command), testData(QStringLiteral("heaptrack.tiny.txt")), QStringLiteral("--suppressions"), rules.fileName() };
            if (QLatin1String(command) == QLatin1String("report"))
                args << QStringLiteral("-o") << dir.filePath(QStringLiteral("r.html"));
            const auto run = runCli(args);
            QCOMPARE(run.exitCode, 2);
            QVERIFY2(run.err.contains(rules.fileName().toUtf8() + ":2: expected 'leak:PATTERN'"), run.err.constData());
        }
    }

    void summaryJsonHasEveryKey()
    {
        const auto json = summaryJson(testData(QStringLiteral("heaptrack.tiny.txt")));
        const QStringList keys = { "format", "format_version", "command", "time_unit", "duration", "allocations",
                                   "temporary_allocations", "frees", "peak_heap_bytes", "peak_time", "peak_rss_bytes",
                                   "leaked_bytes", "suppressed_bytes", "callsites", "checkpoints", "warnings" };
        for (const auto& key : keys)
            QVERIFY2(json.contains(key), qPrintable(key));
        QCOMPARE(json.value(QLatin1String("format_version")).toString(), QStringLiteral("3"));
        QCOMPARE(json.value(QLatin1String("command")).toString(), QStringLiteral("./tiny --flag"));
        QCOMPARE(json.value(QLatin1String("frees")).toInteger(), 3);
        QCOMPARE(json.value(QLatin1String("callsites")).toInteger(), 2);
        QVERIFY(json.value(QLatin1String("checkpoints")).toInteger() >= 2);
        QVERIFY(json.value(QLatin1String("warnings")).isArray());
        QCOMPARE(json.value(QLatin1String("warnings")).toArray().size(), 0);
    }

    void massifSummary()
    {
        const auto json = summaryJson(corpusFile(QStringLiteral("recorded/massif.out.phases-ms")));
        QCOMPARE(json.value(QLatin1String("format")).toString(), QStringLiteral("massif"));
        QCOMPARE(json.value(QLatin1String("time_unit")).toString(), QStringLiteral("ms"));
        QCOMPARE(json.value(QLatin1String("snapshots")).toInteger(), 75);
        QCOMPARE(json.value(QLatin1String("checkpoints")).toInteger(), 11);
        QCOMPARE(json.value(QLatin1String("peak_heap_bytes")).toInteger(), 17640666);
        QCOMPARE(json.value(QLatin1String("duration")).toInteger(), 9327);
        QVERIFY(json.value(QLatin1String("allocations")).isNull());
        QVERIFY(json.value(QLatin1String("peak_rss_bytes")).isNull());
        QCOMPARE(json.value(QLatin1String("command")).toString(), QStringLiteral("/tmp/phases"));
    }

    void diffJson()
    {
        const auto run = runCli({ QStringLiteral("diff"), QStringLiteral("--json"), corpusFile(QStringLiteral("recorded/heaptrack.phases.zst")),
                               QStringLiteral("--from"), QStringLiteral("2s"), QStringLiteral("--to"), QStringLiteral("4s"),
                               QStringLiteral("--by"), QStringLiteral("callsite"), QStringLiteral("--top"), QStringLiteral("3") });
        QCOMPARE(run.exitCode, 0);
        const auto json = QJsonDocument::fromJson(run.out).object();
        const auto from = json.value(QLatin1String("from")).toObject();
        QCOMPARE(from.value(QLatin1String("requested")).toString(), QStringLiteral("2s"));
        QVERIFY(from.contains(QLatin1String("time")) && from.contains(QLatin1String("checkpoint")));
        QVERIFY(json.value(QLatin1String("to")).toObject().value(QLatin1String("checkpoint")).toInteger() > from.value(QLatin1String("checkpoint")).toInteger());
        const auto rows = json.value(QLatin1String("rows")).toArray();
        QCOMPARE(rows.size(), 3);
        const QStringList rowKeys = { "key", "bytes_a", "bytes_b", "delta_bytes", "blocks_a", "blocks_b",
            "delta_blocks", "allocations", "allocated_bytes", "frees", "temporary_allocations", "class", "evidence",
            "hint", "series", "stack", "leak_like" };
        for (const auto& value : rows) {
            const auto row = value.toObject();
            QCOMPARE(row.keys().size(), rowKeys.size());
            for (const auto& key : rowKeys)
                QVERIFY2(row.contains(key), qPrintable(key));
            QCOMPARE(row.value(QLatin1String("delta_bytes")).toInteger(),
                     row.value(QLatin1String("bytes_b")).toInteger() - row.value(QLatin1String("bytes_a")).toInteger());
            const auto series = row.value(QLatin1String("series")).toArray();
            QVERIFY(series.size() >= 2 && series.size() <= 64);
            QCOMPARE(series.first().toInteger(), row.value(QLatin1String("bytes_a")).toInteger());
            QCOMPARE(series.last().toInteger(), row.value(QLatin1String("bytes_b")).toInteger());
            const auto frame = row.value(QLatin1String("stack")).toArray().first().toObject();
            for (const char* key : { "function", "file", "line", "module" })
                QVERIFY(frame.contains(QLatin1String(key)));
        }
        const auto top = rows.first().toObject();
        QVERIFY(QStringList({ "stepwise", "plateau" }).contains(top.value(QLatin1String("class")).toString()));
        const auto stack = top.value(QLatin1String("stack")).toArray();
        bool throughCopy = false;
        for (const auto& f : stack)
            throughCopy = throughCopy || f.toObject().value(QLatin1String("function")).toString().startsWith(QLatin1String("keepReportCopy"));
        QVERIFY(throughCopy);
        QCOMPARE(json.value(QLatin1String("total")).toObject().value(QLatin1String("key")).toString(), QStringLiteral("total"));
        // Rows other than by callsite have no stack.
        const auto byFunction = runCli({ QStringLiteral("diff"), QStringLiteral("--json"), corpusFile(QStringLiteral("recorded/heaptrack.phases.zst")),
                                      QStringLiteral("--top"), QStringLiteral("1") });
        const auto functionJson = QJsonDocument::fromJson(byFunction.out).object();
        const auto functionRow = functionJson.value(QLatin1String("rows")).toArray().first().toObject();
        QCOMPARE(functionRow.keys().size(), rowKeys.size() - 1);
        // The program frees everything as it exits: B defaults to before that, where the copies are.
        const auto to = functionJson.value(QLatin1String("to")).toObject();
        QCOMPARE(to.value(QLatin1String("requested")).toString(), QStringLiteral("auto"));
        QVERIFY(to.value(QLatin1String("reason")).toString().startsWith(QLatin1String("before teardown at 8.820 s")));
        QVERIFY(functionRow.value(QLatin1String("key")).toString().startsWith(QLatin1String("keepReportCopy")));
        QVERIFY(QStringList({ "stepwise", "plateau" }).contains(functionRow.value(QLatin1String("class")).toString()));
        QVERIFY(functionJson.value(QLatin1String("native")).isNull());
        QVERIFY(functionJson.value(QLatin1String("retained")).isNull());
        // Up to the end: the climb freed at the last checkpoint keeps its class, the evidence says
        // what fell, and the RSS the heap left behind is the allocator's, not native.
        const auto toEnd = QJsonDocument::fromJson(runCli({ QStringLiteral("diff"), QStringLiteral("--json"),
                                                            corpusFile(QStringLiteral("recorded/heaptrack.phases.zst")), QStringLiteral("--to"),
                                                            QStringLiteral("end") }).out).object();
        const auto total = toEnd.value(QLatin1String("total")).toObject();
        QVERIFY(QStringList({ "linear", "stepwise", "plateau" }).contains(total.value(QLatin1String("class")).toString()));
        QVERIFY(total.value(QLatin1String("evidence")).toObject().value(QLatin1String("final_fall_bytes")).toInteger() > 15000000);
        QVERIFY(toEnd.value(QLatin1String("native")).isNull());
        QVERIFY(toEnd.value(QLatin1String("retained")).toObject().value(QLatin1String("retained_bytes")).toInteger() > 1000000);
    }

    void diffTable()
    {
        const auto run = runCli({ QStringLiteral("diff"), corpusFile(QStringLiteral("recorded/heaptrack.phases.zst")), QStringLiteral("--from"),
                               QStringLiteral("4s"), QStringLiteral("--to"), QStringLiteral("6s") });
        QCOMPARE(run.exitCode, 0);
        for (const auto& line : run.out.split('\n'))
            QVERIFY2(QString::fromUtf8(line).size() <= 120, line.constData());
        QVERIFY(run.out.contains("runBatch(int)"));
        QVERIFY(run.out.contains("spiky"));
        QVERIFY(run.out.contains("-> checkpoint #"));
    }

    void diffOfTwoFiles()
    {
        const auto run = runCli({ QStringLiteral("diff"), QStringLiteral("--json"), corpusFile(QStringLiteral("recorded/heaptrack.phases.zst")),
                               QStringLiteral("--base"), corpusFile(QStringLiteral("recorded/heaptrack.phases-killed.zst")),
                               QStringLiteral("--from"), QStringLiteral("end"), QStringLiteral("--to"), QStringLiteral("peak") });
        QCOMPARE(run.exitCode, 0);
        const auto json = QJsonDocument::fromJson(run.out).object();
        QVERIFY(json.value(QLatin1String("base_file")).toString().endsWith(QLatin1String("phases-killed.zst")));
        QVERIFY(json.value(QLatin1String("total")).toObject().value(QLatin1String("delta_bytes")).toInteger() > 10'000'000);
        // The counts are this run's up to B less the base's up to A (0 where both runs made as
        // many allocations, not none made): the table's column and the report say so.
        const QString phases = corpusFile(QStringLiteral("recorded/heaptrack.phases.zst"));
        const auto text = runCli({ QStringLiteral("diff"), phases, QStringLiteral("--base"), phases });
        QVERIFY2(text.out.contains("d.blocks    d.allocs  class")
                && text.out.contains("d.allocs: this run's allocations up to B less the base run's up to A"),
            text.out.constData());
        const auto report = runCli({ QStringLiteral("report"), phases, QStringLiteral("--base"), phases,
            QStringLiteral("--format"), QStringLiteral("md"), QStringLiteral("-o"), QStringLiteral("-") });
        QVERIFY2(
            report.out.contains("| Allocations | 0 allocations (0 B) and 0 frees: this run's up to B less the base "
                                "run's up to A |"),
            report.out.constData());
        QVERIFY2(!report.out.contains("in (A, B]"), report.out.constData());
    }

    void diffBadArguments_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("expected");
        const QString phases = corpusFile(QStringLiteral("recorded/heaptrack.phases.zst"));
        QTest::newRow("bad grouping") << QStringList { "diff", phases, "--by", "colour" } << "expected callsite, function";
        QTest::newRow("bad time") << QStringList { "diff", phases, "--from", "yesterday" } << "time \"yesterday\"";
        QTest::newRow("backwards") << QStringList { "diff", phases, "--from", "end", "--to", "start" } << "comes after";
        QTest::newRow("seconds on massif") << QStringList { "diff", corpusFile(QStringLiteral("recorded/massif.out.phases")), "--to", "3s" } << "instructions";
        QTest::newRow("missing value") << QStringList { "diff", phases, "--top" } << "--top needs a value";
        QTest::newRow("no file") << QStringList { "diff" } << "no FILE";
    }

    void diffBadArguments()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, expected);
        const auto run = runCli(args);
        QCOMPARE(run.exitCode, 2);
        QVERIFY2(QString::fromUtf8(run.err).contains(expected), run.err.constData());
    }

    void warningsReachTheJson()
    {
        const auto json = summaryJson(corpusFile(QStringLiteral("recorded/heaptrack.phases-cut.zst")));
        const auto warnings = json.value(QLatin1String("warnings")).toArray();
        QCOMPARE(warnings.size(), 1);
        QVERIFY(warnings.at(0).toString().contains(QLatin1String("cut off")));
        QCOMPARE(json.value(QLatin1String("truncated")).toBool(), true);
    }

    // Two runs of a fresh indexer (tests/data/fresh/index.cpp, 1000 and 3000 documents), each
    // clearing its index as it exits: with --base, A is the base run before its teardown, so the
    // bounded LRU did not grow and the index grew by what 2000 more documents added. (A at the
    // base's end compared with its empty heap: +5.46 MB and +527 kB.)
    void baseRunComparedBeforeItsTeardown()
    {
        const auto run = runCli({ QStringLiteral("diff"), QStringLiteral("--json"),
            testData(QStringLiteral("fresh/heaptrack.index-3000.zst")), QStringLiteral("--base"),
            testData(QStringLiteral("fresh/heaptrack.index-1000.zst")), QStringLiteral("--by"),
            QStringLiteral("line") });
        QCOMPARE(run.exitCode, 0);
        const auto json = QJsonDocument::fromJson(run.out).object();
        QCOMPARE(json.value(QStringLiteral("from")).toObject().value(QStringLiteral("requested")).toString(),
            QStringLiteral("auto"));
        std::map<QString, qint64> delta;
        for (const auto& row : json.value(QStringLiteral("rows")).toArray())
            delta[row.toObject().value(QStringLiteral("key")).toString().section(QLatin1Char('/'), -1)]
                = row.toObject().value(QStringLiteral("delta_bytes")).toInteger();
        QCOMPARE(delta[QStringLiteral("index.cpp:27")], 0); // the LRU of 256 documents
        QVERIFY2(delta[QStringLiteral("index.cpp:26")] > 3'000'000 && delta[QStringLiteral("index.cpp:26")] < 4'000'000,
            qPrintable(QString::number(delta[QStringLiteral("index.cpp:26")])));
    }

    // A run compared with the one before its fix (tests/data/fresh/listeners.py and its mended
    // twin, sampled at 512 KiB): the total's class is the fixed run's own shape from its start to
    // B, whose heap rose by two samples; its hint had been read off the change from the base
    // (-249 MB): "spiky: Builds batches and frees them: clear or reuse the batch ...".
    void aFixedRunsHintIsItsOwn()
    {
        const QStringList files { testData(QStringLiteral("fresh/listeners-fixed.heapline")), QStringLiteral("--base"),
            testData(QStringLiteral("fresh/listeners.heapline")) };
        const auto text = runCli(QStringList { QStringLiteral("diff") } + files);
        QCOMPARE(text.exitCode, 0);
        QVERIFY2(
            text.out.contains("this run, from its start to B, spiky: From about 2 samples: too few to tell its shape."),
            text.out.constData());
        QTemporaryDir dir;
        const QString md = dir.filePath(QStringLiteral("fixed.md"));
        QCOMPARE(runCli(QStringList { QStringLiteral("report") } + files
                     + QStringList { QStringLiteral("--format"), QStringLiteral("md"), QStringLiteral("-o"), md })
                     .exitCode,
            0);
        QFile report(md);
        QVERIFY(report.open(QIODevice::ReadOnly));
        const QByteArray markdown = report.readAll();
        QVERIFY2(markdown.contains("> From about 2 samples: too few to tell its shape."), markdown.constData());
        QVERIFY2(!markdown.contains("Builds batches"), markdown.constData());
    }

    // A fresh request loop (tests/data/fresh/kvstore.cpp): by function, the handler's history
    // vector doubles beside the LRU cache it filled at start-up; it read "plateau".
    void aVectorDoublingBesideACache()
    {
        const QString file = testData(QStringLiteral("fresh/heaptrack.kvstore.zst"));
        QVERIFY(
            runCli({ QStringLiteral("summary"), file }).out.contains("Leaked       1.23 MB")); // heaptrack_print: 1.23M
        const auto run = runCli({ QStringLiteral("diff"), QStringLiteral("--json"), file, QStringLiteral("--by"),
            QStringLiteral("function") });
        QCOMPARE(run.exitCode, 0);
        std::map<QString, std::pair<QString, bool>> rows;
        for (const auto& row : QJsonDocument::fromJson(run.out).object().value(QStringLiteral("rows")).toArray())
            rows[row.toObject().value(QStringLiteral("key")).toString().section(QLatin1Char('('), 0, 0)]
                = { row.toObject().value(QStringLiteral("class")).toString(),
                      row.toObject().value(QStringLiteral("leak_like")).toBool() };
        QCOMPARE(rows[QStringLiteral("handleRequest")], std::make_pair(QStringLiteral("stepwise"), true));
        QCOMPARE(rows[QStringLiteral("LruCache::put")], std::make_pair(QStringLiteral("plateau"), false));
        QCOMPARE(rows[QStringLiteral("openSession")], std::make_pair(QStringLiteral("linear"), true));
        QCOMPARE(rows[QStringLiteral("indexDocument")], std::make_pair(QStringLiteral("linear"), true));
    }

    // A fresh parser (tests/data/fresh/arena.cpp) takes its tokens from its own arena, which
    // grows by 64 kB blocks and is never reset: the culprit is the parser, not the arena's grow().
    void anArenaIsNoCulprit()
    {
        const auto run = runCli({ QStringLiteral("diff"), testData(QStringLiteral("fresh/heaptrack.arena.zst")) });
        QCOMPARE(run.exitCode, 0);
        QVERIFY2(QRegularExpression(QStringLiteral("\\+38\\.5 MB .* linear +! parse\\(int\\)"))
                     .match(QString::fromUtf8(run.out))
                     .hasMatch(),
            run.out.constData());
        QVERIFY2(!run.out.contains("Arena::"), run.out.constData());
        // The same for an allocator of the program's own given to the standard containers
        // (calloc_cxx.cpp: counting_allocator<T>, sessions kept in a map): the culprit is the
        // request that kept them, and the map's nodes are typed by what they hold.
        const QString counted = testData(QStringLiteral("fresh/heaptrack.calloc_cxx.zst"));
        const auto byFunction = runCli({ QStringLiteral("diff"), counted });
        QVERIFY2(QRegularExpression(QStringLiteral("\\+32\\.0 MB .* linear +! handleRequest\\(int\\)"))
                     .match(QString::fromUtf8(byFunction.out))
                     .hasMatch(),
            byFunction.out.constData());
        QVERIFY2(!byFunction.out.contains("counting_allocator"), byFunction.out.constData());
        const auto byType = runCli({ QStringLiteral("diff"), QStringLiteral("--json"), QStringLiteral("--by"),
            QStringLiteral("type"), counted });
        const auto types = QJsonDocument::fromJson(byType.out).object().value(QStringLiteral("rows")).toArray();
        QVERIFY(types.size() >= 2);
        QCOMPARE(types[1].toObject().value(QStringLiteral("key")).toString(),
            QStringLiteral("std::pair<int const, std::vector<char, counting_allocator<char>>> (tree node)"));
        // And a std::pmr::memory_resource of its own (pmrtrack.cpp: a log of pmr strings).
        const auto resource
            = runCli({ QStringLiteral("diff"), testData(QStringLiteral("fresh/heaptrack.pmrtrack.zst")) });
        QVERIFY2(QRegularExpression(QStringLiteral("\\+24\\.6 MB .* linear +! logRequest\\(int\\)"))
                     .match(QString::fromUtf8(resource.out))
                     .hasMatch(),
            resource.out.constData());
        QVERIFY2(!resource.out.contains("do_allocate"), resource.out.constData());
    }

    // A Rust service (tests/data/fresh/rustsvc.rs): its std's v0 symbols and its own legacy ones,
    // half demangled by heaptrack, read as Rust names; the culprits are the program's functions,
    // not Rust's allocator, and the types are its containers.
    void aRustProgramReadsInItsOwnNames()
    {
        const QString file = testData(QStringLiteral("fresh/heaptrack.rustsvc.zst"));
        const auto rows = [&](const char* by) {
            const auto run = runCli({ QStringLiteral("diff"), QStringLiteral("--json"), QStringLiteral("--by"),
                QString::fromLatin1(by), QStringLiteral("--top"), QStringLiteral("0"), file });
            return QJsonDocument::fromJson(run.out).object().value(QStringLiteral("rows")).toArray();
        };
        const auto functions = rows("function");
        QVERIFY(functions.size() >= 3);
        QCOMPARE(functions[0].toObject().value(QStringLiteral("key")).toString(), QStringLiteral("svc::render_body"));
        QCOMPARE(functions[0].toObject().value(QStringLiteral("class")).toString(), QStringLiteral("linear"));
        QCOMPARE(
            functions[1].toObject().value(QStringLiteral("key")).toString(), QStringLiteral("svc::handle_request"));
        QCOMPARE(functions[1].toObject().value(QStringLiteral("class")).toString(), QStringLiteral("stepwise"));
        bool batch = false;
        for (const auto& row : functions)
            batch = batch
                || (row.toObject().value(QStringLiteral("key")).toString() == QLatin1String("svc::run_batch")
                    && row.toObject().value(QStringLiteral("class")).toString() == QLatin1String("spiky"));
        QVERIFY(batch);
        const auto types = rows("type");
        QCOMPARE(types[0].toObject().value(QStringLiteral("key")).toString(), QStringLiteral("Vec<u8>"));
        QCOMPARE(types[1].toObject().value(QStringLiteral("key")).toString(), QStringLiteral("HashMap (table)"));
        // The same program under massif, which names inlined functions without their paths
        // ("grow_impl_runtime (alloc.rs:239)", "do_alloc<alloc::alloc::Global>"): the same culprits.
        const auto massif = runCli({ QStringLiteral("diff"), testData(QStringLiteral("fresh/massif.out.rustsvc")) });
        const QString massifOut = QString::fromUtf8(massif.out);
        QVERIFY2(QRegularExpression(
                     QStringLiteral("\\+5\\.12 MB .* linear +! render_body\\n.* stepwise +! handle_request\\n"))
                     .match(massifOut)
                     .hasMatch(),
            qPrintable(massifOut));
        const QRegularExpression mangled(QStringLiteral("_R[A-Za-z]|\\$LT\\$|\\$u7b\\$|::h[0-9a-f]{16}"));
        for (const auto& row : rows("callsite")) {
            for (const auto& frame : row.toObject().value(QStringLiteral("stack")).toArray()) {
                const QString function = frame.toObject().value(QStringLiteral("function")).toString();
                QVERIFY2(!mangled.match(function).hasMatch(), qPrintable(function));
            }
        }
        // A program's own #[global_allocator] (galloc.rs: one that counts what it hands out) is
        // plumbing, as Rust's own is: the culprit is what kept the records, not the wrapper.
        const auto counted = runCli({ QStringLiteral("diff"), QStringLiteral("--json"),
            testData(QStringLiteral("fresh/heaptrack.galloc.zst")) });
        const auto countedRows = QJsonDocument::fromJson(counted.out).object().value(QStringLiteral("rows")).toArray();
        QVERIFY(countedRows.size() >= 2);
        QCOMPARE(countedRows[0].toObject().value(QStringLiteral("key")).toString(), QStringLiteral("galloc::handle"));
        QVERIFY2(!counted.out.contains("GlobalAlloc"), counted.out.constData());
    }

    // An index on Abseil built from its sources into the program (tests/data/fresh/vendored-absl.cc,
    // the headers under external/com_google_absl as Bazel lays them out): the culprit is the
    // index, not Abseil's allocator; the heap's growth by the table's doublings is stepwise, not
    // "spiky" for the fall after the last rehash counted twice.
    void aVendoredLibraryIsNoCulprit()
    {
        const auto run
            = runCli({ QStringLiteral("diff"), testData(QStringLiteral("fresh/heaptrack.vendored-absl.zst")) });
        QCOMPARE(run.exitCode, 0);
        const QString out = QString::fromUtf8(run.out);
        QVERIFY2(
            QRegularExpression(QStringLiteral("\\+7\\.76 MB .* stepwise +! Index::add\\(int\\)")).match(out).hasMatch(),
            qPrintable(out));
        QVERIFY2(!out.contains(QLatin1String("absl::")), qPrintable(out));
        QVERIFY2(QRegularExpression(QStringLiteral("\\+7\\.83 MB .* stepwise +! total")).match(out).hasMatch(),
            qPrintable(out));
    }

    // A Qt service (tests/data/fresh/qtsvc.cpp) leaks a Session QObject per request beside a
    // bounded cache of rendered pages, which the static destructors free at exit: B is the end
    // (the sessions stay), and the cache's row reads as the plateau it was, not as batches.
    void aCacheFreedAtExitIsNoBatch()
    {
        const auto run = runCli({ QStringLiteral("diff"), testData(QStringLiteral("fresh/heaptrack.qtsvc.zst")) });
        QCOMPARE(run.exitCode, 0);
        const QString out = QString::fromUtf8(run.out);
        QVERIFY2(QRegularExpression(QStringLiteral("\\+14\\.1 MB .* linear +! Session::Session\\(int\\)"))
                     .match(out)
                     .hasMatch(),
            qPrintable(out));
        QVERIFY2(
            QRegularExpression(QStringLiteral(" 0 B +1\\.23 MB .* plateau +render\\(int\\)")).match(out).hasMatch(),
            qPrintable(out));
    }

    // A program that frees its index at exit, under massif (tests/data/fresh/index_teardown.cpp):
    // massif's last detailed snapshot caught the teardown half-way (12.2 MB fallen to 2.6 MB), and
    // only the totals of its last two snapshots show the end (0.5 MB). B "auto" is before the
    // teardown, as under heaptrack, not the half-freed index read as "the run does not tear down".
    void aTeardownPastMassifsLastTreeIsSeen()
    {
        const auto run
            = runCli({ QStringLiteral("diff"), testData(QStringLiteral("fresh/massif.out.index-teardown")) });
        QCOMPARE(run.exitCode, 0);
        const QString out = QString::fromUtf8(run.out);
        QVERIFY2(out.contains(QLatin1String("auto  -> checkpoint #48 at 39.99 M instr")), qPrintable(out));
        QVERIFY2(QRegularExpression(QStringLiteral("\\+12\\.1 MB .* linear +! main")).match(out).hasMatch(),
            qPrintable(out));
        const QByteArray text = markdownReport(testData(QStringLiteral("fresh/massif.out.index-teardown")));
        QVERIFY2(text.contains("B before teardown at 39.99 M instr; the program freed 11.6 MB as it exited"),
            text.constData());
    }

    // release_batches.c under massif (-g): all nine detailed snapshots caught a batch alive, and
    // make_batch read "plateau" beside remember's leak. Between them the heap fell to where
    // remember, which never fell, stood: make_batch, the one row above the heap there, fell to
    // (about) nothing each time, and reads spiky; the leak stays linear.
    void aBatchEveryDetailedSnapshotCaughtIsSpiky()
    {
        const auto run
            = runCli({ QStringLiteral("diff"), testData(QStringLiteral("fresh/massif.out.release-batches")) });
        QCOMPARE(run.exitCode, 0);
        const QString out = QString::fromUtf8(run.out);
        QVERIFY2(QRegularExpression(QStringLiteral("\\+1\\.06 MB .* spiky +make_batch\n")).match(out).hasMatch(),
            qPrintable(out));
        QVERIFY2(QRegularExpression(QStringLiteral("\\+751 kB .* linear +! remember\n")).match(out).hasMatch(),
            qPrintable(out));
    }

    // A journal buffer doubled 13 times (tests/data/fresh/journal.c) under massif: 18 snapshots,
    // two with the heap's tree, and the rows' classes rest on those and the start: three points
    // ("linear, R² 1.00"). The diff and the report say so, and how to record every tree; a massif
    // file with trees enough says nothing of it.
    void fewDetailedSnapshotsAreTold()
    {
        const auto run = runCli({ QStringLiteral("diff"), testData(QStringLiteral("fresh/massif.out.journal")) });
        QCOMPARE(run.exitCode, 0);
        QVERIFY2(run.out.contains("Only 2 of the 17 snapshots from A to B hold the heap's tree")
                && run.out.contains("--detailed-freq=1"),
            run.out.constData());
        QVERIFY(markdownReport(testData(QStringLiteral("fresh/massif.out.journal"))).contains("--detailed-freq=1"));
        const auto enough
            = runCli({ QStringLiteral("diff"), testData(QStringLiteral("fresh/massif.out.release-batches")) });
        QVERIFY2(!enough.out.contains("--detailed-freq"), enough.out.constData());
    }

    void aLeakWithinABatchIsToldByDiff()
    {
        // The Summary's line under a spiky row, in the diff's text: by line where the build
        // names lines (data/fresh/batch.cpp), by callsite where it does not (release_batches.c).
        const auto lines = runCli({ QStringLiteral("diff"), testData(QStringLiteral("fresh/heaptrack.batch.zst")) });
        QVERIFY2(QRegularExpression(
                     QStringLiteral("within main, \\+960 kB stayed at main \\(.*batch\\.cpp:17\\): a shape of "
                                    "its own under the row's, which the diff by line shows \\(--by line\\)"))
                     .match(QString::fromUtf8(lines.out))
                     .hasMatch(),
            lines.out.constData());
        const auto callsites
            = runCli({ QStringLiteral("diff"), testData(QStringLiteral("fresh/heaptrack.release-batches.zst")) });
        QVERIFY2(
            callsites.out.contains("within main, +611 kB stayed at main (in batches) via __GI___strdup: a shape of its "
                                   "own under the row's, which the diff by callsite shows (--by callsite)."),
            callsites.out.constData());
        const auto leakLike
            = runCli({ QStringLiteral("diff"), testData(QStringLiteral("fresh/heaptrack.mmap-store.zst")) });
        QVERIFY2(!leakLike.out.contains("within "), leakLike.out.constData());
    }

    // A C program that maps its own store, 40 pages of 1 MB (tests/data/fresh/mmap_store.c), under
    // heaptrack: RSS grew by 41 MB beside a heap of 77 kB. The native hint says what heaptrack does
    // not see (mmap) and how to find who maps it, not "C extensions"; main's one kept block, the
    // stdout buffer its last printf made, is no leak.
    void aProgramsOwnMappedPagesAreTold()
    {
        const auto run = runCli({ QStringLiteral("diff"), testData(QStringLiteral("fresh/heaptrack.mmap-store.zst")) });
        QCOMPARE(run.exitCode, 0);
        const QString out = QString::fromUtf8(run.out);
        QVERIFY2(out.contains(QLatin1String("native: RSS grew by 41.0 MB")), qPrintable(out));
        QVERIFY2(out.contains(QLatin1String("heaptrack traces malloc and its kin, not the pages a program maps itself"))
                && !out.contains(QLatin1String("C extensions")),
            qPrintable(out));
        QVERIFY2(QRegularExpression(QStringLiteral("\\+4\\.10 kB .* stepwise +main\n")).match(out).hasMatch(),
            qPrintable(out));
    }

    // Nor are two blocks, each made once, beside a heap that rose a hundred times as far: obs.c's
    // main kept its obstack's first chunk and stdout's buffer, +8.16 kB "stepwise !" beside
    // intern's 12.9 MB leak.
    void twoBlocksMadeOnceAreNoPattern()
    {
        const auto run = runCli({ QStringLiteral("diff"), testData(QStringLiteral("fresh/heaptrack.obs.zst")) });
        QCOMPARE(run.exitCode, 0);
        const QString out = QString::fromUtf8(run.out);
        QVERIFY2(QRegularExpression(QStringLiteral("\\+12\\.9 MB .* linear +! intern\n")).match(out).hasMatch(),
            qPrintable(out));
        QVERIFY2(QRegularExpression(QStringLiteral("\\+8\\.16 kB .* stepwise +main\n")).match(out).hasMatch(),
            qPrintable(out));
    }

    // heaptrack's RSS counts the pages of the program's code as it first runs it: clang-format's
    // short run read "native: RSS grew by 31.9 MB" beside a 3 MB heap, and the hint sent the reader
    // to mmap, where the growth was libLLVM's and libclang-cpp's code (RssFile 50 of 62 MB). A
    // recording whose stacks run in a module of 40 MB, as it is on this machine, is told that
    // first; one that is small, gone or newer than the recording, not.
    void largeModulesCodeIsToldUnderNativeGrowth()
    {
        const auto setModified = [](const QString& path, int seconds) {
            std::filesystem::last_write_time(
                path.toStdString(), std::filesystem::file_time_type::clock::now() + std::chrono::seconds(seconds));
        };
        QTemporaryDir dir;
        const QString module = dir.filePath(QStringLiteral("libbig.so.1"));
        const QString recording = dir.filePath(QStringLiteral("heaptrack.big.txt"));
        const auto write = [&](qint64 moduleBytes) {
            QFile lib(module);
            QVERIFY(lib.open(QIODevice::WriteOnly) && lib.resize(moduleBytes));
            lib.close();
            setModified(module, -60);
            const QByteArray path = module.toUtf8();
            // 4 MB of RSS, then 36 MB beside a heap of 64 bytes: native.
            QVERIFY(writeFile(recording,
                "v 10400 3\nX ./render\nI 1000 5e2938\ns " + QByteArray::number(path.size(), 16) + " " + path
                    + "\ns 4 main\ns 6 render\ni 1000 1 2\ni 2000 1 3\nt 1 0\nt 2 1\na 40 2\nc a\nR 400\n+ 0\n"
                      "c 14\nR 1400\nc 1e\nR 2400\nc 28\nR 2400\n"));
        };
        const auto native = [&] {
            const auto run = runCli({ QStringLiteral("diff"), recording });
            const QString out = QString::fromUtf8(run.out);
            const auto line = out.indexOf(QLatin1String("native: "));
            return line < 0 ? QString() : out.mid(line, out.indexOf(QLatin1Char('\n'), line) - line);
        };
        write(40 << 20);
        QString told = native();
        QVERIFY2(told.contains(QLatin1String("native: RSS grew by 33.6 MB")), qPrintable(told));
        QVERIFY2(told.contains(QLatin1String("heaptrack's RSS counts the pages of the program's own code as it first "
                                             "runs it, and its modules are large: libbig.so.1 (41.9 MB) on this "
                                             "machine, against the 33.6 MB RSS grew by. Much of that may be their "
                                             "code paged in")),
            qPrintable(told));
        QVERIFY2(told.contains(QLatin1String("Beyond that, heaptrack traces malloc and its kin")), qPrintable(told));
        // Small beside what RSS grew by: the mmap hint alone, as before.
        write(4 << 20);
        told = native();
        QVERIFY2(!told.contains(QLatin1String("its modules are large")) && told.contains(QLatin1String("look at mmap")),
            qPrintable(told));
        // Replaced since the recording was made (a library upgraded): not read.
        write(40 << 20);
        setModified(module, 60);
        told = native();
        QVERIFY2(!told.contains(QLatin1String("its modules are large")), qPrintable(told));
        QVERIFY(QFile::remove(module));
        told = native();
        QVERIFY2(!told.contains(QLatin1String("its modules are large")) && told.contains(QLatin1String("look at mmap")),
            qPrintable(told));
    }

    // A C++ request handler under heaptrack (tests/data/fresh/cxxcache.cpp, g++ -O1 -g): a session
    // cache that never evicts, an LRU bounded at 500 entries, a scratch vector per request. By
    // function, handle (which makes the strings the LRU keeps) stood 150 or 171 kB as a
    // checkpoint found its scratch freed or alive, and read "stepwise !" beside the one leak.
    void aBoundedCacheBesideScratchIsNoLeak()
    {
        const auto run = runCli({ QStringLiteral("diff"), testData(QStringLiteral("fresh/heaptrack.cxxcache.zst")) });
        QCOMPARE(run.exitCode, 0);
        const QString out = QString::fromUtf8(run.out);
        QVERIFY2(
            QRegularExpression(QStringLiteral("\\+24\\.1 MB .* linear +! SessionCache::get")).match(out).hasMatch(),
            qPrintable(out));
        QVERIFY2(QRegularExpression(QStringLiteral("\\+172 kB .* plateau +handle\n")).match(out).hasMatch(),
            qPrintable(out));
        QVERIFY2(QRegularExpression(QStringLiteral("\\+44\\.4 kB .* plateau +Lru::put")).match(out).hasMatch(),
            qPrintable(out));
    }

    // Fragmentation under heaptrack (tests/data/fresh/frag.c): each round keeps one block in 16
    // and frees the rest, and the next round's larger blocks fit none of the holes. At B the heap
    // stood 57.1 MB above A, RSS 147 MB: nothing was said of the 90 MB between them, because the
    // heap at B was more than a quarter of RSS's growth. The allocator kept what the heap gave
    // back (55 MB, the heap's fall from its highest).
    void memoryTheAllocatorKeptBesideAKeptHeapIsTold()
    {
        const auto run = runCli({ QStringLiteral("diff"), testData(QStringLiteral("fresh/heaptrack.frag.zst")) });
        QCOMPARE(run.exitCode, 0);
        QVERIFY2(
            QRegularExpression(QStringLiteral("retained by the allocator after frees: 5\\d\\.\\d MB \\(the traced heap "
                                              "rose by 11\\d MB and stands at \\+57\\.1 MB at B, while RSS grew by "
                                              "14\\d MB\\)"))
                .match(QString::fromUtf8(run.out))
                .hasMatch(),
            run.out.constData());
        QVERIFY2(!run.out.contains("native:"), run.out.constData());
        QVERIFY2(run.out.contains("malloc_trim or a different allocator returns it"), run.out.constData());
        // A Python recording's is CPython's arenas, which malloc_trim cannot return
        // (tests/data/fresh/indexer.py: an index dropped before exit).
        const auto python = runCli({ QStringLiteral("diff"), testData(QStringLiteral("fresh/indexer.heapline")) });
        QVERIFY2(python.out.contains("retained by the allocator after frees: ")
                && python.out.contains("CPython keeps each arena of small objects")
                && !python.out.contains("malloc_trim"),
            python.out.constData());
    }

    // A Python script under massif (tests/data/fresh/massif-python-leak.py, Debian's stripped
    // python3.11): every frame "?? in /usr/bin/python3.11", and 1 MB of heap where the script
    // kept 14 MB of objects in pymalloc's arenas, which massif does not count. The diff says so,
    // and how to record the Python code.
    void pythonUnderMassifIsTold()
    {
        const auto run = runCli({ QStringLiteral("diff"), testData(QStringLiteral("fresh/massif.out.python")) });
        QCOMPARE(run.exitCode, 0);
        QVERIFY2(run.out.contains("These are the Python interpreter's own functions")
                && run.out.contains("PYTHONMALLOC=malloc") && run.out.contains("heapline-cli record"),
            run.out.constData());
        QVERIFY2(!run.out.contains("names none of"), run.out.constData());
    }

    // A thumbnail service keeping 600 PIL images (tests/data/fresh/pil_thumbs.py): their pixels
    // are Pillow's, outside the traced heap, and RSS grew by 52.5 MB beside 2.7 MB of heap. The
    // native finding now names what grew in number by the census; a Python leak of str and dicts
    // (errors.heapline, no native growth) names nothing.
    void whatHoldsNativeMemoryIsNamed()
    {
        const auto run = runCli({ QStringLiteral("diff"), testData(QStringLiteral("fresh/pil_thumbs.heapline")) });
        QCOMPARE(run.exitCode, 0);
        QVERIFY2(run.out.contains("native: RSS grew by 52.5 MB"), run.out.constData());
        QVERIFY2(
            run.out.contains("Objects that grew in number beside it, by the type census (a C extension's objects hold "
                             "memory the recorder does not see): PIL.Image.Image +600, ImagingCore +600."),
            run.out.constData());
        const auto none = runCli({ QStringLiteral("diff"), testData(QStringLiteral("fresh/errors.heapline")) });
        QVERIFY2(!none.out.contains("Objects that grew in number"), none.out.constData());
        // An in-memory SQLite database (tests/data/fresh/sqlite_events.py) grows RSS by 23 MB in
        // SQLite's own allocations; the census's one type that grew, leak-like, is 143 weakrefs the
        // imports made, which hold nothing native: no holder is named as grown. The one connection,
        // alive at B, is named, with what it holds (it had been left to "run it under heaptrack").
        const auto sqlite
            = runCli({ QStringLiteral("diff"), testData(QStringLiteral("fresh/sqlite_events.heapline")) });
        QVERIFY2(sqlite.out.contains("native: RSS grew by 23.0 MB"), sqlite.out.constData());
        QVERIFY2(!sqlite.out.contains("Objects that grew in number"), sqlite.out.constData());
        QVERIFY2(sqlite.out.contains("Alive at B, by the type census, and holding memory the recorder does not see: "
                                     "sqlite3.Connection 1. An sqlite3 connection keeps its page cache")
                && sqlite.out.contains("opened on \":memory:\", its whole database, which grows with every row"),
            sqlite.out.constData());
        const auto sqliteJson
            = QJsonDocument::fromJson(runCli({ QStringLiteral("diff"), QStringLiteral("--json"),
                                                 testData(QStringLiteral("fresh/sqlite_events.heapline")) })
                                          .out)
                  .object()
                  .value(QStringLiteral("native_holders"))
                  .toArray();
        QCOMPARE(sqliteJson.size(), 1);
        QCOMPARE(sqliteJson[0].toObject().value(QStringLiteral("grown")).toBool(), false);
        // A service whose C library (libc's malloc through ctypes, tests/data/fresh/ctleak.py) keeps
        // 64 kB per request: no type grew, and what the recorder cannot see is told with the one
        // command that sees it; heaptrack's own native finding names mmap instead.
        const auto ctypes = runCli({ QStringLiteral("diff"), testData(QStringLiteral("fresh/ctleak.heapline")) });
        QVERIFY2(ctypes.out.contains("native: RSS grew by 97.4 MB"), ctypes.out.constData());
        QVERIFY2(ctypes.out.contains("not what C extensions and the libraries they call take from malloc")
                && ctypes.out.contains("(heaptrack python3 ctleak.py)"),
            ctypes.out.constData());
        const auto mapped = runCli({ QStringLiteral("diff"), testData(QStringLiteral("fresh/heaptrack.native.zst")) });
        QVERIFY2(mapped.out.contains("native: ") && mapped.out.contains("strace -f -e trace=mmap,munmap")
                && !mapped.out.contains("(heaptrack "),
            mapped.out.constData());
        // 1,500 sqlite3 connections kept (tests/data/fresh/sqlconns.py): RSS +143 MB in SQLite's
        // memory. Each connection's statement cache is a functools.lru_cache, whose cache_parameters
        // lambda had read as 1,549 kept closures; the holder is named with what it keeps and the fix.
        const auto conns = runCli({ QStringLiteral("diff"), testData(QStringLiteral("fresh/sqlconns.heapline")) });
        QVERIFY2(conns.out.contains("sqlite3.Connection +1,500. Each sqlite3 connection keeps its own page cache")
                && conns.out.contains("contextlib.closing"),
            conns.out.constData());
        QVERIFY2(!conns.out.contains("kept closures"), conns.out.constData());
        // Its heap's 2.66 MB is five samples, beside RSS's 143 MB: RSS is the story, and no finer
        // recording of the heap is asked for.
        QVERIFY2(!conns.out.contains("Record again"), conns.out.constData());
        // 200 SSL contexts kept (sslctx.py): 171 MB of OpenSSL's certificate stores.
        const auto contexts = runCli({ QStringLiteral("diff"), testData(QStringLiteral("fresh/sslctx.heapline")) });
        QVERIFY2(contexts.out.contains("ssl.SSLContext +200") && contexts.out.contains("make one context and reuse it"),
            contexts.out.constData());
        const auto json = runCli({ QStringLiteral("diff"), QStringLiteral("--json"),
            testData(QStringLiteral("fresh/pil_thumbs.heapline")) });
        const auto holders
            = QJsonDocument::fromJson(json.out).object().value(QStringLiteral("native_holders")).toArray();
        QCOMPARE(holders.size(), 2);
        QCOMPARE(holders[0].toObject().value(QStringLiteral("type")).toString(), QStringLiteral("PIL.Image.Image"));
        QCOMPARE(holders[0].toObject().value(QStringLiteral("objects")).toInteger(), 600);
        QCOMPARE(holders[0].toObject().value(QStringLiteral("grown")).toBool(), true);
    }

    // A Node program under heaptrack (tests/data/fresh/node_buffers.js, caching 4 kB Buffers):
    // the culprit is V8's C++ (v8::internal::Heap::AllocateExternalBackingStore), which a
    // JavaScript developer cannot act on; the diff says what heaptrack sees and what to use.
    void nodeUnderHeaptrackIsTold()
    {
        const auto run = runCli({ QStringLiteral("diff"), testData(QStringLiteral("fresh/heaptrack.node.zst")) });
        QCOMPARE(run.exitCode, 0);
        QVERIFY2(run.out.contains("v8::internal::Heap::AllocateExternalBackingSto"), run.out.constData());
        QVERIFY2(run.out.contains("These are Node's and its JavaScript engine's (V8's) own functions")
                && run.out.contains("--heapsnapshot-signal"),
            run.out.constData());
        const auto c = runCli({ QStringLiteral("diff"), testData(QStringLiteral("fresh/heaptrack.daemon.zst")) });
        QVERIFY2(!c.out.contains("Node's"), c.out.constData());
    }

    // A Perl program under heaptrack (tests/data/fresh/perlcache.pl: a hash of every response):
    // the culprit read "Perl_safesysmalloc", perl's own wrapper of malloc; now the interpreter's
    // function that grew, and a note on what heaptrack sees and what to use instead.
    void perlUnderHeaptrackIsTold()
    {
        const auto run = runCli({ QStringLiteral("diff"), testData(QStringLiteral("fresh/heaptrack.perlcache.zst")) });
        QCOMPARE(run.exitCode, 0);
        QVERIFY2(!run.out.contains("Perl_safesysmalloc") && run.out.contains("! Perl_sv_grow"), run.out.constData());
        QVERIFY2(run.out.contains("These are the Perl interpreter's own functions") && run.out.contains("Devel::MAT"),
            run.out.constData());
        const auto python = runCli({ QStringLiteral("diff"), testData(QStringLiteral("fresh/heaptrack.pyleak.zst")) });
        QVERIFY2(!python.out.contains("Perl"), python.out.constData());
    }

    // Tcl, Lua and Ruby scripts under heaptrack (tests/data/fresh/cache.tcl, cache.lua, cache.rb: a
    // table of every response), a bash script and an awk program (grow.sh, grow.awk): each read "?? in /usr/bin/lua5.4
    // +53.6 MB" with "it is stripped: install its debug symbols", of an interpreter running a script. Now the
    // interpreter is said, and what to use instead.
    void scriptInterpretersUnderHeaptrackAreTold_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("note");
        QTest::addColumn<QString>("tool");
        QTest::newRow("tcl") << QStringLiteral("fresh/heaptrack.tcl.zst") << QStringLiteral("Tcl interpreter's")
                             << QStringLiteral("TCL_MEM_DEBUG");
        QTest::newRow("lua") << QStringLiteral("fresh/heaptrack.lua.zst") << QStringLiteral("Lua interpreter's")
                             << QStringLiteral("collectgarbage");
        QTest::newRow("ruby") << QStringLiteral("fresh/heaptrack.ruby.zst") << QStringLiteral("Ruby interpreter's")
                              << QStringLiteral("ObjectSpace.dump_all");
        QTest::newRow("bash") << QStringLiteral("fresh/heaptrack.bash.zst") << QStringLiteral("shell's")
                              << QStringLiteral("unset 'name[key]'");
        QTest::newRow("mawk") << QStringLiteral("fresh/heaptrack.mawk.zst") << QStringLiteral("awk interpreter's")
                              << QStringLiteral("delete seen[key]");
        QTest::newRow("php") << QStringLiteral("fresh/heaptrack.php-malloc.zst") << QStringLiteral("PHP interpreter's")
                             << QStringLiteral("memprof_enable()");
    }
    void scriptInterpretersUnderHeaptrackAreTold()
    {
        QFETCH(QString, file);
        QFETCH(QString, note);
        QFETCH(QString, tool);
        const auto run = runCli({ QStringLiteral("diff"), testData(file) });
        QCOMPARE(run.exitCode, 0);
        const QString out = QString::fromUtf8(run.out);
        QVERIFY2(out.contains(QStringLiteral("These are the ") + note + QStringLiteral(" own functions"))
                && out.contains(tool),
            run.out.constData());
        QVERIFY2(!out.contains(QStringLiteral("stripped")), run.out.constData());
        // The script's table is the top grower (bash's associative array: its insert's own row).
        QVERIFY2(QRegularExpression(QStringLiteral("\\n +\\+(5\\d\\.\\d|169|36\\.7|2\\.21|46\\.4) MB"))
                     .match(out)
                     .hasMatch(),
            run.out.constData());
    }

    // RSS that grew beside a flat malloc heap, under heaptrack, in a runtime that maps its own
    // heap: its objects, not mmap or a JIT to chase with strace (the hint had said so for a Java
    // program's 40.9 MB, node_objs.js's JavaScript objects and shop.py's Python ones alike).
    void nativeGrowthOfAManagedRuntimeIsItsObjects_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("hint");
        QTest::newRow("jvm") << QStringLiteral("fresh/heaptrack.jvm.zst")
                             << QStringLiteral("the JVM keeps Java's objects in a heap it maps itself");
        QTest::newRow("node") << QStringLiteral("fresh/heaptrack.node_objs.zst")
                              << QStringLiteral("V8 keeps JavaScript's objects, strings, arrays and closures");
        QTest::newRow("python") << QStringLiteral("fresh/heaptrack.shop.zst")
                                << QStringLiteral("Python keeps its objects of 512 bytes or less in arenas");
        // PHP's memory manager maps its own chunks (tests/data/fresh/cache.php): it had read "stripped".
        QTest::newRow("php") << QStringLiteral("fresh/heaptrack.php.zst")
                             << QStringLiteral("PHP's memory manager keeps the script's values in 2 MB chunks");
        // Go's runtime maps its own heap (tests/data/fresh/gocgo2.go, built with cgo): heaptrack sees C's blocks.
        QTest::newRow("go") << QStringLiteral("fresh/heaptrack.gocgo2.zst")
                            << QStringLiteral("Go's runtime keeps the program's values in a heap it maps itself");
        QTest::newRow("c") << QStringLiteral("fresh/heaptrack.native.zst") << QStringLiteral("strace -f");
        // A malloc of the program's own (tests/data/fresh/cachesvc.cpp): heaptrack saw two blocks.
        QTest::newRow("tcmalloc") << QStringLiteral("fresh/heaptrack.cachesvc-tcmalloc.zst")
                                  << QStringLiteral("The program loaded libtcmalloc.so.4, an allocator that takes the "
                                                    "place of malloc");
        QTest::newRow("jemalloc") << QStringLiteral("fresh/heaptrack.cachesvc-jemalloc.zst")
                                  << QStringLiteral("without -ljemalloc or its LD_PRELOAD), or use jemalloc's own");
        QTest::newRow("mimalloc") << QStringLiteral("fresh/heaptrack.cachesvc-mimalloc.zst")
                                  << QStringLiteral("or use mimalloc's own statistics (MIMALLOC_SHOW_STATS=1");
        QTest::newRow("preloaded") << QStringLiteral("fresh/heaptrack.cachesvc-preload.zst")
                                   << QStringLiteral("The program loaded libtcmalloc.so.4");
    }
    void nativeGrowthOfAManagedRuntimeIsItsObjects()
    {
        QFETCH(QString, file);
        QFETCH(QString, hint);
        const auto run = runCli({ QStringLiteral("diff"), testData(file) });
        QCOMPARE(run.exitCode, 0);
        const QByteArray native = run.out.mid(run.out.indexOf("\nnative: "));
        QVERIFY2(native.contains(hint.toUtf8()), run.out.constData());
        QCOMPARE(native.contains("strace"), hint.startsWith(QLatin1String("strace")));
        QVERIFY2(!run.out.contains("stripped"), run.out.constData());
    }

    // A Java program under heaptrack (tests/data/fresh/JvmLeak.java: 12 MB of byte arrays kept):
    // heaptrack sees the JVM's own mallocs, not the Java heap. The top suspect read "?? in
    // unknown module" (addresses placed nowhere) and HotSpot's os::malloc; now the JVM's own
    // function that allocated, and a note on what heaptrack sees and what to use instead.
    void jvmUnderHeaptrackIsTold()
    {
        const auto run = runCli({ QStringLiteral("diff"), testData(QStringLiteral("fresh/heaptrack.jvm.zst")) });
        QCOMPARE(run.exitCode, 0);
        QVERIFY2(!run.out.contains("?? in unknown module") && !run.out.contains("os::malloc"), run.out.constData());
        QVERIFY2(run.out.contains("StringTable::create_table()"), run.out.constData());
        QVERIFY2(
            run.out.contains("These are the Java virtual machine's own functions") && run.out.contains("GC.heap_dump"),
            run.out.constData());
    }

    // heaptrack attached to a running service (tests/data/fresh/daemon.c): the sessions it leaks
    // are the leak; the table it refreshes, whose blocks made before the attach are never seen
    // freed, rises by its size and holds — a plateau, not marked leak-like.
    void anAttachedRecordingsRefreshIsNoLeak()
    {
        const auto run = runCli({ QStringLiteral("diff"), testData(QStringLiteral("fresh/heaptrack.daemon.zst")) });
        QCOMPARE(run.exitCode, 0);
        const QString out = QString::fromUtf8(run.out);
        QVERIFY2(QRegularExpression(QStringLiteral("\\+8\\.18 MB .* linear +! open_session")).match(out).hasMatch(),
            qPrintable(out));
        QVERIFY2(QRegularExpression(QStringLiteral("\\+4\\.19 MB .* plateau +refresh_entry")).match(out).hasMatch(),
            qPrintable(out));
        QVERIFY2(run.err.contains("attached to an already running process"), run.err.constData());
    }

    // A fresh service (tests/data/fresh/daemon.c, run for 3 000 requests): a 4 MB table built at start, then a 512-byte
    // session leaked per request. The heap read "plateau: rises, then holds" while it climbed at
    // 1.6 MB a second to the end.
    void aLeakAfterAStartupTableIsNoPlateau()
    {
        const auto run = runCli({ QStringLiteral("diff"), testData(QStringLiteral("fresh/heaptrack.refresh.zst")) });
        QCOMPARE(run.exitCode, 0);
        const QString out = QString::fromUtf8(run.out);
        QVERIFY2(QRegularExpression(QStringLiteral("\\+5\\.73 MB .* linear +! total")).match(out).hasMatch(),
            qPrintable(out));
        QVERIFY2(QRegularExpression(QStringLiteral("\\+1\\.54 MB .* linear +! open_session")).match(out).hasMatch(),
            qPrintable(out));
    }

    // The same service renews its table entry by entry (refresh_entry frees one of build_table's
    // blocks and allocates its own): by allocation site refresh_entry climbed by 3.07 MB and was
    // the top suspect, "linear (leak-like)", above the leak. It replaces blocks; not leak-like.
    void aTableRenewedEntryByEntryIsNoLeak()
    {
        const auto run = runCli(
            { QStringLiteral("diff"), QStringLiteral("--json"), testData(QStringLiteral("fresh/heaptrack.refresh.zst")),
                QStringLiteral("--by"), QStringLiteral("function") });
        QCOMPARE(run.exitCode, 0);
        QHash<QString, QJsonObject> rows;
        for (const auto& row : QJsonDocument::fromJson(run.out).object().value(QStringLiteral("rows")).toArray())
            rows.insert(row.toObject().value(QStringLiteral("key")).toString(), row.toObject());
        const auto refresh = rows.value(QStringLiteral("refresh_entry"));
        QCOMPARE(refresh.value(QStringLiteral("leak_like")).toBool(), false);
        QCOMPARE(refresh.value(QStringLiteral("replacement")).toString(),
            QStringLiteral(
                "Grew by 3.07 MB as build_table fell by 3.07 MB: it replaces blocks build_table made (a table or "
                "cache renewed entry by entry), and the two hold steady together."));
        QVERIFY(rows.value(QStringLiteral("build_table"))
                    .value(QStringLiteral("replacement"))
                    .toString()
                    .startsWith(QLatin1String("Fell by 3.07 MB as refresh_entry grew")));
        QCOMPARE(rows.value(QStringLiteral("open_session")).value(QStringLiteral("leak_like")).toBool(), true);
        QVERIFY(!rows.value(QStringLiteral("open_session")).contains(QStringLiteral("replacement")));
        // A budget on linear growth names the leak, not the renewal ranked above it.
        QTemporaryDir dir;
        const auto budget = runCli({ QStringLiteral("report"), testData(QStringLiteral("fresh/heaptrack.refresh.zst")),
            QStringLiteral("--fail-on-class"), QStringLiteral("linear"), QStringLiteral("-o"),
            dir.filePath(QStringLiteral("r.html")) });
        QCOMPARE(budget.exitCode, 1);
        QVERIFY2(budget.err.contains("suspect #2 grew linear by +1.54 MB: open_session"), budget.err.constData());
        // Not in a file where nothing is replaced.
        const auto batch = runCli(
            { QStringLiteral("diff"), QStringLiteral("--json"), testData(QStringLiteral("fresh/heaptrack.kvstore.zst")),
                QStringLiteral("--by"), QStringLiteral("function") });
        QVERIFY(!batch.out.contains("\"replacement\""));
    }

    // The same service built stripped (tests/data/fresh/heaptrack.stripped.zst): every suspect is
    // "?? in .../daemon", and the diff now says why and what to do; not where frames are named.
    void aStrippedProgramIsTold()
    {
        const auto run = runCli({ QStringLiteral("diff"), testData(QStringLiteral("fresh/heaptrack.stripped.zst")) });
        QCOMPARE(run.exitCode, 0);
        QVERIFY2(run.out.contains("The recording names none of /tmp/fresh12/daemon's functions: it is stripped, or was "
                                  "built without symbols. Install its debug symbols (or build it with -g)"),
            run.out.constData());
        const auto named = runCli({ QStringLiteral("diff"), testData(QStringLiteral("fresh/heaptrack.refresh.zst")) });
        QVERIFY2(!named.out.contains("names none of"), named.out.constData());
    }

    // An asyncio service that adds each background task to a set and never discards it
    // (tests/data/python/asyncio_tasks.py): its suspect is the request handler; the census's
    // 14 000 tasks are told as kept tasks, with what to do. Not where no task was kept.
    void keptTasksAreTold()
    {
        const auto run = runCli({ QStringLiteral("diff"), QStringLiteral("--json"),
            testData(QStringLiteral("fresh/asyncio_tasks.heapline")) });
        QCOMPARE(run.exitCode, 0);
        const auto kept = QJsonDocument::fromJson(run.out).object().value(QStringLiteral("kept_tasks")).toObject();
        QCOMPARE(kept.value(QStringLiteral("tasks")).toInteger(), 14000);
        QCOMPARE(kept.value(QStringLiteral("coroutines")).toInteger(), 14000);
        QVERIFY(kept.value(QStringLiteral("finding"))
                    .toString()
                    .contains(QLatin1String("task.add_done_callback(tasks.discard)")));
        const auto none = runCli(
            { QStringLiteral("diff"), QStringLiteral("--json"), testData(QStringLiteral("fresh/errors.heapline")) });
        QVERIFY(QJsonDocument::fromJson(none.out).object().value(QStringLiteral("kept_tasks")).isNull());
    }

    // One numpy array that np.append copies larger at each batch (tests/data/fresh/npgrow.py): a
    // 16 MB block is sampled at its size, so its row is leak-like, not "too few samples", and its
    // hint tells one block grown by copies, and how high the copies took it. A vector grown in a
    // C++ program reads the same (excptr's main, by function); rows of many blocks do not.
    void blocksGrownByCopiesAreTold()
    {
        const auto run = runCli({ QStringLiteral("diff"), testData(QStringLiteral("fresh/npgrow.heapline")) });
        QCOMPARE(run.exitCode, 0);
        QVERIFY2(run.out.contains("linear     ! record"), run.out.constData());
        // Told under the whole heap's hint, for the top suspect (svc.c's log buffer, grown by realloc, too).
        QVERIFY2(run.out.contains("\nrecord: One block, made larger at each of 22 steps"), run.out.constData());
        const auto svc = runCli({ QStringLiteral("diff"), testData(QStringLiteral("fresh/heaptrack.svc.zst")) });
        QVERIFY2(svc.out.contains("\nlog_line: One block, made larger at each of 3 steps"), svc.out.constData());
        const QByteArray report = markdownReport(testData(QStringLiteral("fresh/npgrow.heapline")));
        QVERIFY2(report.contains("> One block, made larger at each of 22 steps: a buffer, array or table")
                && report.contains("Each copy held the old and the new at once: it rose to 31.4 MB for 16.0 MB kept."),
            report.constData());
        QVERIFY(markdownReport(testData(QStringLiteral("fresh/heaptrack.excptr.zst")))
                    .contains("> One block, made larger at each of 3 steps"));
        QVERIFY(!markdownReport(testData(QStringLiteral("fresh/reqlog.heapline"))).contains("One block, made larger"));
        // A few blocks so grown, where allocations are counted (vecgrow.cpp: a vector of samples
        // per metric, 8 of them, doubled to 2 MB each): it read "each copies or materialises a big
        // object ... free the old one". A pmr arena's chunks among small temporaries (pmr.cpp) are
        // no copies.
        const auto vectors = runCli({ QStringLiteral("diff"), QStringLiteral("--by"), QStringLiteral("callsite"),
            testData(QStringLiteral("fresh/heaptrack.vecgrow.zst")) });
        QVERIFY2(vectors.out.contains("<- main (vecgrow.cpp:30): 8 blocks kept of 152 allocations, grown in 3 steps: "
                                      "buffers, arrays or tables that keep all they are given"),
            vectors.out.constData());
        QVERIFY(!markdownReport(testData(QStringLiteral("fresh/heaptrack.pmr.zst"))).contains("blocks kept of"));
        // Once where the whole heap is that one block (samples.py: an array.array appended to): the
        // heap's own line says it, and the top suspect's would say it again.
        const auto samples = runCli({ QStringLiteral("diff"), testData(QStringLiteral("fresh/samples.heapline")) });
        QCOMPARE(samples.out.count("One block, made larger at each of 14 steps"), 1);
        // A log built by += (strbuild.py): each copy held the old string and the new at once, so
        // the heap's highs reached twice what it kept. The heap read "plateau: a bounded cache" (its
        // sampled noise taken as that of many small blocks), then "spiky: builds batches"; it is one
        // block grown by copies, told once, on the heap's own line.
        const auto built = runCli({ QStringLiteral("diff"), testData(QStringLiteral("fresh/strbuild.heapline")) });
        QVERIFY2(QRegularExpression(QStringLiteral("\\+4\\.44 MB +9\\.09 MB +4\\.44 MB +\\+1 +- +linear +! total"))
                     .match(QString::fromUtf8(built.out))
                     .hasMatch(),
            built.out.constData());
        QVERIFY2(built.out.contains("\nlinear: One block, made larger at each of 32 steps")
                && built.out.contains(
                    "Each copy held the old and the new at once: it rose to 9.09 MB for 4.44 MB kept.")
                && built.out.count("One block, made larger") == 1 && !built.out.contains("Beneath that level"),
            built.out.constData());
    }

    // Census findings told as a count (kept generators, futures, loggers, modules, threads, asyncio
    // timers, sockets, tee buffers, closures, numpy views, memoryviews): in the diff, its JSON and the reports, with
    // what to do; and not for the same program mended.
    // - gens.py: a streaming API keeps the generator of every client that disconnected;
    //   gens-fixed closes and drops each one.
    // - futures.py: a job service keeps every job's Future for polling and never drops the
    //   finished ones; tpool.py's pool.map drops its futures as it reads them.
    // - reqlog.py: a handler asks for a logger named after each request id; reqlog-fixed logs
    //   through one logger with the id in a LoggerAdapter's extra.
    // - plugins.py: a rules engine imports each reload as a module of a new name (rules_v{n});
    //   plugins-fixed reloads one module in place.
    // - listeners.py: each request subscribes a closure over its context to an event bus, never
    //   removed; listeners-fixed unsubscribes it when the request is done.
    // - timers.py: a threading.Timer per request as its timeout, cancelled by nobody (its threads'
    //   own closures are no kept closures); timers-fixed cancels it when the request is done.
    // - partials.py: a functools.partial per request on an event bus, binding its context, never
    //   removed (it read "handle +17.3 MB" alone); partials-fixed removes each.
    // - zobjs.py: a zlib compressor per session kept "to reuse it" (it read "open_session +390 MB"
    //   alone); zobjs-fixed finishes each at once.
    // - userdeques.py: a deque of maxlen 20 per user in a dict never pruned (it read "keeps every
    //   item it is given: bound the list or cache", each deque bounded); userdeques-fixed drops a
    //   user's deque at logout. Threads, futures and queues make deques of their own (a Condition
    //   each): those are not told (the kept_threads rows below, futures.heapline).
    // - workers.py: a watcher thread per session, a subclass of threading.Thread the census does not
    //   count as a thread, waiting on an event nobody sets: counted from the recorder's count of
    //   threads alive (it read "kept closures", its threads' own); workers-fixed ends each one.
    // - sockets.py: a client keeps every failed request's socket on a retry list, open; its heap
    //   grew only as libraries loaded, which no longer reads "nothing of the program's own grew";
    //   sockets-fixed closes every one.
    // - popens.py: a job runner keeps every subprocess.Popen on a list "to check later", never
    //   waited for (the census read "+3,000 files kept", the children untold); popens-fixed
    //   communicate()s with each and keeps its return code.
    // - calllater.py: a 60 s loop.call_later per request as its timeout, never cancelled;
    //   calllater-fixed cancels it when the request is done.
    // - teebuf.py: a stream split by itertools.tee for a branch read only at the end;
    //   teebuf-fixed advances both branches in step.
    // - npviews.py: a service keeps each request's frame[0], a view that keeps its 1 MiB frame;
    //   npviews-fixed keeps a copy.
    // - mviews.py: a service keeps a memoryview of each payload's 16-byte id, which keeps the whole
    //   payload; mviews-fixed keeps bytes of it.
    // A row that stepped once is one event, not a leak, however many blocks it took: an index
    // rebuilt from the old one in the last snapshots (fresh/rebuild-end.py, sampled: "rebuild
    // +56.1 MB, stepwise !"), massif's phases' bounded cache filled in one snapshot, a Qt
    // service's connections made once in its mended twin. Rows that step again and again stay
    // leak-like (phases' keepReportCopy under heaptrack is linear; its log_line steps).
    void aStepTakenOnceIsNoLeak_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("key");
        QTest::newRow("index rebuilt") << testData(QStringLiteral("fresh/rebuild-end.heapline")) << "rebuild";
        QTest::newRow("cache filled") << corpusFile(QStringLiteral("recorded/massif.out.phases")) << "cachePut(long)";
        QTest::newRow("set up once") << testData(QStringLiteral("fresh/heaptrack.qconn-fixed.zst")) << "main";
    }

    void aStepTakenOnceIsNoLeak()
    {
        QFETCH(QString, file);
        QFETCH(QString, key);
        const auto run = runCli({ QStringLiteral("diff"), QStringLiteral("--json"), file });
        QCOMPARE(run.exitCode, 0);
        bool found = false;
        for (const auto& value : QJsonDocument::fromJson(run.out).object().value(QLatin1String("rows")).toArray()) {
            const auto row = value.toObject();
            if (row.value(QLatin1String("key")).toString() != key)
                continue;
            found = true;
            QCOMPARE(row.value(QLatin1String("class")).toString(), QStringLiteral("stepwise"));
            QVERIFY(!row.value(QLatin1String("leak_like")).toBool());
        }
        QVERIFY(found);
    }

    // A Fortran program (fresh/fleak.f90, gfortran 12) that keeps every record in a module's
    // array: its culprit is named as gdb names it, store::keep, not "__store_MOD_keep".
    void aFortranModulesProcedureIsNamedAsGdbNamesIt()
    {
        const auto run = runCli({ QStringLiteral("diff"), QStringLiteral("--json"),
            testData(QStringLiteral("fresh/heaptrack.fleak.zst")) });
        QCOMPARE(run.exitCode, 0);
        const auto top
            = QJsonDocument::fromJson(run.out).object().value(QLatin1String("rows")).toArray().first().toObject();
        QCOMPARE(top.value(QLatin1String("key")).toString(), QStringLiteral("store::keep"));
        QCOMPARE(top.value(QLatin1String("class")).toString(), QStringLiteral("linear"));
        QVERIFY(top.value(QLatin1String("leak_like")).toBool());
    }

    void aKeptCountIsTold_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("key");
        QTest::addColumn<QString>("field");
        QTest::addColumn<qint64>("count");
        QTest::addColumn<QString>("advice");
        QTest::addColumn<QString>("told");
        QTest::addColumn<QString>("label");
        QTest::addColumn<QString>("mended");
        QTest::newRow("generators") << "fresh/gens.heapline"
                                    << "kept_generators"
                                    << "generators" << qint64(3000) << "generator.close()"
                                    << "+3,000 generators"
                                    << "Kept generators"
                                    << "fresh/gens-fixed.heapline";
        QTest::newRow("futures") << "fresh/futures.heapline"
                                 << "kept_futures"
                                 << "futures" << qint64(3000) << "future.add_done_callback"
                                 << "+3,000 futures"
                                 << "Kept futures"
                                 << "fresh/tpool.heapline";
        // Submitted all at once by Executor.map (mapall.py); fed to map a thousand at a time
        // (mapall-fixed.py), the futures in flight rise and fall: not told.
        QTest::newRow("futures of map") << "fresh/mapall.heapline"
                                        << "kept_futures"
                                        << "futures" << qint64(71153) << "called at main (mapall.py:20)"
                                        << "+71,153 futures"
                                        << "Kept futures"
                                        << "fresh/mapall-fixed.heapline";
        // An XML export streamed through iterparse, no element cleared (iterp.py); the root cleared
        // as each record ends (iterp-fixed.py).
        QTest::newRow("xml elements") << "fresh/iterp.heapline"
                                      << "kept_xml_elements"
                                      << "elements" << qint64(227690) << "called at total_quantity (iterp.py:30)"
                                      << "+227,690 XML elements"
                                      << "Kept XML elements"
                                      << "fresh/iterp-fixed.heapline";
        // An audit log keeping each caller's frame (frames.py); its name and line only
        // (frames-fixed.py).
        QTest::newRow("frames") << "fresh/frames.heapline"
                                << "kept_frames"
                                << "frames" << qint64(60006) << "traceback.extract_stack()"
                                << "+60,006 frames"
                                << "Kept frames"
                                << "fresh/frames-fixed.heapline";
        // A MagicMock left in place of a metrics client (mocked.py); a no-op stand-in
        // (mocked-fixed.py).
        QTest::newRow("mock calls") << "fresh/mocked.heapline"
                                    << "kept_mock_calls"
                                    << "calls" << qint64(320069) << "reset_mock()"
                                    << "+320,069 calls recorded by unittest.mock"
                                    << "Kept mock calls"
                                    << "fresh/mocked-fixed.heapline";
        // One pickle.Pickler kept for an event log, its memo never cleared: it keeps every event
        // (picklerlog.py); clear_memo() after each dump (picklerlog-fixed.py).
        QTest::newRow("pickler memos") << "fresh/picklerlog.heapline"
                                       << "kept_pickler_memos"
                                       << "picklers" << qint64(1) << "pickler.clear_memo()"
                                       << "pickle.Pickler memos grew by +16.8 MB (1 pickler at B)"
                                       << "Kept by a pickler's memo"
                                       << "fresh/picklerlog-fixed.heapline";
        // The same through a subclass of its own (picklersub.py): the census names it by its class
        // (__main__.EventPickler, which Markdown writes with its underscores escaped).
        QTest::newRow("pickler memos, subclassed")
            << "fresh/picklersub.heapline"
            << "kept_pickler_memos"
            << "picklers" << qint64(1) << "pickler.clear_memo()"
            << "pickle.Pickler memos grew by +16.8 MB (1 pickler at B; subclasses of it: "
            << "Kept by a pickler's memo"
            << "fresh/picklerlog-fixed.heapline";
        // The other end: one pickle.Unpickler kept to read a stream one Pickler wrote, its memo
        // keeping every event the loop dropped (unpicklerlog.py); each event standing alone and
        // read by pickle.load (unpicklerlog-fixed.py).
        QTest::newRow("unpickler memos") << "fresh/unpicklerlog.heapline"
                                         << "kept_unpickler_memos"
                                         << "unpicklers" << qint64(1) << "pickle.load(stream)"
                                         << "pickle.Unpickler memos grew by +525 kB (1 unpickler at B)"
                                         << "Kept by an unpickler's memo"
                                         << "fresh/unpicklerlog-fixed.heapline";
        // A scanner keeping each re.Match, and with it its 4 kB page (matches.py); the id alone
        // (matches-fixed.py).
        QTest::newRow("matches") << "fresh/matches.heapline"
                                 << "kept_matches"
                                 << "matches" << qint64(20000) << "match.group(1)"
                                 << "+20,000 re.Match objects"
                                 << "Kept matches"
                                 << "fresh/matches-fixed.heapline";
        // A template engine caching each template compiled to a function by its text, the user's
        // name in the text (tmpl.py); one text, the name passed in the context (tmpl-fixed.py).
        QTest::newRow("compiled code") << "fresh/tmpl.heapline"
                                       << "kept_code"
                                       << "codes" << qint64(40005) << "run at compile_template (tmpl.py:21)"
                                       << "+40,005 code objects"
                                       << "Kept compiled code"
                                       << "fresh/tmpl-fixed.heapline";
        // A WeakKeyDictionary whose values refer back to their keys (weakkey.py); the back
        // reference weak (weakkey-fixed.py).
        QTest::newRow("weak keys") << "fresh/weakkey.heapline"
                                   << "kept_instances"
                                   << "weak_references" << qint64(40002) << "a value that refers back to its key"
                                   << "+40,000 Meta and +40,000 Request objects"
                                   << "Kept instances"
                                   << "fresh/weakkey-fixed.heapline";
        QTest::newRow("loggers") << "fresh/reqlog.heapline"
                                 << "kept_loggers"
                                 << "loggers" << qint64(120000) << "getLogger(__name__)"
                                 << "+120,000 loggers"
                                 << "Kept loggers"
                                 << "fresh/reqlog-fixed.heapline";
        QTest::newRow("log records") << "fresh/memhandler.heapline"
                                     << "kept_log_records"
                                     << "records" << qint64(109801) << "capacity it reaches"
                                     << "+109,801 log records"
                                     << "Kept log records"
                                     << "fresh/memhandler-fixed.heapline";
        QTest::newRow("warnings") << "fresh/warns.heapline"
                                  << "kept_warnings"
                                  << "warnings" << qint64(733126) << "warnings.simplefilter"
                                  << "+733,126 warnings remembered by Python's warnings registry"
                                  << "Kept warnings"
                                  << "fresh/warns-fixed.heapline";
        // A service with the cyclic collector turned off (gcoff.py: each request's tree of nodes refers
        // to its parent); left on (gcoff-fixed.py), nothing is told.
        QTest::newRow("collector off") << "fresh/gcoff.heapline"
                                       << "kept_uncollected"
                                       << "objects" << qint64(1260485) << "gc.enable()"
                                       << "+1,260,485 objects the cyclic garbage collector tracks, made while the "
                                          "program had turned it off (gc.disable())"
                                       << "Kept with the collector off"
                                       << "fresh/gcoff-fixed.heapline";
        QTest::newRow("classes") << "fresh/rowtypes.heapline"
                                 << "kept_classes"
                                 << "classes" << qint64(16837) << "Make the class once"
                                 << "+16,837 classes between A and B"
                                 << "Kept classes"
                                 << "fresh/rowtypes-fixed.heapline";
        QTest::newRow("modules") << "fresh/plugins.heapline"
                                 << "kept_modules"
                                 << "modules" << qint64(2118) << "importlib.reload"
                                 << "+2,118 modules"
                                 << "Kept modules"
                                 << "fresh/plugins-fixed.heapline";
        QTest::newRow("closures") << "fresh/listeners.heapline"
                                  << "kept_closures"
                                  << "functions" << qint64(95531) << "weakref.WeakMethod"
                                  << "+95,531 functions"
                                  << "Kept closures"
                                  << "fresh/listeners-fixed.heapline";
        QTest::newRow("partials") << "fresh/partials.heapline"
                                  << "kept_closures"
                                  << "partials" << qint64(40000) << "weakref.WeakMethod"
                                  << "+40,000 functools.partial objects between A and B, each binding its arguments"
                                  << "Kept closures"
                                  << "fresh/partials-fixed.heapline";
        QTest::newRow("threads") << "fresh/timers.heapline"
                                 << "kept_threads"
                                 << "threads" << qint64(2950) << "timer.cancel()"
                                 << "+2,950 threads"
                                 << "Kept threads"
                                 << "fresh/timers-fixed.heapline";
        QTest::newRow("compressors") << "fresh/zobjs.heapline"
                                     << "kept_compressors"
                                     << "compressors" << qint64(1500) << "Finish each (flush()) and drop it"
                                     << "+1,500 compressors (zlib, bz2 or lzma)"
                                     << "Kept compressors"
                                     << "fresh/zobjs-fixed.heapline";
        QTest::newRow("deques") << "fresh/userdeques.heapline"
                                << "kept_deques"
                                << "deques" << qint64(50000) << "bound the dict itself"
                                << "+50,000 deques"
                                << "Kept deques"
                                << "fresh/userdeques-fixed.heapline";
        QTest::newRow("thread subclass") << "fresh/workers.heapline"
                                         << "kept_threads"
                                         << "threads" << qint64(1500) << "Give each wait a timeout"
                                         << "+1,500 threads"
                                         << "Kept threads"
                                         << "fresh/workers-fixed.heapline";
        QTest::newRow("sockets") << "fresh/sockets.heapline"
                                 << "kept_descriptors"
                                 << "sockets" << qint64(752) << "Too many open files"
                                 << "+752 sockets"
                                 << "Kept sockets and files"
                                 << "fresh/sockets-fixed.heapline";
        QTest::newRow("child processes") << "fresh/popens.heapline"
                                         << "kept_descriptors"
                                         << "processes" << qint64(1500) << "a zombie, until wait() reaps it"
                                         << "+1,500 child processes (subprocess.Popen) and +3,000 files (their pipes"
                                         << "Kept child processes"
                                         << "fresh/popens-fixed.heapline";
        QTest::newRow("tee buffers") << "fresh/teebuf.heapline"
                                     << "kept_tee_buffers"
                                     << "buffers" << qint64(8000) << "Advance the branches in step"
                                     << "+8,000 itertools.tee buffers"
                                     << "Kept tee buffers"
                                     << "fresh/teebuf-fixed.heapline";
        QTest::newRow("asyncio timers") << "fresh/calllater.heapline"
                                        << "kept_timer_handles"
                                        << "handles" << qint64(33306) << "handle.cancel()"
                                        << "+33,306 asyncio timer handles"
                                        << "Kept asyncio timers"
                                        << "fresh/calllater-fixed.heapline";
        QTest::newRow("numpy views") << "fresh/npviews.heapline"
                                     << "kept_views"
                                     << "views" << qint64(375) << "frame[0].copy()"
                                     << "+375 numpy arrays"
                                     << "Kept numpy views"
                                     << "fresh/npviews-fixed.heapline";
        QTest::newRow("memoryviews") << "fresh/mviews.heapline"
                                     << "kept_views"
                                     << "views" << qint64(1540) << "bytes(view[:16])"
                                     << "+1,540 memoryviews"
                                     << "Kept memoryviews"
                                     << "fresh/mviews-fixed.heapline";
    }
    void aKeptCountIsTold()
    {
        QFETCH(QString, file);
        QFETCH(QString, key);
        QFETCH(QString, field);
        QFETCH(qint64, count);
        QFETCH(QString, advice);
        QFETCH(QString, told);
        QFETCH(QString, label);
        QFETCH(QString, mended);
        const auto run = runCli({ QStringLiteral("diff"), QStringLiteral("--json"), testData(file) });
        QCOMPARE(run.exitCode, 0);
        const auto kept = QJsonDocument::fromJson(run.out).object().value(key).toObject();
        QCOMPARE(kept.value(field).toInteger(), count);
        QVERIFY(kept.value(QStringLiteral("finding")).toString().contains(advice));
        QVERIFY(runCli({ QStringLiteral("diff"), testData(file) })
                    .out.contains((label.left(1).toLower() + label.mid(1) + QStringLiteral(": ") + told).toUtf8()));
        QVERIFY(markdownReport(testData(file))
                    .contains((QStringLiteral("| ") + label + QStringLiteral(" | ") + told).toUtf8()));
        const auto fixed = runCli({ QStringLiteral("diff"), QStringLiteral("--json"), testData(mended) });
        QCOMPARE(fixed.exitCode, 0);
        QVERIFY(QJsonDocument::fromJson(fixed.out).object().value(key).isNull());
        if (key == QLatin1String("kept_descriptors"))
            QVERIFY(!runCli({ QStringLiteral("diff"), testData(file) }).out.contains("nothing of the program's own"));
        if (key == QLatin1String("kept_threads"))
            QVERIFY(QJsonDocument::fromJson(run.out).object().value(QStringLiteral("kept_closures")).isNull());
        if (key == QLatin1String("kept_threads") || key == QLatin1String("kept_timer_handles"))
            QVERIFY(QJsonDocument::fromJson(run.out).object().value(QStringLiteral("kept_deques")).isNull());
    }

    // Classes that came with imported modules are the imports' (fresh/npimport.py, recorded with
    // --exact: +257 classes beside +122 modules, caught at one census, had read "kept classes …
    // made at run time"); a class made per row is still told (rowtypes.py, +16,837 beside +1).
    // Nor are modules imported once, caught at one census, kept ("kept modules: +122"); and the
    // script's own few bytes under its <module> do not make numpy's import a suspect ("<module>
    // +6.89 MB, linear (leak-like)").
    void classesOfImportedModulesAreNotKept()
    {
        const auto imported = runCli({ QStringLiteral("diff"), QStringLiteral("--json"),
            testData(QStringLiteral("fresh/npimport-exact.heapline.zst")) });
        QCOMPARE(imported.exitCode, 0);
        const auto json = QJsonDocument::fromJson(imported.out).object();
        QVERIFY(json.value(QStringLiteral("kept_classes")).isNull());
        QVERIFY(json.value(QStringLiteral("kept_modules")).isNull());
        const auto text
            = runCli({ QStringLiteral("diff"), testData(QStringLiteral("fresh/npimport-exact.heapline.zst")) });
        QVERIFY2(
            text.out.contains("All of that growth (+8.40 MB) was allocated as the program's libraries were loaded"),
            text.out.constData());
        const auto perRow = runCli(
            { QStringLiteral("diff"), QStringLiteral("--json"), testData(QStringLiteral("fresh/rowtypes.heapline")) });
        QCOMPARE(QJsonDocument::fromJson(perRow.out)
                     .object()
                     .value(QStringLiteral("kept_classes"))
                     .toObject()
                     .value(QStringLiteral("classes"))
                     .toInteger(),
            16837);
    }

    // numpy views kept (tests/data/fresh/npviews.py): what each owns and what the heap kept.
    void keptNumpyViewsSayWhatTheyHold()
    {
        const auto run = runCli(
            { QStringLiteral("diff"), QStringLiteral("--json"), testData(QStringLiteral("fresh/npviews.heapline")) });
        QCOMPARE(run.exitCode, 0);
        const auto kept = QJsonDocument::fromJson(run.out).object().value(QStringLiteral("kept_views")).toObject();
        QCOMPARE(kept.value(QStringLiteral("type")).toString(), QStringLiteral("numpy.ndarray"));
        QCOMPARE(kept.value(QStringLiteral("bytes_each")).toInteger(), 112);
        QVERIFY(kept.value(QStringLiteral("heap_bytes")).toInteger() > 300'000'000);
    }

    // A Rust program's unbounded channel (tests/data/fresh/chan.rs: a reader faster than its
    // writer): its records are made by parse, so no stack of theirs passes through the channel;
    // its own blocks' do. Bounded (chan-fixed.rs: sync_channel), not told.
    void aChannelBacklogIsNamed()
    {
        const auto run = runCli({ QStringLiteral("diff"), testData(QStringLiteral("fresh/heaptrack.chan.zst")) });
        QCOMPARE(run.exitCode, 0);
        QVERIFY2(run.out.contains("Items wait in a channel: chan::reader (chan.rs:17) sends on an unbounded "
                                  "std::sync::mpsc channel")
                && run.out.contains("sync_channel(N)"),
            run.out.constData());
        const auto fixed
            = runCli({ QStringLiteral("diff"), testData(QStringLiteral("fresh/heaptrack.chan-fixed.zst")) });
        QCOMPARE(fixed.exitCode, 0);
        QVERIFY2(!fixed.out.contains("channel"), fixed.out.constData());
    }

    // Items waiting in an unbounded queue that its consumer drains more slowly than it fills
    // (tests/data/fresh/backlog-killed.py: asyncio's; tbacklog.py: queue.Queue between threads):
    // the top suspect's note names the queue and the line that puts on it, however few samples
    // the queue's own callsite has.
    void aQueueBacklogIsNamed_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("note");
        QTest::newRow("asyncio") << QStringLiteral("fresh/backlog-killed.heapline")
                                 << QStringLiteral("some waits in a queue: reader (backlog-killed.py:9) puts items on "
                                                   "an asyncio.Queue faster than they are taken off");
        QTest::newRow("threads") << QStringLiteral("fresh/tbacklog.heapline")
                                 << QStringLiteral("some waits in a queue: request_thread (tbacklog.py:19) puts items "
                                                   "on a queue.Queue faster than they are taken off");
    }
    void aQueueBacklogIsNamed()
    {
        QFETCH(QString, file);
        QFETCH(QString, note);
        const auto byFunction = runCli({ QStringLiteral("diff"), testData(file) });
        QCOMPARE(byFunction.exitCode, 0);
        QVERIFY2(byFunction.out.contains(note.toUtf8()) && byFunction.out.contains("Give it a maxsize"),
            byFunction.out.constData());
        QVERIFY(markdownReport(testData(file)).contains(note.toUtf8()));
        // The same asyncio program left to end frees its backlog as it exits, between its last two
        // snapshots (0.45 s, 44.8 MB; 0.85 s, 6.6 MB; 56 MB between): B auto stops before that.
        const QString ended = testData(QStringLiteral("fresh/backlog.heapline"));
        const auto endedJson = runCli({ QStringLiteral("diff"), QStringLiteral("--json"), ended });
        const auto to = QJsonDocument::fromJson(endedJson.out).object().value(QStringLiteral("to")).toObject();
        QCOMPARE(to.value(QStringLiteral("checkpoint")).toInt(), 6);
        QVERIFY2(to.value(QStringLiteral("reason")).toString().contains(QLatin1String("before teardown at 0.452 s")),
            endedJson.out.constData());
        QVERIFY(runCli({ QStringLiteral("diff"), ended })
                    .out.contains("reader (backlog.py:8) puts items on an asyncio.Queue"));
        // Nor is it told of a list that keeps what it is given (reqlog's loggers, leak_events).
        QVERIFY(!runCli({ QStringLiteral("diff"), testData(QStringLiteral("fresh/reqlog.heapline")) })
                     .out.contains("waits in a queue"));
    }

    // Objects of the program's own classes kept (tests/data/fresh/methcache.py: Quote.price memoised
    // with functools.lru_cache, whose keys hold self): told with the class, and where to look; also
    // for sessions.py's Sessions, and not for exceptions (errors.py's ParseErrors: kept exceptions
    // tell those) nor where nothing of the program's own is kept (reqlog-fixed).
    void keptInstancesAreTold()
    {
        const QString file = testData(QStringLiteral("fresh/methcache.heapline"));
        const auto run = runCli({ QStringLiteral("diff"), QStringLiteral("--json"), file });
        QCOMPARE(run.exitCode, 0);
        const auto kept = QJsonDocument::fromJson(run.out).object().value(QStringLiteral("kept_instances")).toObject();
        const auto types = kept.value(QStringLiteral("types")).toArray();
        QCOMPARE(types.size(), 1);
        QCOMPARE(types[0].toObject().value(QStringLiteral("class")).toString(), QStringLiteral("Quote"));
        QCOMPARE(types[0].toObject().value(QStringLiteral("objects")).toInteger(), 30000);
        QVERIFY(kept.value(QStringLiteral("finding")).toString().contains(QLatin1String("functools.lru_cache")));
        QVERIFY(runCli({ QStringLiteral("diff"), file }).out.contains("kept instances: +30,000 Quote objects"));
        QVERIFY(markdownReport(file).contains("| Kept instances | +30,000 Quote objects between A and B"));
        QCOMPARE(kept.value(QStringLiteral("bound_methods")).toInteger(), 0);
        // A bound method per object on an event bus (fresh/observers.py): the methods are named as
        // what keeps them; not a thread subclass's own two methods (fresh/workers.py), nor the
        // mended twin that unsubscribes.
        const auto observers = runCli({ QStringLiteral("diff"), testData(QStringLiteral("fresh/observers.heapline")) });
        QVERIFY2(observers.out.contains("kept instances: +20,000 RequestHandler objects between A and B, instances of "
                                        "the program's own classes, and beside them +20,001 bound methods")
                && observers.out.contains("weakref.WeakMethod"),
            observers.out.constData());
        QVERIFY(!runCli({ QStringLiteral("diff"), testData(QStringLiteral("fresh/workers.heapline")) })
                     .out.contains("bound methods"));
        QVERIFY(!runCli({ QStringLiteral("diff"), testData(QStringLiteral("fresh/observers-fixed.heapline")) })
                     .out.contains("kept instances"));
        QVERIFY(runCli({ QStringLiteral("diff"), testData(QStringLiteral("fresh/sessions.heapline")) })
                    .out.contains("kept instances: +31,424 Session objects"));
        // A class of the program's own package keeps its module's name (fresh/shop: a store that
        // keeps every cart in a module's dict).
        QVERIFY(runCli({ QStringLiteral("diff"), testData(QStringLiteral("fresh/shop.heapline")) })
                    .out.contains("kept instances: +80,000 app.models.Cart objects"));
        // reqlog keeps loggers: a library's class (logging's), which kept loggers tell.
        for (const char* none : { "fresh/errors.heapline", "fresh/reqlog-fixed.heapline", "fresh/reqlog.heapline" }) {
            const auto other
                = runCli({ QStringLiteral("diff"), QStringLiteral("--json"), testData(QString::fromLatin1(none)) });
            QCOMPARE(other.exitCode, 0);
            QVERIFY(QJsonDocument::fromJson(other.out).object().value(QStringLiteral("kept_instances")).isNull());
        }
    }

    // C++ exceptions kept by std::exception_ptr (tests/data/fresh/excptr.cpp: an importer that keeps
    // std::current_exception() of every failure): told with where they were thrown; not where the
    // importer keeps each message alone (excptr-fixed, the same source keeping e.what()).
    void keptCxxExceptionsAreTold()
    {
        const QString file = testData(QStringLiteral("fresh/heaptrack.excptr.zst"));
        const auto run = runCli({ QStringLiteral("diff"), QStringLiteral("--json"), file });
        QCOMPARE(run.exitCode, 0);
        const auto kept = QJsonDocument::fromJson(run.out).object().value(QStringLiteral("kept_thrown")).toObject();
        QCOMPARE(kept.value(QStringLiteral("exceptions")).toInteger(), 20000);
        QCOMPARE(kept.value(QStringLiteral("thrower")).toString(), QStringLiteral("parseRecord (excptr.cpp:15)"));
        QVERIFY(kept.value(QStringLiteral("finding")).toString().contains(QLatin1String("std::exception_ptr")));
        QVERIFY(
            runCli({ QStringLiteral("diff"), file }).out.contains("kept exceptions: +20,000 C++ exception objects"));
        QVERIFY(markdownReport(file).contains("| Kept exceptions | +20,000 C++ exception objects"));
        const auto fixed = runCli({ QStringLiteral("diff"), QStringLiteral("--json"),
            testData(QStringLiteral("fresh/heaptrack.excptr-fixed.zst")) });
        QCOMPARE(fixed.exitCode, 0);
        QVERIFY(QJsonDocument::fromJson(fixed.out).object().value(QStringLiteral("kept_thrown")).isNull());
    }

    // Objects made by std::make_shared and kept (tests/data/fresh/cycles.cpp: each request's tree
    // links its children back to their parent by shared_ptr, a cycle no owner frees): told in the
    // diff, its JSON and the reports, with the cycle among what to look for; not where the back
    // link is a weak_ptr and every tree is freed.
    void keptSharedObjectsAreTold()
    {
        const QString file = testData(QStringLiteral("fresh/heaptrack.cycles.zst"));
        const auto run = runCli({ QStringLiteral("diff"), QStringLiteral("--json"), file });
        QCOMPARE(run.exitCode, 0);
        const auto kept = QJsonDocument::fromJson(run.out).object().value(QStringLiteral("kept_shared")).toObject();
        QCOMPARE(kept.value(QStringLiteral("objects")).toInteger(), 27000);
        QCOMPARE(kept.value(QStringLiteral("bytes")).toInteger(), 27000 * 112);
        const auto types = kept.value(QStringLiteral("types")).toArray();
        QCOMPARE(types.size(), 1);
        QCOMPARE(types.at(0).toObject().value(QStringLiteral("type")).toString(), QStringLiteral("Node"));
        QVERIFY(kept.value(QStringLiteral("finding")).toString().contains(QLatin1String("std::weak_ptr")));
        QVERIFY(runCli({ QStringLiteral("diff"), file }).out.contains("kept shared objects: +27,000 objects"));
        QVERIFY(markdownReport(file).contains("| Kept shared objects | +27,000 objects made by std::make\\_shared"));

        const auto weak = runCli({ QStringLiteral("diff"), QStringLiteral("--json"),
            testData(QStringLiteral("fresh/heaptrack.cycles-weak.zst")) });
        QCOMPARE(weak.exitCode, 0);
        QVERIFY(QJsonDocument::fromJson(weak.out).object().value(QStringLiteral("kept_shared")).isNull());
        QCOMPARE(kept.value(QStringLiteral("made_by")).toString(), QStringLiteral("std::make_shared"));

        // A cache of weak_ptrs never pruned (weakcache.cpp): the blocks stay, the textures do not;
        // the finding says the weak_ptrs keep the blocks, and how to let them go.
        const auto cache = runCli({ QStringLiteral("diff"), QStringLiteral("--json"),
            testData(QStringLiteral("fresh/heaptrack.weakcache.zst")) });
        QCOMPARE(cache.exitCode, 0);
        const auto cached = QJsonDocument::fromJson(cache.out).object().value(QStringLiteral("kept_shared")).toObject();
        QCOMPARE(cached.value(QStringLiteral("objects")).toInteger(), 1805);
        const QString cachedText = cached.value(QStringLiteral("finding")).toString();
        QVERIFY2(cachedText.contains(QLatin1String("never pruned of expired ones keeps each block"))
                && cachedText.contains(QLatin1String("erase expired entries")),
            qPrintable(cachedText));
    }

    // std::function callbacks kept on an event bus (tests/data/fresh/bus.cpp: a lambda per request,
    // capturing its payload, never unsubscribed): counted by the blocks std::function made for
    // them, at -O1 where _M_create is an inlined frame; not where each is unsubscribed.
    void keptCallbacksAreTold()
    {
        const QString file = testData(QStringLiteral("fresh/heaptrack.bus.zst"));
        const auto run = runCli({ QStringLiteral("diff"), QStringLiteral("--json"), file });
        QCOMPARE(run.exitCode, 0);
        const auto kept = QJsonDocument::fromJson(run.out).object().value(QStringLiteral("kept_callbacks")).toObject();
        QCOMPARE(kept.value(QStringLiteral("callbacks")).toInteger(), 60000);
        const auto makers = kept.value(QStringLiteral("makers")).toArray();
        QCOMPARE(makers.size(), 1);
        QCOMPARE(makers.at(0).toObject().value(QStringLiteral("where")).toString(),
            QStringLiteral("handleRequest(int) (bus.cpp:25)"));
        QVERIFY(kept.value(QStringLiteral("finding")).toString().contains(QLatin1String("unsubscribe")));
        QVERIFY(markdownReport(file).contains("| Kept callbacks | +60,000 std::function callbacks"));
        const auto fixed = runCli({ QStringLiteral("diff"), QStringLiteral("--json"),
            testData(QStringLiteral("fresh/heaptrack.bus-fixed.zst")) });
        QCOMPARE(fixed.exitCode, 0);
        QVERIFY(QJsonDocument::fromJson(fixed.out).object().value(QStringLiteral("kept_callbacks")).isNull());
        QCOMPARE(kept.value(QStringLiteral("kind")).toString(), QStringLiteral("std::function"));

        // Qt's connections the same way (qconn.cpp: a lambda connected per request to a
        // long-lived timer, with no context object); not where each has a context object that
        // goes with the request (qconn-fixed.cpp), nor a GUI's connections made as it sets up
        // (heaptrack_gui's 322, for its style's animations: they rise and hold).
        const auto qt = runCli({ QStringLiteral("diff"), QStringLiteral("--json"),
            testData(QStringLiteral("fresh/heaptrack.qconn.zst")) });
        const auto connections
            = QJsonDocument::fromJson(qt.out).object().value(QStringLiteral("kept_callbacks")).toObject();
        QCOMPARE(connections.value(QStringLiteral("kind")).toString(), QStringLiteral("Qt connection"));
        QCOMPARE(connections.value(QStringLiteral("callbacks")).toInteger(), 50000);
        QVERIFY(connections.value(QStringLiteral("finding")).toString().contains(QLatin1String("context object")));
        for (const QString& quiet : { testData(QStringLiteral("fresh/heaptrack.qconn-fixed.zst")),
                 corpusFile(QStringLiteral("external/heaptrack.heaptrack_gui.99454.zst")) }) {
            const auto run = runCli({ QStringLiteral("diff"), QStringLiteral("--json"), quiet });
            QVERIFY2(QJsonDocument::fromJson(run.out).object().value(QStringLiteral("kept_callbacks")).isNull(),
                qPrintable(quiet));
        }
    }

    // Rust's Rc the same way (tests/data/fresh/rccycle.rs: a session and its connection point at
    // each other through Rc, a cycle counting never frees): told with Weak as the way out; not
    // where the connection's link back is a Weak (rccycle-weak.rs).
    void keptRcObjectsAreTold()
    {
        const QString file = testData(QStringLiteral("fresh/heaptrack.rccycle.zst"));
        const auto run = runCli({ QStringLiteral("diff"), QStringLiteral("--json"), file });
        QCOMPARE(run.exitCode, 0);
        const auto kept = QJsonDocument::fromJson(run.out).object().value(QStringLiteral("kept_shared")).toObject();
        QCOMPARE(kept.value(QStringLiteral("made_by")).toString(), QStringLiteral("Rc::new or Arc::new"));
        QCOMPARE(kept.value(QStringLiteral("objects")).toInteger(), 60000);
        QVERIFY(kept.value(QStringLiteral("finding")).toString().contains(QLatin1String("Rc::downgrade")));
        QVERIFY(kept.value(QStringLiteral("finding")).toString().contains(QLatin1String("upgrade() returns None")));
        QVERIFY(runCli({ QStringLiteral("diff"), file })
                    .out.contains("kept shared objects: +60,000 objects made by Rc::new or Arc::new"));
        const auto weak = runCli({ QStringLiteral("diff"), QStringLiteral("--json"),
            testData(QStringLiteral("fresh/heaptrack.rccycle-weak.zst")) });
        QCOMPARE(weak.exitCode, 0);
        QVERIFY(QJsonDocument::fromJson(weak.out).object().value(QStringLiteral("kept_shared")).isNull());
    }

    // A namedtuple class made per row (tests/data/fresh/rowtypes.py): the classes' finding names
    // the rows, one class each, and kept instances, of rows kept on purpose, is not told beside it.
    void keptClassesTellTheirObjects()
    {
        const QString file = testData(QStringLiteral("fresh/rowtypes.heapline"));
        const auto run = runCli({ QStringLiteral("diff"), QStringLiteral("--json"), file });
        const auto kept = QJsonDocument::fromJson(run.out).object().value(QStringLiteral("kept_classes")).toObject();
        const auto perObject = kept.value(QStringLiteral("per_object")).toObject();
        QCOMPARE(perObject.value(QStringLiteral("type")).toString(), QStringLiteral("Row"));
        QCOMPARE(perObject.value(QStringLiteral("objects")).toInteger(), 16834);
        const QByteArray report = markdownReport(file);
        QVERIFY(report.contains("+16,834 Row objects: a class of its own for each"));
        QVERIFY(!report.contains("| Kept instances |"));
        QVERIFY(
            markdownReport(testData(QStringLiteral("fresh/rowtypes-fixed.heapline"))).contains("| Kept instances |"));
    }

    // A function that appends to its mutable default argument (tests/data/fresh/mutdef.py, recorder
    // 1.5's `o` records) read "collect +43.9 MB, linear: bound the list or cache", and nothing named
    // the list, made once with the def. It is named, with what to do; not where the default is None
    // (mutdef-fixed.py); and a converted recording keeps it.
    void whatKeepsTheGrowthIsNamed()
    {
        const QString file = testData(QStringLiteral("fresh/mutdef.heapline"));
        const auto run = runCli({ QStringLiteral("diff"), QStringLiteral("--json"), file });
        QCOMPARE(run.exitCode, 0);
        const auto kept = QJsonDocument::fromJson(run.out).object().value(QStringLiteral("kept_holders")).toObject();
        const auto holders = kept.value(QStringLiteral("holders")).toArray();
        QCOMPARE(holders.size(), 1);
        const auto seen = holders.at(0).toObject();
        QCOMPARE(seen.value(QStringLiteral("name")).toString(), QStringLiteral("collect() default argument seen"));
        QCOMPARE(seen.value(QStringLiteral("kind")).toString(), QStringLiteral("list"));
        QCOMPARE(seen.value(QStringLiteral("items")).toInteger(), 150000);
        QCOMPARE(seen.value(QStringLiteral("items_grown")).toInteger(), 150000);
        QVERIFY(kept.value(QStringLiteral("finding")).toString().contains(QLatin1String("Default to None")));
        const QString expected = QStringLiteral("collect() default argument seen (a list): +150,000 entries between A "
                                                "and B, 150,000 at B. A default value is made once");
        QVERIFY(QString::fromUtf8(runCli({ QStringLiteral("diff"), file }).out)
                    .contains(QStringLiteral("kept in: ") + expected));
        QVERIFY(QString::fromUtf8(markdownReport(file)).contains(QStringLiteral("| Kept in | ") + expected));

        const auto fixed = runCli({ QStringLiteral("diff"), QStringLiteral("--json"),
            testData(QStringLiteral("fresh/mutdef-fixed.heapline")) });
        QCOMPARE(fixed.exitCode, 0);
        QVERIFY(QJsonDocument::fromJson(fixed.out).object().value(QStringLiteral("kept_holders")).isNull());

        // Where what grew is made (fetch, json's parse) and where it is kept (a dict on an object
        // another object holds) are apart (apart.py): the dict is named by its attribute.
        const auto apart = QJsonDocument::fromJson(runCli({ QStringLiteral("diff"), QStringLiteral("--json"),
                                                              testData(QStringLiteral("fresh/apart.heapline")) })
                                                       .out)
                               .object();
        QCOMPARE(
            apart.value(QStringLiteral("rows")).toArray().first().toObject().value(QStringLiteral("key")).toString(),
            QStringLiteral("fetch"));
        const auto responses = apart.value(QStringLiteral("kept_holders"))
                                   .toObject()
                                   .value(QStringLiteral("holders"))
                                   .toArray()
                                   .first()
                                   .toObject();
        QCOMPARE(responses.value(QStringLiteral("name")).toString(), QStringLiteral("Responses._by_request"));
        QCOMPARE(responses.value(QStringLiteral("kind")).toString(), QStringLiteral("dict of dicts"));
        QCOMPARE(responses.value(QStringLiteral("entries_grown")).toInteger(), 40000);
        QCOMPARE(responses.value(QStringLiteral("items_grown")).toInteger(), 120000);

        QTemporaryDir dir;
        const QString converted = dir.filePath(QStringLiteral("mutdef.heapline"));
        QCOMPARE(runCli({ QStringLiteral("convert"), file, converted }).exitCode, 0);
        QVERIFY(QString::fromUtf8(runCli({ QStringLiteral("diff"), converted }).out).contains(expected));
    }

    // Which containers are told (hand-written `o` records beside a heap that grows linearly, A at
    // the first census): those that grew at every census, a name of the standard library's after
    // the program's; not one that came in at the last of six censuses (a module's tables,
    // imported late), nor one that grew by fewer than 1,000 items. A malformed record is named.
    void keptInNeedsAGrowthOverCensuses()
    {
        QByteArray text = "heapline 1\nproducer hand-written for the tests\ncommand python3 held.py\nunit s\n"
                          "s 1 handle\ns 2 /srv/held.py\ns 3 held\ns 4 history\ns 5 list\n"
                          "s 6 _ssl.err_codes_to_names\ns 7 dict\ns 8 small\ns 9 queue.Queue.queue\n"
                          "s 10 collections.deque\ns 11 dict of lists\nf 1 1 2 3 3\nn 1 0 1\n";
        for (int i = 1; i <= 6; ++i) {
            text += "S " + QByteArray::number(i) + "\nd 1 1000000 1000\n";
            text += "o 4 11 2 200 " + QByteArray::number(i * 2000) + '\n';
            text += "o 9 10 1 " + QByteArray::number(i * 3000) + ' ' + QByteArray::number(i * 3000) + '\n';
            text += "o 8 5 1 " + QByteArray::number(1000 + i * 100) + ' ' + QByteArray::number(1000 + i * 100) + '\n';
            if (i == 6)
                text += "o 6 7 1 1652 1652\n";
            text += "E\n";
        }
        QTemporaryDir dir;
        const QString file = dir.filePath(QStringLiteral("held.heapline"));
        QVERIFY(writeFile(file, text));
        const auto run = runCli(
            { QStringLiteral("diff"), QStringLiteral("--json"), file, QStringLiteral("--from"), QStringLiteral("1s") });
        QVERIFY2(run.exitCode == 0, run.err.constData());
        const auto holders = QJsonDocument::fromJson(run.out)
                                 .object()
                                 .value(QStringLiteral("kept_holders"))
                                 .toObject()
                                 .value(QStringLiteral("holders"))
                                 .toArray();
        QStringList names;
        for (const auto& holder : holders)
            names << holder.toObject().value(QStringLiteral("name")).toString();
        QCOMPARE(names, QStringList({ QStringLiteral("history"), QStringLiteral("queue.Queue.queue") }));
        QVERIFY2(
            run.out.contains("history (2 dicts of lists of that name, one per object): +10,000 items between A and "
                             "B in the lists among its 200 entries. Also queue.Queue.queue (a collections.deque), "
                             "+15,000 items."),
            run.out.constData());
        // One dict under one key (an event bus's handlers by event name): its list named as one.
        QVERIFY(writeFile(file, QByteArray(text).replace("o 4 11 2 200 ", "o 4 11 1 1 ")));
        const auto oneEntry = runCli(
            { QStringLiteral("diff"), QStringLiteral("--json"), file, QStringLiteral("--from"), QStringLiteral("1s") });
        QVERIFY2(oneEntry.out.contains("history (a dict of lists): +10,000 items between A and B in the list under "
                                       "its one entry. Also"),
            oneEntry.out.constData());
        // At the census's cap (slots.py: 50 tracks, each with its list of points; a census names
        // the 16 largest containers): it read "16 lists of that name" and a third of the entries.
        const auto capped = runCli({ QStringLiteral("diff"), testData(QStringLiteral("fresh/slots.heapline")) });
        QVERIFY2(capped.out.contains("kept in: Track.points (the 16 largest lists of that name, one per object: a "
                                     "census names 16 containers at most, so there may be more): +38,400 entries"),
            capped.out.constData());

        QVERIFY(writeFile(file, QByteArray(text).replace("o 6 7 1 1652 1652", "o 6 7 1 1652")));
        const auto bad = runCli({ QStringLiteral("summary"), file });
        QVERIFY2(bad.err.contains("expected \"o NAME KIND CONTAINERS ENTRIES ITEMS\""), bad.err.constData());
    }

    // A functools.cache keyed by a timestamp (tests/data/fresh/memo.py, recorder 1.4's `l` records):
    // the cache is named, unbounded, with its entries and hits; not where it is keyed by the user
    // alone (memo-fixed.py, 500 entries); and a converted recording keeps its caches.
    void keptMemoisedResultsAreTold()
    {
        const QString file = testData(QStringLiteral("fresh/memo.heapline"));
        const auto run = runCli({ QStringLiteral("diff"), QStringLiteral("--json"), file });
        QCOMPARE(run.exitCode, 0);
        const auto kept
            = QJsonDocument::fromJson(run.out).object().value(QStringLiteral("kept_memo_caches")).toObject();
        const auto caches = kept.value(QStringLiteral("caches")).toArray();
        QCOMPARE(caches.size(), 1);
        const auto render = caches.at(0).toObject();
        QCOMPARE(render.value(QStringLiteral("function")).toString(), QStringLiteral("__main__.render"));
        QCOMPARE(render.value(QStringLiteral("entries_grown")).toInteger(), 225324);
        QVERIFY(render.value(QStringLiteral("maxsize")).isNull());
        QCOMPARE(render.value(QStringLiteral("hits")).toInteger(), 0);
        QVERIFY(kept.value(QStringLiteral("finding")).toString().contains(QLatin1String("render.cache_clear()")));
        const auto text = runCli({ QStringLiteral("diff"), file }).out;
        QVERIFY2(text.contains("kept memoised results: render's functools cache (unbounded: functools.cache, or "
                               "lru_cache(maxsize=None)): +225,324 entries between "
                               "A and B, 225,324 at B; 0 hits in 225,324 calls"),
            text.constData());
        QVERIFY(markdownReport(file).contains("| Kept memoised results | render's functools cache"));

        const auto fixed = runCli({ QStringLiteral("diff"), QStringLiteral("--json"),
            testData(QStringLiteral("fresh/memo-fixed.heapline")) });
        QCOMPARE(fixed.exitCode, 0);
        QVERIFY(QJsonDocument::fromJson(fixed.out).object().value(QStringLiteral("kept_memo_caches")).isNull());

        QTemporaryDir dir;
        const QString converted = dir.filePath(QStringLiteral("memo.heapline"));
        QCOMPARE(runCli({ QStringLiteral("convert"), file, converted }).exitCode, 0);
        QVERIFY(runCli({ QStringLiteral("diff"), converted })
                    .out.contains("kept memoised results: render's functools cache (unbounded: functools.cache, or "
                                  "lru_cache(maxsize=None)): +225,324 entries"));
    }

    // An indexer that builds its postings for 85% of its run and flushes them once
    // (tests/data/fresh/flush.cpp): one batch, told as such, where batches built and freed again
    // and again (sawtooth.cpp) keep the batches' hint, and a load drained over the run its own.
    void oneBatchIsToldAsOne()
    {
        const auto once = runCli({ QStringLiteral("diff"), testData(QStringLiteral("fresh/heaptrack.flush.zst")) });
        QCOMPARE(once.exitCode, 0);
        QVERIFY2(once.out.contains("\nspiky: Rose once and fell back: one batch, built up and then freed"),
            once.out.constData());
        QVERIFY2(
            markdownReport(testData(QStringLiteral("fresh/heaptrack.flush.zst"))).contains("> Rose once and fell back"),
            "the report's hint");
        const auto again = runCli({ QStringLiteral("diff"), testData(QStringLiteral("fresh/heaptrack.sawtooth.zst")) });
        QVERIFY2(again.out.contains("\nspiky: Builds batches and frees them") && !again.out.contains("Rose once"),
            again.out.constData());

        // Sessions loaded at start and expired over the run (expire.cpp): no batches, a drain; a
        // teardown at the end (index-teardown, B at the end) is none.
        const QByteArray drained = markdownReport(testData(QStringLiteral("fresh/heaptrack.expire.zst")));
        QVERIFY2(drained.contains("> Rose once, to 54.2 MB, and has given it back a little at a time since, in 19 "
                                  "intervals (13.2 MB still held at B)"),
            drained.constData());
        QVERIFY(!drained.contains("Builds batches"));
        QVERIFY(!markdownReport(testData(QStringLiteral("fresh/massif.out.index-teardown")),
            { QStringLiteral("--to"), QStringLiteral("end") })
                     .contains("a little at a time"));
    }

    // A log shipper that returns on its error path without deflateEnd() (tests/data/fresh/zleak.c):
    // the culprit is its own function, and the diff names the zlib call inside which the blocks
    // were made, under heaptrack and massif alike. A library's constructor or string maker whose
    // results the program keeps in a cache (Qt's QByteArray, GLib's g_strnfill) gets no such note.
    void aLibrarysObjectNeverEndedIsNamed_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("made");
        QTest::addColumn<QString>("release");
        QTest::newRow("heaptrack") << QStringLiteral("fresh/heaptrack.zleak.zst")
                                   << QStringLiteral("kept, +400 blocks (21.4 MB) were made inside libz.so.1 by "
                                                     "deflateInit_, called from ship_batch (zleak.c:15)")
                                   << QStringLiteral(": what deflateInit_ makes stays, with all that hangs off it, "
                                                     "until deflateEnd.");
        QTest::newRow("massif") << QStringLiteral("fresh/massif.out.zleak.zst")
                                << QStringLiteral("kept, 21.7 MB was made inside libz.so.1.2.13 by deflateInit_, "
                                                  "called from ship_batch (zleak.c:15)")
                                << QStringLiteral("until deflateEnd.");
        // A FILE opened per request and never closed (libleak.c): glibc's internal name and the one called.
        QTest::newRow("fopen") << QStringLiteral("fresh/heaptrack.libleak.zst")
                               << QStringLiteral("Of what read_config kept, +1,200 blocks (2.74 MB) were made inside "
                                                 "libc.so.6 by fopen (__fopen_internal), called from read_config "
                                                 "(libleak.c:30), and by fgets (the stream's buffer), called from "
                                                 "read_config (libleak.c:33)")
                               << QStringLiteral("until fclose.");
        // The same, where the stream's buffer is the larger (fopenleak.c: 3.7 MB of 4 kB buffers,
        // 425 kB of FILEs; the note had told the FILEs alone).
        QTest::newRow("fopen-buffer") << QStringLiteral("fresh/heaptrack.fopenleak.zst")
                                      << QStringLiteral("Of what read_limit kept, +1,800 blocks (4.11 MB) were made "
                                                        "inside libc.so.6 by fopen (__fopen_internal), called from "
                                                        "read_limit (fopenleak.c:5), and by fgets (the stream's "
                                                        "buffer), called from read_limit (fopenleak.c:8)")
                                      << QStringLiteral(": what fopen makes stays, with all that hangs off it, until "
                                                        "fclose.");
        // A directory left open on an early return (dirleak.c): opendir's tail call stands in its place.
        QTest::newRow("opendir") << QStringLiteral("fresh/heaptrack.dirleak.zst")
                                 << QStringLiteral("kept, +800 blocks (26.3 MB) were made inside "
                                                   "libc.so.6 by opendir (opendir_tail), called from count_jobs "
                                                   "(dirleak.c:5)")
                                 << QStringLiteral(": what opendir makes stays, with all that hangs off it, until "
                                                   "closedir.");
        // A thread per connection, never joined nor detached (nojoin.c): glibc's versioned symbol.
        QTest::newRow("pthread") << QStringLiteral("fresh/heaptrack.nojoin.zst")
                                 << QStringLiteral("were made inside libc.so.6 by pthread_create "
                                                   "(__pthread_create_2_1), called from main (nojoin.c:21)")
                                 << QStringLiteral("until pthread_join or pthread_detach.");
        // A compiled pattern never freed on the path that did not match (rx.c): a maker named by
        // neither init, new, create nor open, and the matching states regexec caches in it.
        QTest::newRow("regexec") << QStringLiteral("fresh/heaptrack.rx.zst")
                                 << QStringLiteral("kept, +834,000 blocks (98.9 MB) were made inside libc.so.6 by "
                                                   "regexec (__GI___regexec), called from matches (rx.c:15), and by "
                                                   "regcomp (__GI___regcomp), called from matches (rx.c:11)")
                                 << QStringLiteral(": what regexec and regcomp make stays, with all that hangs off it, "
                                                   "until regfree.");
        // The same under massif, which names no module (libcleak.c, glibc's debug information
        // installed): regcomp's own functions (analyze, init_dfa, create_cd_newstate) were the
        // culprits by function, and no note named regcomp.
        QTest::newRow("regcomp-massif") << QStringLiteral("fresh/massif.out.libcleak.zst")
                                        << QStringLiteral("Of what compile_filter kept, 4.83 MB was made by regcomp, "
                                                          "called from compile_filter (libcleak.c:24)")
                                        << QStringLiteral(": what regcomp makes stays, with all that hangs off it, "
                                                          "until regfree.");
        // An error logger's backtraces, never freed (cfree.c): an array made to be printed and freed.
        QTest::newRow("backtrace") << QStringLiteral("fresh/heaptrack.cfree.zst")
                                   << QStringLiteral("Of what logError kept, +10,000 blocks (4.13 MB) were made inside "
                                                     "libc.so.6 by backtrace_symbols (__backtrace_symbols), called "
                                                     "from logError (cfree.c:14)")
                                   << QStringLiteral("until free (one call frees the whole array).");
        // A variable set to a new value per request (envreq.c): no call ends what setenv made,
        // its string and its search tree's node, told together.
        QTest::newRow("setenv") << QStringLiteral("fresh/heaptrack.envreq.zst")
                                << QStringLiteral("were made inside libc.so.6 by setenv (__add_to_environ), called "
                                                  "from handle (envreq.c:13): glibc keeps every \"NAME=value\" string")
                                << QStringLiteral("Set it once");
        // A symbol table interning every name in an obstack (obs.c): the chunks' maker has no
        // matching call of its own; what frees an obstack's objects is said.
        QTest::newRow("obstack") << QStringLiteral("fresh/heaptrack.obs.zst")
                                 << QStringLiteral(
                                        "were made inside libc.so.6 by obstack_newchunk (__GI__obstack_newchunk), "
                                        "called from intern (obs.c:15): an obstack keeps every object")
                                 << QStringLiteral("Free back to a mark once a request or batch is done");
    }
    void aLibrarysObjectNeverEndedIsNamed()
    {
        QFETCH(QString, file);
        QFETCH(QString, made);
        QFETCH(QString, release);
        // By callsite, fopen's is the second row, and a row is one callsite where the note adds up
        // a call's several (the stream's buffer, regcomp's pattern); by module, libc's (with
        // cfree.c's realpath and asprintf beside its backtraces).
        const bool oneGrouping = QByteArray(QTest::currentDataTag()).startsWith("fopen")
            || QByteArray(QTest::currentDataTag()) == "regexec"
            || QByteArray(QTest::currentDataTag()) == "regcomp-massif"
            || QByteArray(QTest::currentDataTag()) == "backtrace";
        // What no call ends (setenv's strings, an obstack's objects) gets no "check every path".
        const bool keptForGood
            = release == QLatin1String("Set it once") || release.startsWith(QLatin1String("Free back"));
        for (const char* grouping : { "function", "callsite", "module" }) {
            if (oneGrouping && grouping != std::string_view("function"))
                continue;
            const auto run = runCli(
                { QStringLiteral("diff"), testData(file), QStringLiteral("--by"), QString::fromLatin1(grouping) });
            QCOMPARE(run.exitCode, 0);
            QVERIFY2(run.out.contains(made.toUtf8()) && run.out.contains(release.toUtf8())
                    && run.out.contains("Check that every path makes that call") != keptForGood,
                run.out.constData());
        }
        if (QByteArray(QTest::currentDataTag()) == "setenv")
            QVERIFY(runCli({ QStringLiteral("diff"), testData(file) })
                        .out.contains("kept, +600,000 blocks (25.5 MB) were made inside libc.so.6 by setenv"));
        // The leak report carries it among its notes.
        const auto report = runCli({ QStringLiteral("report"), testData(file), QStringLiteral("--format"),
            QStringLiteral("json"), QStringLiteral("-o"), QStringLiteral("-") });
        QCOMPARE(report.exitCode, 0);
        const auto notes = QJsonDocument::fromJson(report.out).object().value(QStringLiteral("notes")).toArray();
        QVERIFY2(
            !notes.isEmpty() && notes.last().toString().contains(made) && notes.last().toString().contains(release),
            report.out.constData());
        for (const char* kept : { "fresh/heaptrack.qtsvc.zst", "fresh/heaptrack.gcache.zst" }) {
            const auto run = runCli({ QStringLiteral("diff"), testData(QString::fromLatin1(kept)) });
            QCOMPARE(run.exitCode, 0);
            QVERIFY2(!run.out.contains(" made inside "), run.out.constData());
        }
    }

    // Kept exceptions (tests/data/fresh/errors.py): told from the census in the diff, its JSON
    // and the reports; not where the exceptions are kept without their tracebacks.
    void keptExceptionsAreTold()
    {
        const QString file = testData(QStringLiteral("fresh/errors.heapline"));
        const auto run = runCli({ QStringLiteral("diff"), QStringLiteral("--json"), file });
        QCOMPARE(run.exitCode, 0);
        const auto kept = QJsonDocument::fromJson(run.out).object().value(QStringLiteral("kept_exceptions")).toObject();
        QCOMPARE(kept.value(QStringLiteral("tracebacks")).toInteger(), 8000);
        QCOMPARE(kept.value(QStringLiteral("frames")).toInteger(), 4006);
        QCOMPARE(kept.value(QStringLiteral("exception_type")).toString(), QStringLiteral("__main__.ParseError"));
        QCOMPARE(kept.value(QStringLiteral("exceptions")).toInteger(), 4000);
        QVERIFY(runCli({ QStringLiteral("diff"), file }).out.contains("kept exceptions: +8,000 tracebacks"));
        QVERIFY(
            markdownReport(file).contains("| Kept exceptions | +8,000 tracebacks and +4,006 frames between A and B"));

        const auto fixed = runCli({ QStringLiteral("diff"), QStringLiteral("--json"),
            testData(QStringLiteral("fresh/errors-fixed.heapline")) });
        QCOMPARE(fixed.exitCode, 0);
        QVERIFY(QJsonDocument::fromJson(fixed.out).object().value(QStringLiteral("kept_exceptions")).isNull());

        // The fixed run against the one before the fix: the largest drop leads (it had come after
        // work's -524 kB, rows that did not grow being ranked by their Δ, largest first).
        const auto compared = runCli({ QStringLiteral("diff"), QStringLiteral("--json"),
            testData(QStringLiteral("fresh/errors-fixed.heapline")), QStringLiteral("--base"), file });
        QCOMPARE(compared.exitCode, 0);
        const auto rows = QJsonDocument::fromJson(compared.out).object().value(QStringLiteral("rows")).toArray();
        QVERIFY(rows.size() >= 2);
        QCOMPARE(rows[0].toObject().value(QStringLiteral("key")).toString(), QStringLiteral("parse"));
        QVERIFY(rows[0].toObject().value(QStringLiteral("delta_bytes")).toInteger() < -70'000'000);
        // Its class is this run's shape, said as such: not the 78 MB fall from the base read as batches.
        const auto text = runCli({ QStringLiteral("diff"), testData(QStringLiteral("fresh/errors-fixed.heapline")),
            QStringLiteral("--base"), file });
        QVERIFY2(text.out.contains("\nthis run, from its start to B, spiky: "), text.out.constData());
    }

    // Two unrelated programs (a request log as the base, a batch job): every row of the base is
    // gone in the other, and most of them tie in the ranking (nothing at A, nothing at B). Their
    // order came from a hash map whose seed changes from process to process: three runs, three
    // orders. The same output every time.
    void twoFileDiffIsTheSameEveryRun()
    {
        const QStringList args { QStringLiteral("diff"), QStringLiteral("--json"), QStringLiteral("--by"),
            QStringLiteral("callsite"), QStringLiteral("--top"), QStringLiteral("1000"), QStringLiteral("--base"),
            testData(QStringLiteral("fresh/heaptrack.requestlog.zst")),
            testData(QStringLiteral("fresh/heaptrack.batch.zst")) };
        const auto first = runCli(args);
        QCOMPARE(first.exitCode, 0);
        QVERIFY(QJsonDocument::fromJson(first.out).object().value(QStringLiteral("rows")).toArray().size() > 10);
        for (int run = 0; run < 3; ++run)
            QCOMPARE(runCli(args).out, first.out);
    }

    void textSummary()
    {
        const auto run = runCli({ QStringLiteral("summary"), corpusFile(QStringLiteral("recorded/heaptrack.phases.zst")) });
        QCOMPARE(run.exitCode, 0);
        QVERIFY(run.out.contains("Peak heap    17.6 MB (17,640,666 B)"));
        QVERIFY(run.out.contains("Allocations  124,296 (0 temporary), 124,295 frees"));
        QVERIFY(run.err.isEmpty());
        // A snapshot format knows its highs between snapshots, not their instant.
        const auto snapshots = runCli({ QStringLiteral("summary"), testData(QStringLiteral("fresh/events.heapline")) });
        QVERIFY2(snapshots.out.contains("Peak heap    18.9 MB (18,875,529 B) between 0.495 s and 1.000 s"),
            snapshots.out.constData());
    }

    // A sampled recording's rows of a sample or two are marked, and the legend says what the mark
    // means (tests/data/fresh/README.md, sessions.heapline); an exact profile's legend has no such mark.
    void diffMarksRowsOfTooFewSamples()
    {
        const auto sampled = runCli({ QStringLiteral("diff"), testData(QStringLiteral("fresh/sessions.heapline")) });
        QCOMPARE(sampled.exitCode, 0);
        QVERIFY2(sampled.out.contains("? a shape from too few samples to tell"), sampled.out.constData());
        QVERIFY2(sampled.out.contains("stepwise   ? handle\n"), sampled.out.constData());
        QVERIFY2(sampled.out.contains("linear     ! Session.__init__\n"), sampled.out.constData());
        const auto exact
            = runCli({ QStringLiteral("diff"), corpusFile(QStringLiteral("recorded/heaptrack.phases.zst")) });
        QCOMPARE(exact.exitCode, 0);
        QVERIFY(!exact.out.contains("too few samples"));
    }

    // A fresh job runner (tests/data/fresh/jobs.py) keeps 3.4 MB of failed jobs' rows: at the
    // default sample, about four samples. The total read "spiky: Builds batches and frees them",
    // a hint the table's '?' said nothing could be told from, and nothing said how to tell;
    // recorded again at the interval now given, parse is "linear !" (+3.61 MB, exact: 3.35 MB).
    // Where the heap kept nothing (pool.heapline: RSS is the story), no such advice.
    void diffSaysHowToSampleFinelyEnoughToTell()
    {
        const auto few = runCli({ QStringLiteral("diff"), testData(QStringLiteral("fresh/jobs.heapline")) });
        QCOMPARE(few.exitCode, 0);
        QVERIFY2(few.out.contains(
                     "\nspiky: Its rise and fall rest on about 9 samples, what it kept at B on about 4 samples: "
                     "too few to tell whether that stays.\n"),
            few.out.constData());
        // Snapshots count no allocation: the column says so rather than "0".
        QVERIFY2(few.out.contains("+20,873           -  spiky      ? parse\n"), few.out.constData());
        QVERIFY2(few.out.contains(
                     "heapline-cli record --sample-interval 65536 (about 72 samples of this growth), or --exact"),
            few.out.constData());
        const auto report = runCli({ QStringLiteral("report"), QStringLiteral("--format"), QStringLiteral("md"),
            QStringLiteral("-o"), QStringLiteral("-"), testData(QStringLiteral("fresh/jobs.heapline")) });
        QVERIFY2(report.out.contains("> Record again with a finer sample to tell"), report.out.constData());
        const auto native = runCli({ QStringLiteral("diff"), testData(QStringLiteral("fresh/pool.heapline")) });
        QCOMPARE(native.exitCode, 0);
        QVERIFY2(!native.out.contains("Record again"), native.out.constData());
        const auto exact
            = runCli({ QStringLiteral("diff"), corpusFile(QStringLiteral("recorded/heaptrack.phases.zst")) });
        QVERIFY(!exact.out.contains("Record again"));
    }

    // A fresh service (tests/data/fresh/sqlsvc.py) logs into an in-memory SQLite table, which the
    // recorder does not see, beside a bounded LRU: sampled finely, its heap is a plateau (it read
    // "linear", leak-like, on its estimates' noise); at either sample RSS's growth after the heap
    // stood at its highest is told as native (it was "retained by the allocator" or nothing).
    void nativeGrowthBesideASampledPlateau_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("totalClass");
        QTest::addColumn<qint64>("afterHighAtLeast");
        QTest::newRow("64 kB") << "fresh/sqlsvc-64k.heapline"
                               << "plateau" << qint64(7'000'000);
        QTest::newRow("512 kB") << "fresh/sqlsvc.heapline"
                                << "spiky" << qint64(4'000'000);
    }

    void nativeGrowthBesideASampledPlateau()
    {
        QFETCH(QString, file);
        QFETCH(QString, totalClass);
        QFETCH(qint64, afterHighAtLeast);
        const auto run = runCli({ QStringLiteral("diff"), QStringLiteral("--json"), testData(file),
            QStringLiteral("--by"), QStringLiteral("callsite") });
        QVERIFY2(run.exitCode == 0, run.err.constData());
        const auto json = QJsonDocument::fromJson(run.out).object();
        const auto total = json.value(QLatin1String("total")).toObject();
        QCOMPARE(total.value(QLatin1String("class")).toString(), totalClass);
        QVERIFY(!total.value(QLatin1String("leak_like")).toBool());
        for (const auto& row : json.value(QLatin1String("rows")).toArray()) {
            const auto object = row.toObject();
            QVERIFY2(!object.value(QLatin1String("leak_like")).toBool(),
                qPrintable(object.value(QLatin1String("key")).toString()));
        }
        const auto native = json.value(QLatin1String("native")).toObject();
        QCOMPARE(native.value(QLatin1String("class")).toString(), QStringLiteral("native"));
        const auto evidence = native.value(QLatin1String("evidence")).toObject();
        QVERIFY(evidence.value(QLatin1String("rss_growth_bytes")).toInteger() > 12'000'000);
        QVERIFY(evidence.value(QLatin1String("rss_after_heap_high_bytes")).toInteger() >= afterHighAtLeast);
        QVERIFY(json.value(QLatin1String("retained")).isNull());
        const auto text = runCli({ QStringLiteral("diff"), testData(file) });
        QVERIFY2(text.out.contains("of it after the heap stood at its highest"), text.out.constData());
    }

    // Caches whose entries turn over, sampled at the default 512 KiB: their estimates are drawn
    // afresh at each snapshot. A fresh lru_cache of 2 000 pages (tests/data/fresh/lrupages.py):
    // its 7.4 MB swung 4.3-11.6 MB, and the heap read "stepwise !" from the swings' rises. A page
    // cache of 16 000 entries of 1 kB (pagecache.py): its estimates swung 15.6-27.6 MB, and the
    // heap and the row read "linear !" in 5 recordings of 6 (three of them here).
    void aTurningOverCacheReadsAsALevel_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("firstRow");
        QTest::newRow("lru_cache, stepwise") << QStringLiteral("fresh/lrupages.heapline") << QStringLiteral("page");
        for (const char* file : { "pagecache-1", "pagecache-2", "pagecache-3" })
            QTest::newRow(file) << QStringLiteral("fresh/%1.heapline").arg(QLatin1String(file))
                                << QStringLiteral("render");
    }
    void aTurningOverCacheReadsAsALevel()
    {
        QFETCH(QString, file);
        QFETCH(QString, firstRow);
        const auto run = runCli({ QStringLiteral("diff"), QStringLiteral("--json"), testData(file) });
        QVERIFY2(run.exitCode == 0, run.err.constData());
        const auto json = QJsonDocument::fromJson(run.out).object();
        const auto total = json.value(QLatin1String("total")).toObject();
        QCOMPARE(total.value(QLatin1String("class")).toString(), QStringLiteral("plateau"));
        QVERIFY(!total.value(QLatin1String("leak_like")).toBool());
        const auto rows = json.value(QLatin1String("rows")).toArray();
        QCOMPARE(rows.first().toObject().value(QLatin1String("key")).toString(), firstRow);
        for (const auto& row : rows)
            QVERIFY2(!row.toObject().value(QLatin1String("leak_like")).toBool(),
                qPrintable(row.toObject().value(QLatin1String("key")).toString()));
    }

    // A leak beside such a cache, in one handler (cacheandleak.py: a 1 kB record of every tenth
    // request kept, 34 MB, beside a 10 MB cache that turns over): by callsite, the leak's line
    // stays a climb, and the cache's line is no leak.
    void aLeakBesideATurningOverCacheStillClimbs()
    {
        const auto run = runCli({ QStringLiteral("diff"), QStringLiteral("--json"), QStringLiteral("--by"),
            QStringLiteral("callsite"), testData(QStringLiteral("fresh/cacheandleak.heapline")) });
        QVERIFY2(run.exitCode == 0, run.err.constData());
        const auto rows = QJsonDocument::fromJson(run.out).object().value(QLatin1String("rows")).toArray();
        QVERIFY(rows.size() >= 2);
        const auto leak = rows.at(0).toObject(), cache = rows.at(1).toObject();
        QVERIFY2(leak.value(QLatin1String("key")).toString().startsWith(QLatin1String("handle (cacheandleak.py:8)")),
            qPrintable(leak.value(QLatin1String("key")).toString()));
        QCOMPARE(leak.value(QLatin1String("class")).toString(), QStringLiteral("linear"));
        QVERIFY(leak.value(QLatin1String("leak_like")).toBool());
        QVERIFY2(cache.value(QLatin1String("key")).toString().startsWith(QLatin1String("handle (cacheandleak.py:6)")),
            qPrintable(cache.value(QLatin1String("key")).toString()));
        QVERIFY(!cache.value(QLatin1String("leak_like")).toBool());
    }

    // A 3.1 MB list of records beside a 10 MB cache that turns over, in one handler, sampled at
    // 512 KiB (tests/data/fresh/recordsbesidecache.py): in one recording of four the heap read
    // "plateau" and nothing was told, while the census counted the list exactly, still growing.
    // Not a deque at its maxlen beside the same kind of level (recentdeque.py), nor a cache that
    // filled over five censuses in the first 2.5 s of 6 and then held (warmcache.py).
    void aContainerStillGrowingBesideASampledLevelIsTold()
    {
        const auto told = runCli({ QStringLiteral("diff"), QStringLiteral("--json"),
            testData(QStringLiteral("fresh/recordsbesidecache.heapline")) });
        QVERIFY2(told.exitCode == 0, told.err.constData());
        const auto json = QJsonDocument::fromJson(told.out).object();
        QCOMPARE(json.value(QLatin1String("total")).toObject().value(QLatin1String("class")).toString(),
            QStringLiteral("plateau"));
        const auto holders = json.value(QLatin1String("kept_holders")).toObject();
        QCOMPARE(holders.value(QLatin1String("holders"))
                     .toArray()
                     .first()
                     .toObject()
                     .value(QLatin1String("name"))
                     .toString(),
            QStringLiteral("kept"));
        QVERIFY2(holders.value(QLatin1String("finding"))
                     .toString()
                     .contains(QLatin1String("growing as a leak grows, where the heap's sampled estimate")),
            qPrintable(holders.value(QLatin1String("finding")).toString()));
        for (const char* file : { "fresh/recentdeque.heapline", "fresh/warmcache.heapline" }) {
            const auto bounded
                = runCli({ QStringLiteral("diff"), QStringLiteral("--json"), testData(QLatin1String(file)) });
            QVERIFY2(bounded.exitCode == 0, bounded.err.constData());
            const auto boundedJson = QJsonDocument::fromJson(bounded.out).object();
            QCOMPARE(boundedJson.value(QLatin1String("total")).toObject().value(QLatin1String("class")).toString(),
                QStringLiteral("plateau"));
            QVERIFY2(boundedJson.value(QLatin1String("kept_holders")).isNull(), file);
        }
    }

    // A fresh collector (tests/data/fresh/collector.py, sampled at 128 kB): a thread appends
    // samples to a list while the main thread runs batches of 4 MB in a loop. Every snapshot
    // caught a batch in flight (3.2-5.8 MB, highs 6.7-7.3 MB), the late ones a few tenths of a
    // second apart; the loop's end freed the last batch (5.8 -> 1.2 MB) and "auto" took that for
    // a teardown: B before it, and "<module> +5.68 MB stepwise !" the first suspect.
    void aLoopsLastBatchIsNoTeardown()
    {
        const auto run = runCli({ QStringLiteral("diff"), QStringLiteral("--json"),
            testData(QStringLiteral("fresh/collector-128k.heapline")) });
        QVERIFY2(run.exitCode == 0, run.err.constData());
        const auto json = QJsonDocument::fromJson(run.out).object();
        const auto to = json.value(QLatin1String("to")).toObject();
        QCOMPARE(to.value(QLatin1String("checkpoint")).toInt(), 27);
        QCOMPARE(to.value(QLatin1String("reason")).toString(), QStringLiteral("the end: the run does not tear down"));
        for (const auto& row : json.value(QLatin1String("rows")).toArray()) {
            const auto object = row.toObject();
            QVERIFY2(!object.value(QLatin1String("leak_like")).toBool(),
                qPrintable(object.value(QLatin1String("key")).toString()));
            if (object.value(QLatin1String("key")).toString() == QLatin1String("<module>"))
                QCOMPARE(object.value(QLatin1String("class")).toString(), QStringLiteral("spiky"));
        }
    }

    // Batches recorded exactly (tests/data/python/batch_tuples.py, on a loaded machine): the first
    // batch took RSS up by 4 MB beside the heap's 1.8, and RSS then wavered by 3 MB (21.1-24.4 MB)
    // while the heap's highest came in the third batch. Measured from RSS where the heap stood at
    // its highest (21.1-22.6 MB), RSS "went on growing" by 1.8 MB: native, falsely. From RSS's
    // highest until then (23.2 MB) it grew by 1.2 MB, under a quarter of its growth: the
    // allocator's, as before.
    // The same batches on an idle machine (batch_tuples-fragmented-rss.heapline), one run in five:
    // the heap's highest came in the first batch (2.02 MB) and RSS gained 1.07 MB more as later
    // batches of the same size found the allocator's pages fragmented: "native", falsely. Where
    // the heap ran batches its highest is the last batch that came near it.
    void batchesWithWaveringRssAreNotNative_data()
    {
        QTest::addColumn<QString>("file");
        QTest::newRow("wavering") << QStringLiteral("fresh/batch_tuples-wavering-rss.heapline");
        QTest::newRow("fragmented") << QStringLiteral("fresh/batch_tuples-fragmented-rss.heapline");
    }

    void batchesWithWaveringRssAreNotNative()
    {
        QFETCH(QString, file);
        const auto run
            = runCli({ QStringLiteral("diff"), QStringLiteral("--json"), testData(file), QStringLiteral("--from"),
                QStringLiteral("mark:batches"), QStringLiteral("--to"), QStringLiteral("mark:done") });
        QVERIFY2(run.exitCode == 0, run.err.constData());
        const auto json = QJsonDocument::fromJson(run.out).object();
        QVERIFY2(json.value(QLatin1String("native")).isNull(), run.out.constData());
        QVERIFY(json.value(QLatin1String("retained")).isObject());
    }

    // Snapshots that caught a batch now and then on top of a floor that climbs read level in the
    // window's last part; the batches' highs between them did not (tests/data/fresh/README.md).
    void batchesOnAClimbingFloorAreNoPlateau()
    {
        const auto run = runCli({ QStringLiteral("diff"), QStringLiteral("--json"), QStringLiteral("--by"),
            QStringLiteral("function"), testData(QStringLiteral("fresh/kept_from_batches-exact.heapline")) });
        QVERIFY2(run.exitCode == 0, run.err.constData());
        const auto json = QJsonDocument::fromJson(run.out).object();
        const auto rows = json.value(QLatin1String("rows")).toArray();
        QVERIFY(!rows.isEmpty());
        const auto first = rows.first().toObject();
        QCOMPARE(first.value(QLatin1String("key")).toString(), QStringLiteral("<module>"));
        QCOMPARE(first.value(QLatin1String("class")).toString(), QStringLiteral("linear"));
        QCOMPARE(json.value(QLatin1String("total")).toObject().value(QLatin1String("class")).toString(),
            QStringLiteral("linear"));
    }

    // A Go program's recording has no closing timestamp, whether it ended or not (its runtime ends
    // the process without the C library's exit handlers): it was told "probably killed (for example
    // by the OOM killer)" and cut off, of gocgo2.go, which ran to its end. A C program's still is.
    void aGoProgramsEndIsNoCut()
    {
        const auto go = QJsonDocument::fromJson(runCli({ QStringLiteral("summary"), QStringLiteral("--json"),
                                                           testData(QStringLiteral("fresh/heaptrack.gocgo2.zst")) })
                                                    .out)
                            .object();
        QVERIFY(!go.value(QLatin1String("truncated")).toBool());
        const QString warning = go.value(QLatin1String("warnings")).toArray().first().toString();
        QVERIFY2(warning.contains(QLatin1String("as every recording of a Go program does")), qPrintable(warning));
        QVERIFY2(!warning.contains(QLatin1String("OOM")), qPrintable(warning));
        const auto killed
            = QJsonDocument::fromJson(runCli({ QStringLiteral("summary"), QStringLiteral("--json"),
                                                 corpusFile(QStringLiteral("recorded/heaptrack.phases-killed.zst")) })
                                          .out)
                  .object();
        QVERIFY(killed.value(QLatin1String("truncated")).toBool());
        // Go's runtime is not the program's code: a new thread's TLS, asked of C by the runtime,
        // read as the one suspect "_cgo_try_pthread_create"; the program's own C (scratch) is a row.
        QStringList keys;
        const auto rows = QJsonDocument::fromJson(runCli({ QStringLiteral("diff"), QStringLiteral("--json"),
                                                             testData(QStringLiteral("fresh/heaptrack.gocgo2.zst")),
                                                             QStringLiteral("--top"), QStringLiteral("0") })
                                                      .out)
                              .object()
                              .value(QLatin1String("rows"))
                              .toArray();
        for (const auto& row : rows)
            keys << row.toObject().value(QLatin1String("key")).toString();
        QVERIFY2(keys.contains(QStringLiteral("scratch")), qPrintable(keys.join(u',')));
        QVERIFY2(!keys.contains(QStringLiteral("_cgo_try_pthread_create")), qPrintable(keys.join(u',')));
    }

    void badUsageAndInputExitTwo_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("expected");
        QTest::newRow("no command") << QStringList {} << "no command given";
        QTest::newRow("unknown command") << QStringList { "frobnicate" } << "unknown command";
        QTest::newRow("no file") << QStringList { "summary" } << "no FILE";
        QTest::newRow("two files") << QStringList { "summary", "a", "b" } << "more than one FILE";
        QTest::newRow("unknown option") << QStringList { "summary", "--jsn", "a" } << "unknown option --jsn";
        QTest::newRow("missing file") << QStringList { "summary", "/nonexistent/heaptrack.zst" }
                                      << "/nonexistent/heaptrack.zst: cannot open: No such file or directory";
        // A PDF is the GUI's: the message says where to get one.
        QTest::newRow("report to a .pdf") << QStringList { "report", "a", "-o", "/tmp/Report.PDF" }
                                          << "give --format html|md|json|csv (a PDF is written by the GUI";
        QTest::newRow("report --format pdf")
            << QStringList { "report", "a", "--format", "pdf", "-o", "r" } << "--print-to-pdf=report.pdf report.html";
        QTest::newRow("report to an .odt")
            << QStringList { "report", "a", "-o", "r.odt" } << "give --format html|md|json|csv\n";
    }

    void badUsageAndInputExitTwo()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, expected);
        const auto run = runCli(args);
        QCOMPARE(run.exitCode, 2);
        QVERIFY2(QString::fromUtf8(run.err).contains(expected), run.err.constData());
        QVERIFY(run.out.isEmpty());
    }

    void unreadableInputIsOneLine()
    {
        QTemporaryDir dir;
        const auto path = dir.filePath(QStringLiteral("empty.zst"));
        QVERIFY(writeFile(path, QByteArray()));
        const auto run = runCli({ QStringLiteral("summary"), QStringLiteral("--json"), path });
        QCOMPARE(run.exitCode, 2);
        QCOMPARE(run.err.count('\n'), 1);
        QVERIFY(run.err.startsWith("heapline-cli: " + path.toUtf8() + ": the file is empty"));
    }
};

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
