// The leak report as a reader gets it: `heapline-cli report` on real recordings, in every form,
// with the JSON checked against its schema, the CSV read back, the budgets' exit statuses, and
// hostile symbol names shown as text.

#include "TestSupport.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <atomic>
#include <chrono>
#include <fcntl.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

extern char** environ;

using namespace heapline::test;

namespace {

ProcessRun report(const QStringList& args)
{
    return runCli(QStringList{ QStringLiteral("report") } + args);
}

QString phases()
{
    return corpusFile(QStringLiteral("recorded/heaptrack.phases.zst"));
}

// RFC 4180, as a spreadsheet reads it.
QList<QStringList> parseCsv(const QString& text)
{
    QList<QStringList> rows;
    QStringList row;
    QString field;
    bool quoted = false;
    for (int i = 0; i < text.size(); ++i) {
        const QChar c = text[i];
        if (quoted) {
            if (c == QLatin1Char('"') && i + 1 < text.size() && text[i + 1] == QLatin1Char('"')) {
                field += c;
                ++i;
            } else if (c == QLatin1Char('"')) {
                quoted = false;
            } else {
                field += c;
            }
        } else if (c == QLatin1Char('"')) {
            quoted = true;
        } else if (c == QLatin1Char(',')) {
            row << field;
            field.clear();
        } else if (c == QLatin1Char('\n')) {
            row << field;
            field.clear();
            rows << row;
            row.clear();
        } else if (c != QLatin1Char('\r')) {
            field += c;
        }
    }
    return rows;
}

// heaptrack.tiny.txt with its function and file names replaced by hostile ones.
QByteArray hostileProfile()
{
    QByteArray text = readFile(testData(QStringLiteral("heaptrack.tiny.txt")));
    const auto replaceString = [&](const QByteArray& from, const QByteArray& to) {
        const QByteArray old = "s " + QByteArray::number(from.size(), 16) + ' ' + from + '\n';
        QVERIFY2(text.contains(old), old.constData());
        text.replace(old, "s " + QByteArray::number(to.size(), 16) + ' ' + to + '\n');
    };
    replaceString("main", "<script>alert(\"x\")</script>");
    replaceString("main.cc", "a|b`c'd\"e<img src=x onerror=alert(1)>.cc");
    replaceString("_Z6helperi", "bad\xff\xfeutf8 " + QByteArray(20000, 'L'));
    return text;
}

// heapline-cli ARGS, its output thrown away; the most memory it held (VmHWM), in kB, or -1.
long cliPeakKilobytes(const QStringList& args)
{
    std::vector<QByteArray> bytes { QByteArrayLiteral(HEAPLINE_CLI) };
    for (const QString& arg : args)
        bytes.push_back(arg.toLocal8Bit());
    std::vector<char*> argv;
    for (QByteArray& arg : bytes)
        argv.push_back(arg.data());
    argv.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
    pid_t pid = 0;
    const int spawned = posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    if (spawned != 0)
        return -1;
    int status = 0;
    rusage usage {};
    if (wait4(pid, &status, 0, &usage) != pid || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
        return -1;
    return usage.ru_maxrss;
}

} // namespace

class TestReport : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString out(const QString& name) const { return m_dir.filePath(name); }
    // The first suspect of a JSON report.
    static QJsonObject firstSuspect(const QString& json)
    {
        return QJsonDocument::fromJson(readFile(json))
            .object()
            .value(QStringLiteral("suspects"))
            .toArray()
            .first()
            .toObject();
    }

private slots:
    // A report of every row (--top 0) of heaptrack_gui's 18 000 callsites is written as it is
    // made: the CLI holds no more than its diff table of the same rows does. Held whole (each row
    // with its stack, though the CSV shows none), it took 430 MB against the table's 45; and the
    // diff's JSON of every row, each with its stack (265 MB of text), took 880 MB.
    void aReportOfEveryRowIsWrittenAsItIsMade()
    {
        const QString profile = corpusFile(QStringLiteral("external/heaptrack.heaptrack_gui.99529.zst"));
        const QString path = out(QStringLiteral("every-row.csv"));
        const QStringList rows { profile, QStringLiteral("--by"), QStringLiteral("callsite"), QStringLiteral("--top"),
            QStringLiteral("0") };
        const QStringList diff { QStringLiteral("diff") };
        const long reportPeak = cliPeakKilobytes(
            QStringList { QStringLiteral("report") } + rows + QStringList { QStringLiteral("-o"), path });
        const long tablePeak = cliPeakKilobytes(diff + rows);
        const long jsonPeak = cliPeakKilobytes(diff + rows + QStringList { QStringLiteral("--json") });
        QVERIFY(reportPeak > 0 && tablePeak > 0 && jsonPeak > 0);

        const auto top = runCli(diff + rows.mid(0, 3)
            + QStringList { QStringLiteral("--top"), QStringLiteral("1"), QStringLiteral("--json") });
        QVERIFY2(top.exitCode == 0, top.err.constData());
        const auto doc = QJsonDocument::fromJson(top.out).object();
        const int rowCount = doc.value(QStringLiteral("row_count")).toInt();
        QVERIFY(rowCount > 10000);
        const auto csv = parseCsv(QString::fromUtf8(readFile(path)));
        QCOMPARE(csv.size(), rowCount + 2); // header and total
        QCOMPARE(csv[1].at(1),
            doc.value(QStringLiteral("rows")).toArray().first().toObject().value(QStringLiteral("key")).toString());
        QCOMPARE(csv.last().at(1), QStringLiteral("total"));
#if defined(__SANITIZE_ADDRESS__)
        // AddressSanitizer keeps freed memory in quarantine (256 MB): peaks say nothing here.
        qInfo("peak: diff %ld kB, its JSON %ld kB, report %ld kB", tablePeak, jsonPeak, reportPeak);
#else
        const auto peaks = QStringLiteral("report %1 kB, diff's JSON %2 kB, diff %3 kB")
                               .arg(reportPeak)
                               .arg(jsonPeak)
                               .arg(tablePeak);
        QVERIFY2(reportPeak < tablePeak + 32 * 1024, qPrintable(peaks));
        QVERIFY2(jsonPeak < tablePeak + 32 * 1024, qPrintable(peaks));
#endif
    }

    // A sampled recording's suspects say how many samples their growth rests on; too few, and the
    // report says so where the Summary does (tests/data/fresh/README.md, sessions.heapline).
    void suspectsOfASampledRecordingCountTheirSamples()
    {
        const QString json = out(QStringLiteral("sessions.json"));
        const QString md = out(QStringLiteral("sessions.md"));
        const QString html = out(QStringLiteral("sessions.html"));
        for (const QString& path : { json, md, html })
            QCOMPARE(
                report({ testData(QStringLiteral("fresh/sessions.heapline")), QStringLiteral("-o"), path }).exitCode,
                0);
        QJsonObject handle, init;
        for (const auto& s :
            QJsonDocument::fromJson(readFile(json)).object().value(QStringLiteral("suspects")).toArray()) {
            const auto o = s.toObject();
            if (o.value(QStringLiteral("key")).toString() == QLatin1String("handle"))
                handle = o;
            if (o.value(QStringLiteral("key")).toString() == QLatin1String("Session.__init__"))
                init = o;
        }
        QCOMPARE(handle.value(QStringLiteral("samples")).toDouble(), 5.0);
        QVERIFY(!handle.value(QStringLiteral("leak_like")).toBool());
        QVERIFY(init.value(QStringLiteral("samples")).toDouble() > 15);
        QVERIFY(init.value(QStringLiteral("leak_like")).toBool());
        // In the class's hint's place, as the Summary and the diff table's tooltip say it.
        QVERIFY(readFile(md).contains("\n> From about 5 samples: too few to tell a leak.\n"));
        QVERIFY(readFile(html).contains("<div class=\"hint\">From about 5 samples: too few to tell a leak.</div>"));
        QCOMPARE(readFile(md).count("too few to tell a leak"), readFile(html).count("too few to tell a leak"));
        QVERIFY(readFile(md).contains("| 4 | handle | +2.62 MB | +46,814 | 2.62 MB | stepwise ? |"));
        QVERIFY(readFile(md).contains("? a shape from too few samples to tell."));
        // Exact figures have none to count.
        QVERIFY(firstSuspect(json).contains(QStringLiteral("samples")));
        const QString exact = out(QStringLiteral("phases.json"));
        QCOMPARE(report({ phases(), QStringLiteral("-o"), exact }).exitCode, 0);
        QVERIFY(firstSuspect(exact).value(QStringLiteral("samples")).isNull());
    }

    void jsonFollowsItsSchemaAndTheDiff()
    {
        const QString json = out(QStringLiteral("phases.json"));
        const auto r = report({ phases(), QStringLiteral("--from"), QStringLiteral("start"), QStringLiteral("--to"), QStringLiteral("8s"),
                                QStringLiteral("-o"), json });
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const auto doc = QJsonDocument::fromJson(readFile(json)).object();
        QCOMPARE(doc.value(QStringLiteral("schema_version")).toInt(), 1);
        const auto suspects = doc.value(QStringLiteral("suspects")).toArray();
        QVERIFY(suspects.size() >= 4);
        // The same figures as heapline-cli diff (which the analysis tests check against replays).
        const auto diff = runProcess(QStringLiteral(HEAPLINE_CLI), { QStringLiteral("diff"), QStringLiteral("--json"), phases(), QStringLiteral("--from"),
                                                               QStringLiteral("start"), QStringLiteral("--to"), QStringLiteral("8s") });
        const auto rows = QJsonDocument::fromJson(diff.out).object().value(QStringLiteral("rows")).toArray();
        for (int i = 0; i < suspects.size(); ++i) {
            const auto s = suspects[i].toObject(), d = rows[i].toObject();
            QCOMPARE(s.value(QStringLiteral("key")), d.value(QStringLiteral("key")));
            QCOMPARE(s.value(QStringLiteral("delta_bytes")), d.value(QStringLiteral("delta_bytes")));
            QCOMPARE(s.value(QStringLiteral("class")), d.value(QStringLiteral("class")));
            QCOMPARE(s.value(QStringLiteral("rank")).toInt(), i + 1);
        }
        const auto top = suspects.first().toObject();
        QCOMPARE(top.value(QStringLiteral("key")).toString(), QStringLiteral("keepReportCopy(std::vector<Event, std::allocator<Event> > const&)"));
        // Its stack reaches the function that was grouped on, and the program's entry.
        const auto stack = top.value(QStringLiteral("stack")).toArray();
        QStringList functions;
        for (const auto& frame : stack)
            functions << frame.toObject().value(QStringLiteral("function")).toString();
        QVERIFY(functions.contains(top.value(QStringLiteral("key")).toString()));
        QVERIFY(functions.contains(QStringLiteral("main")));
        QCOMPARE(doc.value(QStringLiteral("total")).toObject().value(QStringLiteral("delta_bytes")),
                 QJsonDocument::fromJson(diff.out).object().value(QStringLiteral("total")).toObject().value(QStringLiteral("delta_bytes")));

        const auto validate = runProcess(QStringLiteral("python3"),
                                  { QStringLiteral("-c"),
                                    QStringLiteral("import json, sys, jsonschema\n"
                                                   "schema = json.load(open(sys.argv[1]))\n"
                                                   "jsonschema.Draft202012Validator.check_schema(schema)\n"
                                                   "jsonschema.validate(json.load(open(sys.argv[2])), schema, cls=jsonschema.Draft202012Validator)\n"),
                                    QStringLiteral(HEAPLINE_SOURCE_DIR "/resources/schema/report.schema.json"), json });
        QVERIFY2(validate.exitCode == 0, validate.err.constData());
    }

    void jsonOfAMassifFileFollowsTheSchemaToo()
    {
        const QString json = out(QStringLiteral("kate.json"));
        const auto r = report({ corpusFile(QStringLiteral("external/massif.out.kate")), QStringLiteral("--by"), QStringLiteral("type"),
                                QStringLiteral("--format"), QStringLiteral("json"), QStringLiteral("-o"), json });
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const auto validate = runProcess(QStringLiteral("python3"),
                                  { QStringLiteral("-c"),
                                    QStringLiteral("import json, sys, jsonschema\n"
                                                   "jsonschema.validate(json.load(open(sys.argv[2])), json.load(open(sys.argv[1])),"
                                                   " cls=jsonschema.Draft202012Validator)\n"),
                                    QStringLiteral(HEAPLINE_SOURCE_DIR "/resources/schema/report.schema.json"), json });
        QVERIFY2(validate.exitCode == 0, validate.err.constData());
        QCOMPARE(QJsonDocument::fromJson(readFile(json)).object().value(QStringLiteral("format")).toString(), QStringLiteral("massif"));
    }

    void csvReloadsWithTheSameRows()
    {
        const QString csv = out(QStringLiteral("phases.csv")), json = out(QStringLiteral("phases-all.json"));
        const QStringList common{ phases(), QStringLiteral("--from"), QStringLiteral("start"), QStringLiteral("--to"), QStringLiteral("peak"),
                                  QStringLiteral("--by"), QStringLiteral("callsite"), QStringLiteral("--top"), QStringLiteral("0") };
        QCOMPARE(report(common + QStringList{ QStringLiteral("-o"), csv }).exitCode, 0);
        QCOMPARE(report(common + QStringList{ QStringLiteral("-o"), json }).exitCode, 0);
        const auto rows = parseCsv(QString::fromUtf8(readFile(csv)));
        const auto suspects = QJsonDocument::fromJson(readFile(json)).object().value(QStringLiteral("suspects")).toArray();
        QCOMPARE(rows.size(), suspects.size() + 2); // header and total
        const QStringList header = rows.first();
        QCOMPARE(header.value(1), QStringLiteral("key"));
        for (int i = 0; i < suspects.size(); ++i) {
            const auto s = suspects[i].toObject();
            const QStringList& row = rows[i + 1];
            QCOMPARE(row.size(), header.size());
            QCOMPARE(row[header.indexOf(QStringLiteral("key"))], s.value(QStringLiteral("key")).toString());
            QCOMPARE(row[header.indexOf(QStringLiteral("delta_bytes"))].toLongLong(), s.value(QStringLiteral("delta_bytes")).toInteger());
            QCOMPARE(row[header.indexOf(QStringLiteral("class"))], s.value(QStringLiteral("class")).toString());
        }
        QCOMPARE(rows.last()[header.indexOf(QStringLiteral("key"))], QStringLiteral("total"));
    }

    // massif counts no blocks and no allocations: its CSV fields for them are empty, not 0 (a
    // spreadsheet summed "0 blocks"), and the JSON says blocks_counted. heaptrack counts both.
    void uncountedFiguresAreEmptyFields()
    {
        struct Case {
            QString file;
            bool counted;
        };
        for (const Case& c : { Case { testData(QStringLiteral("corpus/recorded/massif.out.leakpy")), false },
                 Case { phases(), true } }) {
            const QString csv = out(QStringLiteral("counted.csv")), json = out(QStringLiteral("counted.json"));
            QCOMPARE(report({ c.file, QStringLiteral("-o"), csv }).exitCode, 0);
            QCOMPARE(report({ c.file, QStringLiteral("-o"), json }).exitCode, 0);
            QCOMPARE(QJsonDocument::fromJson(readFile(json)).object().value(QStringLiteral("blocks_counted")).toBool(),
                c.counted);
            const auto rows = parseCsv(QString::fromUtf8(readFile(csv)));
            QVERIFY(rows.size() > 2);
            const QStringList& header = rows.first();
            for (const QStringList& row : rows.mid(1)) {
                QVERIFY(!row[header.indexOf(QStringLiteral("delta_bytes"))].isEmpty());
                for (const char* uncounted : { "blocks_a", "blocks_b", "delta_blocks", "allocations", "frees" })
                    QCOMPARE(row[header.indexOf(QLatin1String(uncounted))].isEmpty(), !c.counted);
            }
        }
    }

    // A batch that rose and fell back between samples is a spike in its sparkline, not a flat line.
    void sparklinesShowHowHighRowsRose()
    {
        const QString html = out(QStringLiteral("batches.html"));
        const auto r = report({ testData(QStringLiteral("teardown/heaptrack.batches.zst")), QStringLiteral("-o"), html });
        QCOMPARE(r.exitCode, 0);
        const QByteArray text = readFile(html);
        const qsizetype row = text.indexOf("processBatch(int)");
        QVERIFY(row > 0);
        const qsizetype end = text.indexOf("</tr>", row);
        const QByteArray cells = text.mid(row, end - row);
        QVERIFY(cells.contains("<svg class=\"spark\""));
        QVERIFY2(cells.contains("<polygon"), cells.constData());
        // A row that never rose above its samples has the line alone.
        const qsizetype pool = text.indexOf("libstdc++.so.6");
        QVERIFY(pool > 0);
        QVERIFY(!text.mid(pool, text.indexOf("</tr>", pool) - pool).contains("<polygon"));
        // In Markdown too: each batch rose and fell back between two columns, and the trend drew
        // a flat line (▁ × 16); it ends where the row ends, at B. And one block is "1 block".
        const QString md = out(QStringLiteral("batches.md"));
        QCOMPARE(
            report({ testData(QStringLiteral("teardown/heaptrack.batches.zst")), QStringLiteral("-o"), md }).exitCode,
            0);
        const QByteArray markdown = readFile(md);
        QVERIFY2(markdown.contains(
                     QStringLiteral("| processBatch(int) | 0 B | 0 | 0 B | spiky | ▁██████████████▁ |").toUtf8()),
            markdown.constData());
        QVERIFY2(markdown.contains("+1 block; 1 allocation (72.7 kB) and 0 frees in (A, B]"), markdown.constData());
    }

    // Leak-like means kept: the sample's sessions stay (open: "!"), its main gave back all but 48 B
    // of the 1.2 MB it rose by (no "!", whatever the shape).
    void leakLikeMeansKept()
    {
        const QString json = out(QStringLiteral("sample.json"));
        QCOMPARE(report({ QStringLiteral(HEAPLINE_SOURCE_DIR "/resources/samples/heaptrack.growth_demo.zst"), QStringLiteral("-o"), json }).exitCode, 0);
        QHash<QString, bool> leakLike;
        for (const auto& s : QJsonDocument::fromJson(readFile(json)).object().value(QStringLiteral("suspects")).toArray())
            leakLike.insert(s.toObject().value(QStringLiteral("key")).toString(), s.toObject().value(QStringLiteral("leak_like")).toBool());
        QVERIFY(leakLike.value(QStringLiteral("open")));
        QVERIFY(leakLike.contains(QStringLiteral("main")));
        QVERIFY(!leakLike.value(QStringLiteral("main")));
    }

    // Trends are drawn along time: a recording whose first snapshots come faster (the recorder's)
    // or whose snapshots thin out (massif) drew a steady climb bent where samples crowd. Here the
    // heap climbs 10 MB a second, sampled every 50 ms up to 0.45 s and then at 1 s
    // (tests/data/heapline.uneven.heapline).
    void trendsAreDrawnAlongTime()
    {
        const QString path = testData(QStringLiteral("heapline.uneven.heapline"));
        const QString md = out(QStringLiteral("uneven.md")), html = out(QStringLiteral("uneven.html"));
        for (const QString& target : { md, html }) {
            const auto r = report({ path, QStringLiteral("--from"), QStringLiteral("start"), QStringLiteral("--to"),
                QStringLiteral("end"), QStringLiteral("-o"), target });
            QVERIFY2(r.exitCode == 0, r.err.constData());
        }
        // 11 columns at 0, 0.1 … 1 s, each the last sample by then (by index: ▁▁▁▂▂▂▃▃▄▄█).
        QVERIFY2(
            readFile(md).contains(QStringLiteral("| linear ! | ▁▁▂▃▄▄▄▄▄▄█ |").toUtf8()), readFile(md).constData());
        // The sample at 0.45 s stands 45% along the 120-pixel line, the one at 1 s at its end.
        QVERIFY(readFile(html).contains("48.0,15.2 54.0,14.1 120.0,2.0 \"/>"));
    }

    void budgetsSetTheExitStatus()
    {
        const QString md = out(QStringLiteral("budget.md"));
        const QStringList range{ phases(), QStringLiteral("--from"), QStringLiteral("start"), QStringLiteral("--to"), QStringLiteral("8s"),
                                 QStringLiteral("-o"), md };
        // The heap grew by 16.0 MB between A and B.
        QCOMPARE(report(range + QStringList{ QStringLiteral("--fail-on-growth"), QStringLiteral("50MB") }).exitCode, 0);
        auto r = report(range + QStringList{ QStringLiteral("--fail-on-growth"), QStringLiteral("10MB") });
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains("heap grew by +16.0 MB") && r.err.contains("10.0 MB"), r.err.constData());
        QCOMPARE(r.err.count('\n'), 1);
        QVERIFY(QFileInfo(md).size() > 0); // the report is written all the same
        r = report(range + QStringList{ QStringLiteral("--fail-on-growth"), QStringLiteral("10%") });
        QCOMPARE(r.exitCode, 1);
        QCOMPARE(report(range + QStringList{ QStringLiteral("--fail-on-class"), QStringLiteral("linear") }).exitCode, 0);
        r = report(range + QStringList{ QStringLiteral("--fail-on-class"), QStringLiteral("linear,stepwise") });
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains("stepwise") && r.err.contains("cachePut(long)"), r.err.constData());
        // A program that kept nothing but the stdio buffer of its last printf (4 kB, one
        // allocation, beside batches of 15.8 MB) breaks no class budget, and is not leak-like.
        const QString json = out(QStringLiteral("compile.json"));
        r = report({ testData(QStringLiteral("fresh/heaptrack.compile.zst")), QStringLiteral("-o"), json,
            QStringLiteral("--fail-on-class"), QStringLiteral("linear,stepwise") });
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const auto first = firstSuspect(json);
        QCOMPARE(first.value(QStringLiteral("key")).toString(), QStringLiteral("main"));
        QCOMPARE(first.value(QStringLiteral("class")).toString(), QStringLiteral("stepwise"));
        QVERIFY(!first.value(QStringLiteral("leak_like")).toBool());
        // Nor does a sampled growth of one sample (job_cycles.heapline's Scheduler.run, +524 kB,
        // "stepwise" for the one sample that appeared): the jobs' linear climb does.
        const QString cycles = testData(QStringLiteral("fresh/job_cycles.heapline"));
        r = report({ cycles, QStringLiteral("-o"), md, QStringLiteral("--fail-on-class"), QStringLiteral("stepwise") });
        QVERIFY2(r.exitCode == 0, r.err.constData());
        r = report({ cycles, QStringLiteral("-o"), md, QStringLiteral("--fail-on-class"), QStringLiteral("linear") });
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains("Job.__init__"), r.err.constData());
        // Nor, by type, do five floats more (+120 B, "stepwise" at the census) beside a 102 MB leak
        // of strings (fresh/auditlog.py): the strings do.
        const QString audit = testData(QStringLiteral("fresh/auditlog.heapline"));
        const QStringList byType { QStringLiteral("--by"), QStringLiteral("type") };
        r = report(QStringList {
                       audit, QStringLiteral("-o"), md, QStringLiteral("--fail-on-class"), QStringLiteral("stepwise") }
            + byType);
        QVERIFY2(r.exitCode == 0, r.err.constData());
        r = report(
            QStringList { audit, QStringLiteral("-o"), md, QStringLiteral("--fail-on-class"), QStringLiteral("linear") }
            + byType);
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains("grew linear by +86.5 MB: str"), r.err.constData());
        // Nor does the C++ runtime's pool, made as libstdc++ was loaded (a plateau, beside a heap
        // that did nothing else): the report tells it apart.
        const QString native = out(QStringLiteral("native.json"));
        r = report({ testData(QStringLiteral("fresh/heaptrack.native.zst")), QStringLiteral("-o"), native,
            QStringLiteral("--fail-on-class"), QStringLiteral("plateau") });
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const auto pool = firstSuspect(native);
        QCOMPARE(
            pool.value(QStringLiteral("key")).toString(), QStringLiteral("?? in /lib/x86_64-linux-gnu/libstdc++.so.6"));
        QVERIFY(pool.value(QStringLiteral("made_at_load")).toBool());
        // Nor do the threads a Go program's runtime started and kept (gocgo2.go): glibc's storage
        // for their thread-local variables, 1.68 kB in allocate_dtv, a plateau.
        const QString go = out(QStringLiteral("go.json"));
        r = report({ testData(QStringLiteral("fresh/heaptrack.gocgo2.zst")), QStringLiteral("-o"), go,
            QStringLiteral("--fail-on-class"), QStringLiteral("plateau") });
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const auto goSuspects
            = QJsonDocument::fromJson(readFile(go)).object().value(QStringLiteral("suspects")).toArray();
        QCOMPARE(goSuspects.at(1).toObject().value(QStringLiteral("key")).toString(), QStringLiteral("allocate_dtv"));
        QVERIFY(goSuspects.at(1).toObject().value(QStringLiteral("held_by_threads")).toBool());
        QVERIFY(!goSuspects.at(0).toObject().value(QStringLiteral("held_by_threads")).toBool());
        // A thread started per connection and never joined (nojoin.c) grows so step after step:
        // by callsite, that storage is its top suspect, linear, and fails the budget.
        const QString nojoin = out(QStringLiteral("nojoin.json"));
        r = report({ testData(QStringLiteral("fresh/heaptrack.nojoin.zst")), QStringLiteral("-o"), nojoin,
            QStringLiteral("--by"), QStringLiteral("callsite"), QStringLiteral("--fail-on-class"),
            QStringLiteral("linear") });
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains("suspect #1 grew linear"), r.err.constData());
        QVERIFY(!firstSuspect(nojoin).value(QStringLiteral("held_by_threads")).toBool());
        // Memory CPython recycled for objects a sampled recording under 3.11 cannot name
        // (logged.heapline) is told as such, and still counts: it is growth other rows keep.
        const QString logged = out(QStringLiteral("logged.json"));
        r = report({ testData(QStringLiteral("fresh/logged.heapline")), QStringLiteral("-o"), logged,
            QStringLiteral("--fail-on-class"), QStringLiteral("linear") });
        QCOMPARE(r.exitCode, 1);
        const auto recycled = firstSuspect(logged);
        QCOMPARE(
            recycled.value(QStringLiteral("key")).toString(), QStringLiteral("<recycled by CPython: owner unknown>"));
        QVERIFY(recycled.value(QStringLiteral("recycled_by_cpython")).toBool());
        QVERIFY(!pool.value(QStringLiteral("recycled_by_cpython")).toBool());
        // Usage and input errors: 2, one line.
        for (const QStringList& bad : { range + QStringList{ QStringLiteral("--fail-on-growth"), QStringLiteral("lots") },
                                        range + QStringList{ QStringLiteral("--fail-on-class"), QStringLiteral("leaky") },
                                        QStringList{ phases(), QStringLiteral("--format"), QStringLiteral("pdf"), QStringLiteral("-o"), md },
                                        QStringList{ phases() },
                                        QStringList{ out(QStringLiteral("missing.zst")), QStringLiteral("-o"), md } }) {
            r = report(bad);
            QCOMPARE(r.exitCode, 2);
            QCOMPARE(r.err.count('\n'), r.err.startsWith("heapline-cli: report: no output") ? r.err.count('\n') : 1);
        }
    }

    void neverOverwritesItsInputAndWritesAtomically()
    {
        const QString copy = out(QStringLiteral("heaptrack.copy.html"));
        QVERIFY(QFile::copy(phases(), copy));
        const QByteArray before = readFile(copy);
        auto r = report({ copy, QStringLiteral("--format"), QStringLiteral("html"), QStringLiteral("-o"), copy });
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains("is the profile itself"), r.err.constData());
        QCOMPARE(readFile(copy), before);
        // A folder that does not exist: an error naming the file, nothing left behind.
        r = report({ phases(), QStringLiteral("-o"), out(QStringLiteral("no/such/folder/report.html")) });
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains("no/such/folder/report.html"), r.err.constData());
        // Replacing an earlier report leaves no temporary file beside it.
        const QString html = out(QStringLiteral("twice.html"));
        QCOMPARE(report({ phases(), QStringLiteral("-o"), html }).exitCode, 0);
        QCOMPARE(report({ phases(), QStringLiteral("-o"), html }).exitCode, 0);
        QCOMPARE(QDir(m_dir.path()).entryList({ QStringLiteral("twice.html*") }, QDir::Files).size(), 1);
    }

    // A report written through a symbolic link replaces the file it names, with its permissions;
    // one written to a pipe or a device goes into it (renamed over, /dev/null became a file).
    void writesThroughLinksIntoPipes()
    {
        const QString real = out(QStringLiteral("real.md")), link = out(QStringLiteral("link.md"));
        QVERIFY(writeFile(real, "old"));
        QVERIFY(QFile::setPermissions(real, QFile::ReadOwner | QFile::WriteOwner));
        QVERIFY(QFile::link(real, link));
        auto r = report({ phases(), QStringLiteral("--format"), QStringLiteral("md"), QStringLiteral("-o"), link });
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QVERIFY(QFileInfo(link).isSymLink());
        QVERIFY(readFile(real).startsWith("# "));
        struct stat st;
        QCOMPARE(::stat(QFile::encodeName(real).constData(), &st), 0);
        QCOMPARE(st.st_mode & 0777, mode_t(0600));

        const QByteArray fifo = QFile::encodeName(out(QStringLiteral("pipe")));
        QCOMPARE(::mkfifo(fifo.constData(), 0600), 0);
        const int reader = ::open(fifo.constData(), O_RDONLY | O_NONBLOCK); // so that the writer's open returns
        QVERIFY(reader >= 0);
        QByteArray received;
        std::atomic<bool> written { false };
        std::thread drain([&] { // the report is larger than a pipe holds
            char buffer[65536];
            for (;;) {
                const ssize_t n = ::read(reader, buffer, sizeof buffer);
                if (n > 0)
                    received.append(buffer, n);
                else if (n == 0 && written)
                    return;
                else
                    std::this_thread::sleep_for(std::chrono::milliseconds(1));
            }
        });
        r = report({ phases(), QStringLiteral("--format"), QStringLiteral("json"), QStringLiteral("-o"),
            QString::fromLocal8Bit(fifo) });
        written = true;
        drain.join();
        ::close(reader);
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QVERIFY(QJsonDocument::fromJson(received).isObject());
        QCOMPARE(::stat(fifo.constData(), &st), 0);
        QVERIFY(S_ISFIFO(st.st_mode));
        QCOMPARE(QDir(m_dir.path()).entryList({ QStringLiteral("pipe*") }, QDir::System | QDir::Files).size(), 1);
    }

    void hostileSymbolsAreText()
    {
        const QString profile = out(QStringLiteral("heaptrack.hostile.txt"));
        QVERIFY(writeFile(profile, hostileProfile()));
        for (const char* format : { "html", "md", "json", "csv" }) {
            const QString path = out(QStringLiteral("hostile.") + QLatin1String(format));
            const auto r = report({ profile, QStringLiteral("--by"), QStringLiteral("callsite"), QStringLiteral("-o"), path });
            QVERIFY2(r.exitCode == 0, r.err.constData());
            const QByteArray bytes = readFile(path);
            // Valid UTF-8 throughout: the invalid bytes became U+FFFD.
            QVERIFY(!QString::fromUtf8(bytes).contains(QChar::ReplacementCharacter) || bytes.contains("\xEF\xBF\xBD"));
            QVERIFY(!bytes.contains("\xff\xfe"));
            QVERIFY(bytes.contains(QByteArray(20000, 'L'))); // long names are kept whole
            if (QLatin1String(format) == QLatin1String("html")) {
                QVERIFY(!bytes.contains("<script"));
                QVERIFY(!bytes.contains("<img"));
                QVERIFY(bytes.contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"));
                QVERIFY(bytes.contains("a|b`c&#39;d&quot;e&lt;img src=x onerror=alert(1)&gt;.cc"));
            } else if (QLatin1String(format) == QLatin1String("md")) {
                // Outside the fenced stacks (which are shown verbatim), markup is escaped.
                bool fenced = false;
                for (const QByteArray& line : bytes.split('\n')) {
                    if (line.startsWith("```"))
                        fenced = !fenced;
                    else if (!fenced)
                        QVERIFY2(!line.contains("<script") && !line.contains("<img"), line.left(200).constData());
                }
                // Every table row keeps its column count: no "|" from a name splits a cell.
                for (const QByteArray& line : bytes.split('\n')) {
                    if (!line.startsWith("| ") || !line.contains("alert"))
                        continue;
                    QCOMPARE(line.count('|') - line.count("\\|"), 8);
                }
            } else if (QLatin1String(format) == QLatin1String("json")) {
                QJsonParseError error;
                const auto doc = QJsonDocument::fromJson(bytes, &error);
                QCOMPARE(error.error, QJsonParseError::NoError);
                QVERIFY(QString::fromUtf8(bytes).contains(QStringLiteral("<script>alert(\\\"x\\\")</script>")));
            } else {
                const auto rows = parseCsv(QString::fromUtf8(bytes));
                for (const auto& row : rows)
                    QCOMPARE(row.size(), rows.first().size());
            }
        }
    }

    void aCutRecordingSaysSoAtTheTop()
    {
        for (const char* format : { "html", "md", "json" }) {
            const QString path = out(QStringLiteral("cut.") + QLatin1String(format));
            const auto r = report({ corpusFile(QStringLiteral("recorded/heaptrack.phases-cut.zst")), QStringLiteral("-o"), path });
            QCOMPARE(r.exitCode, 0);
            const QString text = QString::fromUtf8(readFile(path));
            if (QLatin1String(format) == QLatin1String("json")) {
                QVERIFY(QJsonDocument::fromJson(text.toUtf8()).object().value(QStringLiteral("truncated")).toBool());
                continue;
            }
            const int cut = text.indexOf(QLatin1String("This profile was cut off"));
            QVERIFY2(cut >= 0, qPrintable(text.left(400)));
            QVERIFY(cut < text.indexOf(QLatin1String("The profile")));
        }
    }

    // A massif file whose one snapshot is late in the run (a cut file: 11.86 M instr). The HTML
    // chart's span was 1e-9 there, its time ticks too small to move the time forward, and the
    // report never finished (found by tests/fuzz/mutate_profiles.py). It has one tick, at that time.
    void aProfileOfOneInstantIsDrawn()
    {
        const QString massif = out(QStringLiteral("massif.out.one"));
        QVERIFY(writeFile(massif,
            "desc: --massif-out-file=massif.out.one\ncmd: ./one\ntime_unit: i\n#-----------\nsnapshot=0\n"
            "#-----------\ntime=11859613\nmem_heap_B=1026848\nmem_heap_extra_B=160\nmem_stacks_B=0\n"
            "heap_tree=empty\n"));
        const QString html = out(QStringLiteral("one.html"));
        const auto r = runProcess(
            QStringLiteral(HEAPLINE_CLI), { QStringLiteral("report"), massif, QStringLiteral("-o"), html }, 30000);
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QString text = QString::fromUtf8(readFile(html));
        QCOMPARE(text.count(QLatin1String("text-anchor=\"middle\">11.86 M instr</text>")), 1);
    }

    // A heap freed in the last interval (trimbuf.c: 23 MB held to 372 ms, freed by 382) ends where it
    // ended, as on the GUI's chart: drawn at each point's high, the report's chart held 23 MB to the
    // end. The JSON's points carry the value at their end for it.
    void aHeapFreedAtTheEndIsDrawnFreed()
    {
        const QString base = out(QStringLiteral("trimbuf"));
        const QString file = testData(QStringLiteral("fresh/heaptrack.trimbuf.zst"));
        QCOMPARE(report({ file, QStringLiteral("-o"), base + QStringLiteral(".json") }).exitCode, 0);
        const auto heap = QJsonDocument::fromJson(readFile(base + QStringLiteral(".json")))
                              .object()
                              .value(QLatin1String("timeline"))
                              .toObject()
                              .value(QLatin1String("heap"))
                              .toArray();
        QVERIFY(heap.size() > 20);
        const QJsonArray last = heap.last().toArray();
        QCOMPARE(last.size(), 4);
        QVERIFY2(last[2].toInteger() > 20'000'000 && last[3].toInteger() < 100'000,
            QJsonDocument(last).toJson(QJsonDocument::Compact).constData());

        QCOMPARE(report({ file, QStringLiteral("-o"), base + QStringLiteral(".html") }).exitCode, 0);
        const QString html = QString::fromUtf8(readFile(base + QStringLiteral(".html")));
        const auto area = QRegularExpression(QStringLiteral("<path d=\"M([^\"]*)\" fill=\"#3b7dd8\"")).match(html);
        QVERIFY(area.hasMatch());
        // M x0,base L … L x,y(end) L x,base Z: the corner before the closing one is at the baseline.
        const QStringList corners = area.captured(1).remove(QLatin1Char('Z')).split(QLatin1Char('L'));
        QVERIFY(corners.size() > 20);
        const double baseline = corners.front().split(QLatin1Char(',')).value(1).toDouble();
        const double end = corners[corners.size() - 2].split(QLatin1Char(',')).value(1).toDouble();
        QVERIFY2(std::abs(end - baseline) < 1, qPrintable(corners.mid(corners.size() - 4).join(QLatin1Char('L'))));
        double top = baseline;
        for (const QString& corner : corners)
            top = std::min(top, corner.split(QLatin1Char(',')).value(1).toDouble());
        QVERIFY(top < baseline - 100); // the buffer's climb is drawn
    }

    // The HTML stands alone: no script, nothing fetched, and Chromium renders and prints it.
    void htmlIsSelfContained()
    {
        const QString html = out(QStringLiteral("self.html"));
        QCOMPARE(report({ phases(), QStringLiteral("--from"), QStringLiteral("start"), QStringLiteral("--to"), QStringLiteral("8s"),
                          QStringLiteral("-o"), html })
                     .exitCode,
                 0);
        const QString text = QString::fromUtf8(readFile(html));
        for (const char* outside : { "<script", "src=", "href=\"http", "url(", "@import", "<link", "<iframe" })
            QVERIFY2(!text.contains(QLatin1String(outside)), outside);
        QVERIFY(text.contains(QLatin1String("<svg class=\"timeline\"")));
        QVERIFY(text.contains(QLatin1String("@media print")));

        const QString chromium = QStandardPaths::findExecutable(QStringLiteral("chromium-headless-shell"));
        if (chromium.isEmpty())
            QSKIP("chromium-headless-shell is not installed");
        const QString pdf = out(QStringLiteral("self.pdf"));
        const QStringList flags{ QStringLiteral("--no-sandbox"), QStringLiteral("--disable-gpu"), QStringLiteral("--enable-logging=stderr"),
                                 QStringLiteral("--v=0"), QStringLiteral("--user-data-dir=") + out(QStringLiteral("chromium")) };
        const auto printed = runProcess(chromium, flags + QStringList{ QStringLiteral("--print-to-pdf=") + pdf, QUrl::fromLocalFile(html).toString() });
        QVERIFY2(printed.exitCode == 0, printed.err.right(2000).constData());
        QVERIFY(readFile(pdf).startsWith("%PDF"));
        QVERIFY(!printed.err.contains("CONSOLE"));
        const auto dom = runProcess(chromium, flags + QStringList{ QStringLiteral("--dump-dom"), QUrl::fromLocalFile(html).toString() });
        QCOMPARE(dom.exitCode, 0);
        QVERIFY(dom.out.contains("keepReportCopy"));
        QVERIFY2(!dom.err.contains("CONSOLE") && !dom.err.contains("net::ERR"), dom.err.right(2000).constData());
    }
};

QTEST_GUILESS_MAIN(TestReport)
#include "tst_report.moc"
