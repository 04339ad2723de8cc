// heapline-cli as a user runs it: output, JSON keys, exit statuses and error lines.

#include "TestSupport.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace heapline::test;

Q_DECLARE_METATYPE(heapline::test::HeaptrackOracle)

namespace {

struct Run {
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

Run cli(const QStringList& args)
{
    QProcess process;
    process.start(QStringLiteral(HEAPLINE_CLI), args);
    if (!process.waitForFinished(120000))
        qFatal("heapline-cli did not finish");
    return { process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1, process.readAllStandardOutput(),
             process.readAllStandardError() };
}

QJsonObject summaryJson(const QString& path)
{
    const auto run = cli({ QStringLiteral("summary"), QStringLiteral("--json"), path });
    if (run.exitCode != 0)
        qWarning("%s", run.err.constData());
    QJsonParseError error;
    const auto doc = QJsonDocument::fromJson(run.out, &error);
    if (error.error != QJsonParseError::NoError)
        qWarning("not JSON: %s", qPrintable(error.errorString()));
    return doc.object();
}

} // namespace

class TestCli : public QObject {
    Q_OBJECT

private slots:
    void summaryJsonMatchesOracle_data()
    {
        QTest::addColumn<HeaptrackOracle>("oracle");
        for (const auto& row : heaptrackOracle())
            QTest::newRow(qPrintable(row.file)) << row;
    }

    void summaryJsonMatchesOracle()
    {
        QFETCH(HeaptrackOracle, oracle);
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

    void summaryJsonHasEveryKey()
    {
        const auto json = summaryJson(testData(QStringLiteral("heaptrack.tiny.txt")));
        const QStringList keys = { "format", "format_version", "command", "time_unit", "duration", "allocations",
                                   "temporary_allocations", "frees", "peak_heap_bytes", "peak_time", "peak_rss_bytes",
                                   "leaked_bytes", "callsites", "checkpoints", "warnings" };
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

    void warningsReachTheJson()
    {
        const auto json = summaryJson(corpusFile(QStringLiteral("recorded/heaptrack.phases-cut.zst")));
        const auto warnings = json.value(QLatin1String("warnings")).toArray();
        QCOMPARE(warnings.size(), 1);
        QVERIFY(warnings.at(0).toString().contains(QLatin1String("cut off")));
        QCOMPARE(json.value(QLatin1String("truncated")).toBool(), true);
    }

    void textSummary()
    {
        const auto run = cli({ QStringLiteral("summary"), corpusFile(QStringLiteral("recorded/heaptrack.phases.zst")) });
        QCOMPARE(run.exitCode, 0);
        QVERIFY(run.out.contains("Peak heap    17.6 MB (17,640,666 B)"));
        QVERIFY(run.out.contains("Allocations  124,296 (0 temporary), 124,295 frees"));
        QVERIFY(run.err.isEmpty());
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
    }

    void badUsageAndInputExitTwo()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, expected);
        const auto run = cli(args);
        QCOMPARE(run.exitCode, 2);
        QVERIFY2(QString::fromUtf8(run.err).contains(expected), run.err.constData());
        QVERIFY(run.out.isEmpty());
    }

    void unreadableInputIsOneLine()
    {
        QTemporaryDir dir;
        const auto path = dir.filePath(QStringLiteral("empty.zst"));
        QVERIFY(writeFile(path, QByteArray()));
        const auto run = cli({ QStringLiteral("summary"), QStringLiteral("--json"), path });
        QCOMPARE(run.exitCode, 2);
        QCOMPARE(run.err.count('\n'), 1);
        QVERIFY(run.err.startsWith("heapline-cli: " + path.toUtf8() + ": the file is empty"));
    }
};

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
