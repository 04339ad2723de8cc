// The views of one diff: their Qt models pass QAbstractItemModelTester, and every view tells the
// same story as `heapline-cli diff` for the same file, A, B and grouping.

#include "TestSupport.h"
#include "ViewTestSupport.h"
#include "app/CallTreeModel.h"
#include "app/CallTreeView.h"
#include "app/CallerCalleeModel.h"
#include "app/CallerCalleeView.h"
#include "app/Delegates.h"
#include "app/DiffController.h"
#include "app/DiffTableModel.h"
#include "app/DiffView.h"
#include "app/FlameGraph.h"
#include "app/FlameView.h"
#include "app/FrameActions.h"
#include "app/MainWindow.h"
#include "app/MessageBanner.h"
#include "app/Preferences.h"
#include "app/ProfilePage.h"
#include "app/QtText.h"
#include "app/RangeBar.h"
#include "app/ReportDocument.h"
#include "app/Selection.h"
#include "app/SizesView.h"
#include "app/SourceOpener.h"
#include "app/SummaryPage.h"
#include "app/Theme.h"
#include "app/TimelineChart.h"
#include "importers/Importer.h"
#include "model/SizeHistogram.h"
#include "model/SummaryLists.h"
#include "model/Units.h"
#include "model/Wording.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QComboBox>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLineEdit>
#include <QPainter>
#include <QProcess>
#include <QRadioButton>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBlock>
#include <QTextDocument>
#include <QTextDocumentFragment>
#include <QTextTable>
#include <QThreadPool>
#include <QTreeView>
#include <QUndoStack>
#include <QXmlStreamReader>
#include <functional>
#include <map>
#include <set>
#include <tuple>

using namespace heapline;
using namespace heapline::test;

namespace {

// What a stranger reads on opening a file with no options: the Summary's growth paragraph and
// suspects, as plain text, and where B landed.
struct FirstScreen {
    bool opened = false;
    QString growth;
    QString suspects;
    size_t b = 0;
    size_t lastCheckpoint = 0;
};

FirstScreen firstScreenOf(const QString& path)
{
    FirstScreen screen;
    OpenWindow open;
    if (!open.open(path, QString(), QString()))
        return screen;
    screen.opened = true;
    auto* summary = open.window.profilePage()->summary();
    screen.growth = QTextDocumentFragment::fromHtml(summary->growthText()).toPlainText();
    screen.suspects = QTextDocumentFragment::fromHtml(summary->suspectsText()).toPlainText();
    screen.b = open.window.selection()->b();
    screen.lastCheckpoint = open.window.profile()->checkpointCount() - 1;
    return screen;
}

} // namespace

class TestViews : public QObject {
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QApplication::setOrganizationName(QStringLiteral("HeaplineTests"));
    }

    // A sampled recording (tests/data/fresh/README.md, sessions.heapline): the sessions' lines are
    // the leak; the request handler's five samples (row dicts reused from Python's free list by the
    // sessions) read "stepwise (leak-like)" among them. Too few samples to tell.
    void firstScreenOfASampledRecording()
    {
        const auto screen = firstScreenOf(testData(QStringLiteral("fresh/sessions.heapline")));
        QVERIFY(screen.opened);
        HEAPLINE_VERIFY_CONTAINS(screen.suspects, "Session.__init__ — +7.96 MB, linear (leak-like)");
        HEAPLINE_VERIFY_CONTAINS(screen.suspects, "Session.logout — +4.19 MB, linear (leak-like)");
        HEAPLINE_VERIFY_CONTAINS(
            screen.suspects, "handle — +2.62 MB, stepwise (from about 5 samples: too few to tell a leak)");
        // The diff table's class tooltip says so instead of the class's hint.
        DiffTableModel model;
        const QString path = testData(QStringLiteral("fresh/sessions.heapline"));
        const auto comparison = comparisonOf(path, 0, screen.lastCheckpoint, Grouping::Function);
        model.setComparison(comparison);
        const auto handle = comparison->rowOfKey("handle");
        QVERIFY(handle);
        const QString tip
            = model.index(static_cast<int>(*handle), DiffTableModel::ClassColumn).data(Qt::ToolTipRole).toString();
        HEAPLINE_VERIFY_CONTAINS(tip, "From about 5 samples: too few to tell a leak.");
        QVERIFY(!tip.contains(QLatin1String(growthHint(GrowthClass::Stepwise))));
        QVERIFY(!comparison->diff().rows[*handle].leakLike);
    }

    void diffTableModelPassesTheTester()
    {
        const QString path = corpusFile(QStringLiteral("recorded/heaptrack.phases.zst"));
        DiffTableModel model;
        DiffFilterModel proxy;
        proxy.setSourceModel(&model);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAbstractItemModelTester proxyTester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
        for (auto grouping : { Grouping::Function, Grouping::Callsite, Grouping::Type, Grouping::Module }) {
            auto comparison = comparisonOf(path, 0, 200, grouping);
            model.setComparison(comparison);
            QCOMPARE(model.rowCount(), static_cast<int>(comparison->diff().rows.size()));
            QVERIFY(walk(model) > 0);
            proxy.sort(DiffTableModel::DeltaColumn, Qt::DescendingOrder);
            proxy.setText(QStringLiteral("leak"));
            walk(proxy);
            proxy.setClass(GrowthClass::Linear);
            walk(proxy);
            proxy.setText({});
            proxy.setClass(std::nullopt);
            QCOMPARE(proxy.rowCount(), model.rowCount());
        }
        model.setComparison({});
        QCOMPARE(model.rowCount(), 0);
    }

    // The diff table's top row, the flame graph's root and the range bar's Δ say what the CLI says.
    void everyViewAgreesWithTheCli_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("from");
        QTest::addColumn<QString>("to");
        QTest::newRow("phases 0-2.5s") << "recorded/heaptrack.phases.zst" << "0s" << "2.5s";
        QTest::newRow("phases start-peak") << "recorded/heaptrack.phases.zst" << "start" << "peak";
        QTest::newRow("kate 20%-80%") << "external/massif.out.kate" << "20%" << "80%";
    }

    void everyViewAgreesWithTheCli()
    {
        QFETCH(QString, file);
        QFETCH(QString, from);
        QFETCH(QString, to);
        const QString path = corpusFile(file);
        const auto cli = cliDiff({ path, QStringLiteral("--from"), from, QStringLiteral("--to"), to, QStringLiteral("--by"),
                                   QStringLiteral("function"), QStringLiteral("--top"), QStringLiteral("3") });
        const auto rows = cli.value(QStringLiteral("rows")).toArray();
        QVERIFY(!rows.isEmpty());
        const auto top = rows.first().toObject();
        const qint64 totalDelta = cli.value(QStringLiteral("total")).toObject().value(QStringLiteral("delta_bytes")).toInteger();

        OpenWindow open;
        QVERIFY(open.open(path, from, to));
        auto* page = open.window.profilePage();

        // Diff table, in the model's own ranking.
        auto* table = page->diffView()->table();
        const QModelIndex first = table->model()->index(0, DiffTableModel::KeyColumn);
        QCOMPARE(first.data(DiffTableModel::KeyRole).toString(), top.value(QStringLiteral("key")).toString());
        QCOMPARE(table->model()->index(0, DiffTableModel::DeltaColumn).data(DiffTableModel::SortRole).toLongLong(),
                 top.value(QStringLiteral("delta_bytes")).toInteger());
        QCOMPARE(table->model()->index(0, DiffTableModel::ClassColumn).data(Qt::DisplayRole).toString(),
                 top.value(QStringLiteral("class")).toString());

        // Flame graph root: the whole heap's Δ.
        page->showTab(ProfilePage::FlameTab);
        auto* graph = page->flameView()->graph();
        QTRY_VERIFY(graph->tree());
        QCOMPARE(graph->tree()->root().deltaBytes(), totalDelta);

        // The range bar's Δ heap is the same total, as formatted.
        QVERIFY2(page->rangeBar()->deltaText().contains(QString::fromStdString(formatSignedBytes(totalDelta))),
                 qPrintable(page->rangeBar()->deltaText()));
    }

    void pickingARowHighlightsItEverywhere()
    {
        OpenWindow open;
        QVERIFY(open.open(corpusFile(QStringLiteral("recorded/heaptrack.phases.zst")), QStringLiteral("0s"), QStringLiteral("2.5s")));
        auto* page = open.window.profilePage();
        auto* table = page->diffView()->table();
        table->selectRow(0);
        const QString key = table->model()->index(0, DiffTableModel::KeyColumn).data(DiffTableModel::KeyRole).toString();
        QCOMPARE(open.window.selection()->selectedKey(), key);
        QVERIFY(page->diffView()->selectedRowsText().contains(key));
    }

    void aMistakenClickIsUndone()
    {
        OpenWindow open;
        QVERIFY(open.open(corpusFile(QStringLiteral("recorded/heaptrack.phases.zst")), QString(), QString()));
        auto* selection = open.window.selection();
        const size_t a = selection->a(), b = selection->b();
        QVERIFY(b > 10);
        selection->setA(b / 2);
        QCOMPARE(selection->a(), b / 2);
        QVERIFY(open.settle());
        selection->undoStack()->undo();
        QCOMPARE(selection->a(), a);
        QCOMPARE(selection->b(), b);
        selection->undoStack()->redo();
        QCOMPARE(selection->a(), b / 2);
        // A typed spec moves A too, and reads back as what it snapped to.
        auto* field = open.window.profilePage()->rangeBar()->fieldA();
        field->setText(QStringLiteral("start"));
        QTest::keyClick(field, Qt::Key_Return);
        QCOMPARE(selection->a(), size_t(0));
    }

    void groupingChangesEveryTable()
    {
        OpenWindow open;
        QVERIFY(open.open(corpusFile(QStringLiteral("recorded/heaptrack.phases.zst")), QStringLiteral("start"), QStringLiteral("peak")));
        auto* selection = open.window.selection();
        selection->setGrouping(Grouping::Type);
        QVERIFY(open.settle());
        const auto cli = cliDiff({ corpusFile(QStringLiteral("recorded/heaptrack.phases.zst")), QStringLiteral("--from"),
                                   QStringLiteral("start"), QStringLiteral("--to"), QStringLiteral("peak"), QStringLiteral("--by"),
                                   QStringLiteral("type"), QStringLiteral("--top"), QStringLiteral("1") });
        auto* table = open.window.profilePage()->diffView()->table();
        QCOMPARE(table->model()->index(0, DiffTableModel::KeyColumn).data(DiffTableModel::KeyRole).toString(),
                 cli.value(QStringLiteral("rows")).toArray().first().toObject().value(QStringLiteral("key")).toString());
    }

    // File › Compare With…: A is the base run's working state (before its teardown, as B's
    // default; its end had an empty heap), and the table is the CLI's --base diff.
    void comparingWithABaseFile()
    {
        const QString before = corpusFile(QStringLiteral("recorded/heaptrack.phases.zst"));
        const QString after = MainWindow::samplePath();
        OpenWindow open;
        QVERIFY(open.open(after, QString(), QString()));
        QVERIFY(open.compareWith(before));
        const auto comparison = open.window.controller()->comparison();
        QVERIFY(comparison->twoFiles());
        const auto cli = cliDiff({ after, QStringLiteral("--base"), before, QStringLiteral("--by"), QStringLiteral("function"),
                                   QStringLiteral("--top"), QStringLiteral("1") });
        auto* table = open.window.profilePage()->diffView()->table();
        const auto top = cli.value(QStringLiteral("rows")).toArray().first().toObject();
        QCOMPARE(table->model()->index(0, DiffTableModel::KeyColumn).data(DiffTableModel::KeyRole).toString(),
                 top.value(QStringLiteral("key")).toString());
        QCOMPARE(comparison->diff().total.deltaBytes(),
                 cli.value(QStringLiteral("total")).toObject().value(QStringLiteral("delta_bytes")).toInteger());
        QVERIFY(open.window.profilePage()->rangeBar()->deltaText().contains(
            QLatin1String("A before teardown of heaptrack.phases.zst")));
        const auto from = cli.value(QStringLiteral("from")).toObject();
        QCOMPARE(from.value(QStringLiteral("requested")).toString(), QStringLiteral("auto"));
        QCOMPARE(
            static_cast<size_t>(from.value(QStringLiteral("checkpoint")).toInteger()), comparison->from().checkpoint);
        QVERIFY(comparison->diff().total.atA.bytes > 0);
        // The counts are this run's up to B less the base's up to A (0 where both made as many):
        // the columns say so, and say what they were again once the base is gone.
        const auto header = [&](int column, int role = Qt::DisplayRole) {
            return table->model()->headerData(column, Qt::Horizontal, role).toString();
        };
        QCOMPARE(header(DiffTableModel::AllocationsColumn), QStringLiteral("Δ allocations"));
        QCOMPARE(header(DiffTableModel::FreesColumn), QStringLiteral("Δ frees"));
        HEAPLINE_VERIFY_CONTAINS(
            header(DiffTableModel::AllocatedColumn, Qt::ToolTipRole), "this run's up to B less the base run's up to A");
        const auto lists = [&] {
            return QTextDocumentFragment::fromHtml(open.window.profilePage()->summary()->listsText()).toPlainText();
        };
        HEAPLINE_VERIFY_CONTAINS(lists(), "Most allocations beyond the base run");
        open.window.clearComparison();
        QVERIFY(open.settle());
        QVERIFY(!open.window.controller()->comparison()->twoFiles());
        QCOMPARE(header(DiffTableModel::AllocationsColumn), QStringLiteral("Allocations"));
        QVERIFY(!lists().contains(QLatin1String("beyond the base run")));
    }

    // Compare With…: the details pane shows, for each top row, the stack the CLI's --base diff
    // gives the same key by callsite; grouped by function, the stack the report gives the row.
    void comparedRowsShowTheCliStack()
    {
        const QString before = corpusFile(QStringLiteral("recorded/heaptrack.phases-killed.zst"));
        const QString after = corpusFile(QStringLiteral("recorded/heaptrack.phases.zst"));
        OpenWindow open;
        QVERIFY(open.open(after, QString(), QString()));
        open.window.selection()->setGrouping(Grouping::Callsite);
        QVERIFY(open.compareWith(before));
        auto* view = open.window.profilePage()->diffView();
        const auto cli = cliDiff({ after, QStringLiteral("--base"), before, QStringLiteral("--by"), QStringLiteral("callsite"),
                                   QStringLiteral("--top"), QStringLiteral("8") });
        const auto rows = cli.value(QStringLiteral("rows")).toArray();
        QCOMPARE(rows.size(), 8);
        for (const auto& r : rows) {
            const auto row = r.toObject();
            open.window.selection()->setSelectedRow(row.value(QStringLiteral("key")).toString(), std::nullopt);
            QCOMPARE(stackOf(view->shownStack()), stackOf(row.value(QStringLiteral("stack")).toArray()));
        }

        // By function, rows are renumbered into the merged keys: the stack is still the group's own.
        open.window.selection()->setGrouping(Grouping::Function);
        QVERIFY(open.settle());
        QTemporaryDir dir;
        const QString json = dir.filePath(QStringLiteral("report.json"));
        const auto run = runCli({ QStringLiteral("report"), after, QStringLiteral("--base"), before, QStringLiteral("--by"),
                                  QStringLiteral("function"), QStringLiteral("-o"), json });
        QVERIFY2(run.exitCode == 0, run.err.constData());
        const auto suspects = QJsonDocument::fromJson(readFile(json)).object().value(QStringLiteral("suspects")).toArray();
        QVERIFY(suspects.size() >= 3);
        int withStack = 0;
        for (const auto& s : suspects) {
            const auto suspect = s.toObject();
            open.window.selection()->setSelectedRow(suspect.value(QStringLiteral("key")).toString(), std::nullopt);
            QCOMPARE(stackOf(view->shownStack()), stackOf(suspect.value(QStringLiteral("stack")).toArray()));
            // And it is the row's: the function the row is named after is on it.
            const std::string key = suspect.value(QStringLiteral("key")).toString().toStdString();
            const auto& shown = view->shownStack();
            if (!shown.empty())
                QVERIFY2(std::any_of(shown.begin(), shown.end(), [&](const StackFrame& f) {
                    return f.function == key || key.starts_with(f.function + " in "); // "?? in libstdc++.so.6"
                }), key.c_str());
            withStack += !shown.empty();
        }
        QVERIFY(withStack >= 3);
    }

    // The report exported from the window is the CLI's for the same A, B, grouping and filter,
    // byte for byte: one file, and compared with a base.
    void exportedReportIsTheClis()
    {
        const QString before = corpusFile(QStringLiteral("recorded/heaptrack.phases-killed.zst"));
        const QString after = corpusFile(QStringLiteral("recorded/heaptrack.phases.zst"));
        QTemporaryDir dir;
        OpenWindow open;
        QVERIFY(open.open(after, QStringLiteral("1s"), QStringLiteral("6s")));
        // Upper case: the filter ignores case in the table, the report and the CLI alike.
        open.window.selection()->setFilter(QStringLiteral("EVENTS"));
        QSignalSpy written(&open.window, &MainWindow::reportWritten);
        for (const bool withBase : { false, true }) {
            if (withBase)
                QVERIFY(open.compareWith(before));
            const auto comparison = open.window.controller()->comparison();
            const QString gui = dir.filePath(QStringLiteral("gui-%1.json").arg(withBase));
            QVERIFY(open.window.exportReport(gui));
            QVERIFY(written.wait(30000));
            const QString cli = dir.filePath(QStringLiteral("cli-%1.json").arg(withBase));
            QStringList args { QStringLiteral("report"), after, QStringLiteral("--from"), q(comparison->from().requested),
                               QStringLiteral("--to"), q(comparison->to().requested), QStringLiteral("--by"), QStringLiteral("function"),
                               QStringLiteral("--filter"), QStringLiteral("EVENTS"), QStringLiteral("-o"), cli };
            if (withBase)
                args << QStringLiteral("--base") << before;
            const auto run = runCli(args);
            QVERIFY2(run.exitCode == 0, run.err.constData());
            const QByteArray fromGui = readFile(gui), fromCli = readFile(cli);
            QVERIFY(fromGui.contains("leakEvents"));
            QCOMPARE(fromGui, fromCli);
        }
    }

    // The first screen of programs that free everything as they exit: B is the working state, and
    // the Summary tells the working phase's story, as the CLI does with no --from/--to.
    void firstScreenOfATeardown_data()
    {
        QTest::addColumn<QString>("file");
        QTest::newRow("C++") << QStringLiteral("teardown/heaptrack.ingest.zst");
        QTest::newRow("Python") << QStringLiteral("teardown/heaptrack.teardown_py.zst");
    }

    void firstScreenOfATeardown()
    {
        QFETCH(QString, file);
        OpenWindow open;
        QVERIFY(open.open(testData(file), QString(), QString()));
        const auto cli = cliDiff({ testData(file), QStringLiteral("--top"), QStringLiteral("1") });
        const auto to = cli.value(QStringLiteral("to")).toObject();
        QCOMPARE(static_cast<qint64>(open.window.selection()->b()), to.value(QStringLiteral("checkpoint")).toInteger());
        QVERIFY(open.window.selection()->b() < open.window.profile()->checkpointCount() - 1);
        auto* summary = open.window.profilePage()->summary();
        const QString growth = QTextDocumentFragment::fromHtml(summary->growthText()).toPlainText();
        QVERIFY2(growth.contains(QLatin1String("B: before teardown at ")), qPrintable(growth));
        QVERIFY2(growth.contains(cli.value(QStringLiteral("total")).toObject().value(QStringLiteral("class")).toString()), qPrintable(growth));
        QVERIFY2(!growth.contains(QLatin1String("native")), qPrintable(growth));
        const QString top = cli.value(QStringLiteral("rows")).toArray().first().toObject().value(QStringLiteral("key")).toString();
        QVERIFY(summary->suspectsText().contains(top.toHtmlEscaped()));
        QVERIFY(open.window.profilePage()->rangeBar()->deltaText().contains(QLatin1String("before teardown")));
    }

    // A fresh C service (tests/data/fresh/svc.c): a log kept in a buffer that realloc doubles, a
    // session leaked per ten requests, a scratch buffer freed per request. Under massif (time in
    // instructions) the log's last doubling held a third of the run, and the Summary called the
    // log and the heap "plateau: a bounded cache or warm-up"; under heaptrack the C++ runtime's
    // emergency pool, which rose at start-up and was freed at exit, stood third among the
    // suspects at "0 B".
    void firstScreenOfADoublingLog()
    {
        for (const char* file : { "fresh/massif.out.svc", "fresh/heaptrack.svc.zst" }) {
            OpenWindow open;
            QVERIFY(open.open(testData(QString::fromLatin1(file)), QString(), QString()));
            auto* summary = open.window.profilePage()->summary();
            const QString growth = QTextDocumentFragment::fromHtml(summary->growthText()).toPlainText();
            QVERIFY2(!growth.contains(QLatin1String("plateau")), qPrintable(growth));
            const QString suspects = QTextDocumentFragment::fromHtml(summary->suspectsText()).toPlainText();
            QVERIFY2(
                suspects.contains(QStringLiteral("log_line — +2.10 MB, stepwise (leak-like)")), qPrintable(suspects));
            QVERIFY2(suspects.contains(QStringLiteral("handle — "))
                    && suspects.contains(QLatin1String("linear (leak-like)")),
                qPrintable(suspects));
            QVERIFY2(!suspects.contains(QLatin1String("libstdc++")), qPrintable(suspects));
        }
    }

    // A fresh C service leaking through the C library (tests/data/fresh/libleak.c): strdup'd
    // names, asprintf'd log lines, a FILE opened per ten requests and never closed. Under massif,
    // which names no module, the suspects were fgets, __vasprintf_internal and __fopen_internal.
    void firstScreenOfLeaksThroughTheCLibrary()
    {
        for (const char* file : { "fresh/massif.out.libleak", "fresh/heaptrack.libleak.zst" }) {
            OpenWindow open;
            QVERIFY(open.open(testData(QString::fromLatin1(file)), QString(), QString()));
            const QString suspects
                = QTextDocumentFragment::fromHtml(open.window.profilePage()->summary()->suspectsText()).toPlainText();
            const QStringList lines = suspects.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
            QVERIFY2(lines.size() >= 4, qPrintable(suspects));
            QVERIFY2(lines[1].startsWith(QStringLiteral("read_config — +2.74 MB, linear (leak-like)")),
                qPrintable(suspects));
            QVERIFY2(lines[2].startsWith(QStringLiteral("log_request — +34")), qPrintable(suspects));
            QVERIFY2(lines[3].startsWith(QStringLiteral("remember_name — +210 kB")), qPrintable(suspects));
            for (const QString& line : lines)
                for (const char* libc : { "fgets", "asprintf", "fopen", "strdup" })
                    QVERIFY2(!line.contains(QStringLiteral(" — ")) || !line.contains(QLatin1String(libc)),
                        qPrintable(suspects));
            // The FILE that was never closed is told under them, where heaptrack names libc.
            QCOMPARE(suspects.contains(QLatin1String("were made inside libc.so.6 by fopen (__fopen_internal), called "
                                                     "from read_config (libleak.c:30)")),
                QByteArray(file).startsWith("fresh/heaptrack"));
            // Under massif, 100 B below its threshold kept beside 2.74 MB is no suspect.
            QVERIFY2(!suspects.contains(QLatin1String("threshold")), qPrintable(suspects));
        }
        // Under massif --pages-as-heap, the pages came from __mmap64 and brk: the suspects were
        // those system calls, not who asked for them.
        {
            OpenWindow open;
            QVERIFY(open.open(testData(QStringLiteral("fresh/massif.out.libleak-pages")), QString(), QString()));
            const QString suspects
                = QTextDocumentFragment::fromHtml(open.window.profilePage()->summary()->suspectsText()).toPlainText();
            QVERIFY2(
                suspects.contains(QStringLiteral("read_config — +1.89 MB, linear (leak-like)")), qPrintable(suspects));
            for (const char* call : { "mmap", "brk", "morecore", "sysmalloc" })
                QVERIFY2(!suspects.contains(QLatin1String(call)), qPrintable(suspects));
        }
        // The slope of a clock in instructions, per million of them: per instruction it was 0 B.
        Growth linear;
        linear.cls = GrowthClass::Linear;
        linear.evidence.slope = 0.198;
        const auto facts = evidenceFacts(linear, TimeUnit::Instructions);
        const auto slope = std::find_if(facts.begin(), facts.end(), [](const auto& f) { return f.first == "slope"; });
        QVERIFY(slope != facts.end());
        QCOMPARE(QString::fromStdString(slope->second), QStringLiteral("+198 kB per M instr"));
    }

    // A fresh C program allocating through wrappers of its own (tests/data/fresh/wrap.c:
    // safe_malloc, safe_strdup): every allocation was "safe_malloc", the leak in cache_put unseen.
    void firstScreenOfAProgramsOwnAllocator()
    {
        OpenWindow open;
        QVERIFY(open.open(testData(QStringLiteral("fresh/heaptrack.wrap.zst")), QString(), QString()));
        const QString suspects
            = QTextDocumentFragment::fromHtml(open.window.profilePage()->summary()->suspectsText()).toPlainText();
        QVERIFY2(suspects.contains(QStringLiteral("cache_put — +1.12 MB, linear (leak-like)")), qPrintable(suspects));
        QVERIFY2(!suspects.contains(QLatin1String("safe_")), qPrintable(suspects));
    }

    // Sessions loaded at start and expired over the run beside a leak (tests/data/fresh/expire.cpp):
    // the leak first, and the load's row, "spiky", says it has been given back a little at a time
    // rather than letting its class say batches; a row of batches (compile.cpp's) does not.
    void firstScreenOfALoadDrained()
    {
        const auto screen = firstScreenOf(testData(QStringLiteral("fresh/heaptrack.expire.zst")));
        QVERIFY(screen.opened);
        HEAPLINE_VERIFY_CONTAINS(screen.suspects, "handleRequest(int) — +28.8 MB, linear (leak-like)");
        HEAPLINE_VERIFY_CONTAINS(screen.suspects,
            "loadSessions() — +13.2 MB (rose by 54.2 MB), spiky; rose once, to 54.2 MB, and has given it back a "
            "little at a time since");
        const auto batches = firstScreenOf(testData(QStringLiteral("fresh/heaptrack.compile.zst")));
        QVERIFY2(!batches.suspects.contains(QLatin1String("a little at a time")), qPrintable(batches.suspects));
    }

    // A fresh compiler-like program (tests/data/fresh/compile.cpp): six units, each a tree parsed,
    // lowered into an arena and freed; nothing kept but the stdio buffer of its last printf. The
    // last unit's free looked like a teardown: B stood at its top and the first screen said
    // "+15.8 MB" with lower and parse as suspects. Then, with B at the end, `main` +4.10 kB (that
    // buffer) was the top suspect, "stepwise (leak-like)".
    void firstScreenOfBatchesFreedEveryRound()
    {
        const auto screen = firstScreenOf(testData(QStringLiteral("fresh/heaptrack.compile.zst")));
        QVERIFY(screen.opened);
        QCOMPARE(screen.b, screen.lastCheckpoint);
        HEAPLINE_VERIFY_CONTAINS(screen.growth, "(+4.10 kB): spiky.");
        QVERIFY2(!screen.growth.contains(QLatin1String("teardown")), qPrintable(screen.growth));
        const QString& suspects = screen.suspects;
        QVERIFY2(suspects.contains(QLatin1String("None: the heap rose by up to 15.8 MB")), qPrintable(suspects));
        QVERIFY2(suspects.contains(QStringLiteral("lower — 0 B (rose by 10.2 MB), spiky")), qPrintable(suspects));
        QVERIFY2(suspects.contains(QStringLiteral("parse — 0 B (rose by 5.47 MB), spiky")), qPrintable(suspects));
        QVERIFY2(!suspects.contains(QLatin1String("main")) && !suspects.contains(QLatin1String("libstdc++")),
            qPrintable(suspects));
    }

    // A fresh service-like program (tests/data/fresh/requestlog.cpp): a request log that is never
    // pruned, a scratch map built and freed every tenth round, a bounded cache, every static
    // destroyed as it exits. Its first batches, built while the log was small, fell as low as the
    // exit did: the exit read as one more batch's end ("the run does not tear down"), B stood at
    // the end where every row was 0 B, and the only suspect was main's 4 kB stdio buffer.
    void firstScreenOfALeakBesideEarlyBatches()
    {
        const auto screen = firstScreenOf(testData(QStringLiteral("fresh/heaptrack.requestlog.zst")));
        QVERIFY(screen.opened);
        QVERIFY(screen.b < screen.lastCheckpoint);
        HEAPLINE_VERIFY_CONTAINS(screen.growth, "B: before teardown at ");
        HEAPLINE_VERIFY_CONTAINS(screen.suspects, "logRequest(int) — +2.02 MB, linear (leak-like)");
        QVERIFY2(!screen.suspects.contains(QLatin1String("main")), qPrintable(screen.suspects));
    }

    // Sampled at the recorder's default (512 kB), a fresh lookup service's bounded lru_cache of
    // 4.7 MB (tests/data/fresh/lookup.py), whose entries turn over, swings between 2.6 and 7.3 MB
    // from snapshot to snapshot and stood at up to 12.6 MB between them: the Summary read "spiky.
    // Builds batches and frees them", its lows rising by "what its batches left behind". A job
    // runner's 4 MB batches (batches.py), sampled as coarsely, are batches still.
    void firstScreenOfASampledCacheAndOfSampledBatches_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("growth");
        QTest::addColumn<QString>("suspect");
        QTest::addColumn<QString>("notSaid");
        // The request loop's batches are plain (7 samples), what they left (one sample) is not.
        QTest::addColumn<QString>("suspectAlso");
        QTest::newRow("cache") << "fresh/lookup.heapline"
                               << "The heap went from 0 B to 5.25 MB (+5.25 MB): plateau. Rises, then holds"
                               << "lookup — +4.72 MB (rose by 12.6 MB), plateau"
                               << "batches"
                               << "serve — +524 kB (rose by 3.49 MB), spiky (its rise and fall rest on about 7 "
                                  "samples, what it kept at B on about 1 sample: too few to tell whether that stays)\n";
        QTest::newRow("batches") << "fresh/batches-4mb.heapline"
                                 << "spiky. Builds batches and frees them"
                                 << "job — 0 B (rose by 8.40 MB), spiky"
                                 << "plateau"
                                 << "job — 0 B (rose by 8.40 MB), spiky\n";
    }
    void firstScreenOfASampledCacheAndOfSampledBatches()
    {
        QFETCH(QString, file);
        QFETCH(QString, growth);
        QFETCH(QString, suspect);
        QFETCH(QString, notSaid);
        QFETCH(QString, suspectAlso);
        const auto screen = firstScreenOf(testData(file));
        QVERIFY(screen.opened);
        QVERIFY2(screen.growth.contains(growth), qPrintable(screen.growth));
        QVERIFY2(screen.suspects.contains(suspect), qPrintable(screen.suspects));
        QVERIFY2(!screen.growth.contains(notSaid), qPrintable(screen.growth));
        QVERIFY2(!screen.suspects.split(QLatin1Char('\n')).first().contains(notSaid), qPrintable(screen.suspects));
        QVERIFY2((screen.suspects + QLatin1Char('\n')).contains(suspectAlso), qPrintable(screen.suspects));
    }

    // A fresh job runner (tests/data/fresh/jobs.py) whose kept rows are about four samples: the
    // Summary says so, and how to record them finely enough to tell.
    void firstScreenOfAGrowthOfAFewSamples()
    {
        const auto screen = firstScreenOf(testData(QStringLiteral("fresh/jobs.heapline")));
        QVERIFY(screen.opened);
        HEAPLINE_VERIFY_CONTAINS(screen.growth,
            "Its rise and fall rest on about 9 samples, what it kept at B on about 4 samples: too few to tell whether "
            "that "
            "stays. Record again with a "
            "finer sample to tell: heapline-cli record --sample-interval 65536");
        // Its peak (4.73 MB) came between snapshots: the peak list, of the highest snapshot
        // (2.62 MB), says so rather than stand beside "Peak heap 4.73 MB" unexplained.
        OpenWindow open;
        QVERIFY(open.open(testData(QStringLiteral("fresh/jobs.heapline")), QString(), QString()));
        const QString lists
            = QTextDocumentFragment::fromHtml(open.window.profilePage()->summary()->listsText()).toPlainText();
        HEAPLINE_VERIFY_CONTAINS(lists, "Peak contributors (2.62 MB at 0.144 s)");
        HEAPLINE_VERIFY_CONTAINS(lists, "The peak, 4.73 MB, came between snapshots");
        // A heaptrack file's peak is a checkpoint of its own.
        OpenWindow exact;
        QVERIFY(exact.open(testData(QStringLiteral("fresh/heaptrack.requestlog.zst")), QString(), QString()));
        const QString exactLists
            = QTextDocumentFragment::fromHtml(exact.window.profilePage()->summary()->listsText()).toPlainText();
        QVERIFY2(!exactLists.contains(QLatin1String("between snapshots")), qPrintable(exactLists));
    }

    // massif takes a detailed snapshot every tenth and at its peak: the snapshots after the last
    // detailed one hold the heap's total only, and B at the end stands at that last one. A fresh
    // massif --pages-as-heap=yes recording of a request loop (tests/data/fresh/requestwrappers.c): 8 such
    // snapshots, to 4.03 G instr, after B at 3.33 G instr; and massif marked a snapshot of 5.30 MB
    // early in the run its peak, while the detailed ones rose to 10.4 MB. The Summary said nothing
    // of the first, and listed the peak's contributors at 5.30 MB beside "Peak heap 11.5 MB".
    void firstScreenOfMassifTotalsAfterItsLastDetailedSnapshot()
    {
        const QString file = testData(QStringLiteral("fresh/massif.out.wrap-pages"));
        const auto screen = firstScreenOf(file);
        QVERIFY(screen.opened);
        QCOMPARE(screen.b, screen.lastCheckpoint);
        HEAPLINE_VERIFY_CONTAINS(screen.growth,
            "B: the last checkpoint with callsites, at 3.33 G instr: the 8 snapshots after it, to 4.03 G instr, hold "
            "the heap's total only (11.5 MB at the last).");
        OpenWindow open;
        QVERIFY(open.open(file, QString(), QString()));
        const QString lists
            = QTextDocumentFragment::fromHtml(open.window.profilePage()->summary()->listsText()).toPlainText();
        HEAPLINE_VERIFY_CONTAINS(lists, "Peak contributors (10.4 MB at 3.33 G instr)");
        // A file whose end is a detailed snapshot says nothing of it.
        const auto phases = firstScreenOf(testData(QStringLiteral("corpus/recorded/massif.out.phases-bytes-detailed")));
        QVERIFY(phases.opened);
        QVERIFY2(!phases.growth.contains(QLatin1String("hold the heap's total only")), qPrintable(phases.growth));
    }

    // A fresh program (tests/data/fresh/sawtooth.cpp) whose rounds build a batch of 8 MB and add
    // 2 000 entries to an index that is never pruned, everything freed as it exits. B lands before
    // the teardown, at the top of the last batch: by function, runBatch is "+12.9 MB, spiky", its
    // batch alive at B; the leak within it (line 14, kept between batches too) went untold.
    void firstScreenOfALeakUnderABatchCaughtAlive()
    {
        const auto screen = firstScreenOf(testData(QStringLiteral("fresh/heaptrack.sawtooth.zst")));
        QVERIFY(screen.opened);
        const QString& suspects = screen.suspects;
        QVERIFY2(suspects.contains(QStringLiteral("runBatch — +12.9 MB, spiky")), qPrintable(suspects));
        QVERIFY2(
            suspects.contains(QStringLiteral("within it, +2.79 MB stayed at runBatch (/tmp/fresh2/sawtooth.cpp:14)")),
            qPrintable(suspects));
        QVERIFY2(!suspects.contains(QLatin1String("sawtooth.cpp:12")), qPrintable(suspects));
        // The line says what stayed; the lows, read at the samples, are not told beside it.
        QVERIFY2(!suspects.contains(QLatin1String("its lows rose")), qPrintable(suspects));
        // Under massif, which knows the rows at the detailed snapshots only (all on batches at their
        // highest) and no line's trough, the lows the batches fell back to say how much stayed.
        const auto massif = firstScreenOf(testData(QStringLiteral("fresh/massif.out.sawtooth")));
        QVERIFY(massif.opened);
        HEAPLINE_VERIFY_CONTAINS(massif.suspects,
            "runBatch(int) — +12.9 MB, spiky; its lows rose by 2.61 MB by 109.46 M instr: what its batches left "
            "behind, or more of them held at once");
    }

    // A fresh GLib program (tests/data/fresh/gcache.c): a batch of 1 MB built and freed each
    // round, and a session table that never evicts. The heap's class is spiky and its advice is
    // about batches; the Summary's headline said nothing of the lows that climbed under them.
    void firstScreenOfALeakUnderBatchesTellsTheHeapsLows()
    {
        const auto screen = firstScreenOf(testData(QStringLiteral("fresh/heaptrack.gcache.zst")));
        QVERIFY(screen.opened);
        HEAPLINE_VERIFY_CONTAINS(screen.growth, "+1.45 MB): spiky. Builds batches and frees them");
        HEAPLINE_VERIFY_CONTAINS(screen.growth, "Its lows rose by 995 kB by 1.");
        HEAPLINE_VERIFY_CONTAINS(screen.suspects, "remember_session — +1.42 MB, linear");
    }

    // A program that frees every tree it builds (tests/data/fresh/cycles.cpp with a weak_ptr back
    // link): the heap's only growth is the C++ runtime's pool for exceptions, made as libstdc++
    // loaded, and the headline read "+72.7 kB: plateau. Rises, then holds: a bounded cache" with
    // nothing said of whose. It now says nothing of the program's own grew; the leaking build
    // (shared_ptr back links) names its suspect and says no such thing.
    void firstScreenOfAProgramThatFreesAll()
    {
        const FirstScreen clean = firstScreenOf(testData(QStringLiteral("fresh/heaptrack.cycles-weak.zst")));
        QVERIFY(clean.opened);
        HEAPLINE_VERIFY_CONTAINS(clean.growth,
            "All of that growth (+72.7 kB) was allocated as the program's libraries were loaded, by their "
            "initialisation: nothing of the program's own grew.");
        HEAPLINE_VERIFY_CONTAINS(clean.suspects, "None: the heap rose by up to");
        const FirstScreen leaking = firstScreenOf(testData(QStringLiteral("fresh/heaptrack.cycles.zst")));
        QVERIFY(leaking.opened);
        QVERIFY2(!leaking.growth.contains(QLatin1String("All of that growth")), qPrintable(leaking.growth));
        HEAPLINE_VERIFY_CONTAINS(leaking.growth, "Kept shared objects: +27,000 objects made by std::make_shared");
        HEAPLINE_VERIFY_CONTAINS(leaking.suspects, "buildTree — +16.7 MB, linear (leak-like)");
        // B caught a std::regex half built (tests/data/fresh/rxchurn.cpp, which frees all it
        // builds): the pool is still most of the growth, and what the program held is told as such.
        const FirstScreen passing = firstScreenOf(testData(QStringLiteral("fresh/heaptrack.rxchurn.zst")));
        QVERIFY(passing.opened);
        HEAPLINE_VERIFY_CONTAINS(passing.growth,
            "Of that growth, +72.7 kB was allocated as the program's libraries were loaded, by their initialisation; "
            "the other 1.40 kB is what the program held in passing at B, none of it grown leak-like.");
    }

    // A script that imports numpy, recorded with --exact (tests/data/fresh/npimport.py): its heap
    // read "linear. Keeps every item it is given: bound the list or cache", and its rows left out
    // as made at load were listed all 2,000 of them.
    void firstScreenOfImportsAlone()
    {
        const auto screen = firstScreenOf(testData(QStringLiteral("fresh/npimport-exact.heapline.zst")));
        QVERIFY(screen.opened);
        HEAPLINE_VERIFY_CONTAINS(
            screen.growth, "All of that growth (+8.40 MB) was allocated as the program's libraries were loaded");
        QVERIFY2(!screen.growth.contains(QLatin1String("bound the list")), qPrintable(screen.growth));
        HEAPLINE_VERIFY_CONTAINS(screen.suspects, "None: the heap rose by up to 9.49 MB");
        HEAPLINE_VERIFY_CONTAINS(screen.suspects, "<module> +6.89 MB");
        QVERIFY2(screen.suspects.contains(
                     QRegularExpression(QStringLiteral("and [0-9,]+ more rows, \\+[0-9.]+ [kM]B between them"))),
            qPrintable(screen.suspects));
        QVERIFY2(screen.suspects.size() < 3000, qPrintable(QString::number(screen.suspects.size())));
        // The same import, then batches that keep nothing but 262 B of numpy's random generator
        // (npbatch.py): the import spread over two snapshots, and the heap read "linear. Keeps
        // every item it is given … It grows by 1.66 MB a second".
        const auto batches = firstScreenOf(testData(QStringLiteral("fresh/npbatch-exact.heapline.zst")));
        QVERIFY(batches.opened);
        HEAPLINE_VERIFY_CONTAINS(batches.growth,
            "Of that growth, +8.43 MB was allocated as the program's libraries were loaded, by their initialisation; "
            "the other 262 B is the program's own, in the suspects below.");
        QVERIFY2(!batches.growth.contains(QLatin1String("bound the list")), qPrintable(batches.growth));
        QVERIFY2(!batches.growth.contains(QLatin1String("a second")), qPrintable(batches.growth));
        // A library's import, then batches built and freed (hand-written after a script that
        // imports pandas): the heap is spiky, and its lows rose by what the import made. That is
        // no batch's leftover ("its lows rose by 28.8 MB: what its batches left behind").
        const auto imported = firstScreenOf(testData(QStringLiteral("heapline.importbatches.heapline")));
        QVERIFY(imported.opened);
        HEAPLINE_VERIFY_CONTAINS(imported.growth, "(+10.0 MB): spiky.");
        HEAPLINE_VERIFY_CONTAINS(
            imported.growth, "All of that growth (+10.0 MB) was allocated as the program's libraries were loaded");
        QVERIFY2(!imported.growth.contains(QLatin1String("lows rose")), qPrintable(imported.growth));
    }

    // A fresh service (tests/data/fresh/warmleak.c) that warms a 48 MB cache at start-up, then
    // leaks a 200-byte context per request, 4 MB over the run: the heap's headline read "plateau.
    // Rises, then holds: a bounded cache or warm-up", and the leak stood second in the list.
    void firstScreenOfALeakBeneathALevel()
    {
        const auto screen = firstScreenOf(testData(QStringLiteral("fresh/heaptrack.warmleak.zst")));
        QVERIFY(screen.opened);
        HEAPLINE_VERIFY_CONTAINS(screen.growth, "(+52.1 MB): plateau. Rises, then holds");
        HEAPLINE_VERIFY_CONTAINS(
            screen.growth, "Beneath that level, make_context climbs: +4.00 MB, linear (leak-like).");
        // Nor where nothing climbs beneath a level.
        const auto cache = firstScreenOf(testData(QStringLiteral("fresh/heaptrack.cxxcache.zst")));
        QVERIFY(cache.opened);
        QVERIFY2(!cache.growth.contains(QLatin1String("Beneath that level")), qPrintable(cache.growth));
    }

    // A fresh service (tests/data/fresh/idle.c) that keeps a record of every request through a
    // load test, then idles until it is stopped: the heap read "plateau. Rises, then holds: a
    // bounded cache or warm-up", the end of the work taken for a bound. The Summary says the
    // level was held while the program was idle; over the busy part alone the heap is linear and
    // nothing need be said; a cache full at its bound while requests go on is told nothing.
    // heaptrack run on a wrapper script that execs the program (fresh/heaptrack.sh-exec.zst: a
    // /bin/sh script; env-exec: pyenv's shim through /usr/bin/env) records only the wrapper's
    // start: three checkpoints, all at 0 ms, and no RSS. Its first screen read "linear. Keeps every
    // item it is given … It grows by 0 B a second (R² 0.00)", the shell's row "its lows rose by
    // 3.48 kB by 0 ms", and the RSS card "this format has no RSS". An instant has no shape.
    void firstScreenOfARecordingWithoutTime()
    {
        for (const char* file : { "fresh/heaptrack.sh-exec.zst", "fresh/heaptrack.env-exec.zst" }) {
            const QString path = testData(QString::fromLatin1(file));
            const auto screen = firstScreenOf(path);
            QVERIFY(screen.opened);
            HEAPLINE_VERIFY_CONTAINS(screen.growth,
                "No time passed between A and B: the recording's checkpoints there stand at one instant, so its "
                "shape cannot be read, only what it held.");
            for (const char* wrong : { "linear", "Keeps every item", "a second", "lows rose" }) {
                QVERIFY2(!screen.growth.contains(QLatin1String(wrong)), qPrintable(screen.growth));
                QVERIFY2(!screen.suspects.contains(QLatin1String(wrong)), qPrintable(screen.suspects));
            }
            const auto diff = runCli({ QStringLiteral("diff"), QStringLiteral("--json"), path });
            QCOMPARE(diff.exitCode, 0);
            const QJsonObject total
                = QJsonDocument::fromJson(diff.out).object().value(QLatin1String("total")).toObject();
            QCOMPARE(total.value(QLatin1String("class")).toString(), QStringLiteral("plateau"));
            QCOMPARE(total.value(QLatin1String("leak_like")).toBool(true), false);
            // A CI budget on leak-like classes does not break on a recording of an instant.
            const auto budget = runCli({ QStringLiteral("report"), path, QStringLiteral("--format"),
                QStringLiteral("md"), QStringLiteral("-o"), QStringLiteral("-"), QStringLiteral("--fail-on-class"),
                QStringLiteral("linear,stepwise") });
            QCOMPARE(budget.exitCode, 0);
            const auto imported = importProfile(path.toStdString());
            QVERIFY(imported.profile);
            bool told = false;
            for (const auto& fact : summaryFacts(*imported.profile))
                told = told || (fact.caption == "Peak RSS" && fact.detail == "the recording has none");
            QVERIFY(told);
        }
    }

    // A block grown by one function and resized or copied whole by another at the end is the
    // other's at B (heaptrack and tracemalloc give a block to whoever last resized it): a report
    // buffer grown by append_row() and trimmed by finish_report() (fresh/trimbuf.c), a BytesIO
    // written by respond() and read out by getvalue() (bytesio.py), parts collected by collect()
    // and joined by finish() (joinparts.py). The first screen named the trimmer alone, "stepwise".
    void firstScreenOfABlockHandedOver()
    {
        const QString trimbuf = testData(QStringLiteral("fresh/heaptrack.trimbuf.zst"));
        const auto screen = firstScreenOf(trimbuf);
        QVERIFY(screen.opened);
        HEAPLINE_VERIFY_CONTAINS(screen.suspects,
            "finish_report: its +23.1 MB came in one step at 320 ms, as append_row, which had grown to 30.6 MB, let "
            "go of 30.6 MB: one block resized or copied whole by another function");
        HEAPLINE_VERIFY_CONTAINS(screen.suspects, "What grew it is append_row.");
        const auto diff = runCli({ QStringLiteral("diff"), trimbuf });
        QCOMPARE(diff.exitCode, 0);
        QVERIFY2(diff.out.contains("finish_report: its +23.1 MB came in one step at 320 ms"), diff.out.constData());
        const auto report = runCli({ QStringLiteral("report"), trimbuf, QStringLiteral("--format"),
            QStringLiteral("md"), QStringLiteral("-o"), QStringLiteral("-") });
        QVERIFY2(report.out.contains("Its +23.1 MB came in one step at 320 ms")
                && report.out.contains("What grew it is append_row."),
            report.out.constData());
        // Under CPython 3.13 too, where the script's other few samples count for hundreds of blocks
        // beside the buffer, and the join was caught alive at two snapshots.
        for (const auto& [file, grower] :
            { std::pair { "fresh/bytesio.heapline", "respond" }, std::pair { "fresh/joinparts.heapline", "collect" },
                std::pair { "fresh/bytesio-313.heapline", "respond" },
                std::pair { "fresh/joinparts-313.heapline", "collect" } }) {
            const auto python = firstScreenOf(testData(QString::fromLatin1(file)));
            QVERIFY(python.opened);
            QVERIFY2(python.suspects.contains(QStringLiteral("What grew it is %1.").arg(QLatin1String(grower))),
                qPrintable(python.suspects));
        }
        // Nothing of the kind where a block freed here as one was made there is a coincidence: a
        // leak of many blocks, a cache, a request log of a few kB among megabytes; in a sampled
        // recording, an index rebuilt from the old one (fresh/rebuild.py: 746 606 blocks by the
        // estimate, where the old index was let go as the new one rose).
        for (const char* file : { "fresh/heaptrack.idle.zst", "corpus/recorded/heaptrack.phases.zst",
                 "fresh/heaptrack.envreq.zst", "corpus/external/heaptrack.david.18594.gz", "fresh/rebuild.heapline" }) {
            const auto other = firstScreenOf(testData(QString::fromLatin1(file)));
            QVERIFY(other.opened);
            QVERIFY2(!other.suspects.contains(QLatin1String("What grew it is")), qPrintable(other.suspects));
        }
    }

    void firstScreenOfALeakThatStoppedWithTheWork()
    {
        const QString idle = testData(QStringLiteral("fresh/heaptrack.idle.zst"));
        const auto screen = firstScreenOf(idle);
        QVERIFY(screen.opened);
        HEAPLINE_VERIFY_CONTAINS(screen.growth, "(+39.8 MB): plateau. Rises, then holds");
        HEAPLINE_VERIFY_CONTAINS(screen.growth,
            "It held once the program all but stopped allocating: from 2.870 s on it made 1 allocation call a "
            "second, against 156,795 before (it idled, or worked on what it held). A leak that stopped with the "
            "allocations would hold the same way");
        const auto busy = runCli({ QStringLiteral("diff"), idle, QStringLiteral("--to"), QStringLiteral("2.87s") });
        QCOMPARE(busy.exitCode, 0);
        QVERIFY2(busy.out.contains("linear") && !busy.out.contains("stopped allocating"), busy.out.constData());
        const auto report = runCli({ QStringLiteral("report"), idle, QStringLiteral("--format"), QStringLiteral("md"),
            QStringLiteral("-o"), QStringLiteral("-") });
        QVERIFY2(report.out.contains("It held once the program all but stopped allocating")
                && report.out.contains(
                    "It held its level only once the program all but stopped allocating, from 2.870 s on"),
            report.out.constData());
        // The same in Python (fresh/idlepy.py), told by the program's CPU time (recorder 1.6), and
        // the list that kept the records named, read up to where the work stopped.
        const auto python = firstScreenOf(testData(QStringLiteral("fresh/idlepy.heapline")));
        QVERIFY(python.opened);
        HEAPLINE_VERIFY_CONTAINS(python.growth,
            "It held while the program was nearly idle: from 2.048 s on it used 0.5% of a CPU, against 15% of a "
            "CPU while it worked.");
        HEAPLINE_VERIFY_CONTAINS(python.growth, "Kept in: journal (a list of dicts): +150,000 entries");
        // An asyncio backlog (fresh/backlog.py, recorder 1.6): the reader done, the writer's slow
        // drain at 2% of a CPU. A program that imported numpy and slept (fresh/npimport.py): its
        // libraries' loading, told as that, and nothing of a leak that stopped.
        const auto backlog = firstScreenOf(testData(QStringLiteral("fresh/backlog-cpu.heapline")));
        QVERIFY(backlog.opened);
        HEAPLINE_VERIFY_CONTAINS(
            backlog.growth, "It held while the program was nearly idle: from 0.398 s on it used 1.9%");
        const auto imported = firstScreenOf(testData(QStringLiteral("fresh/npimport-cpu.heapline")));
        QVERIFY(imported.opened);
        HEAPLINE_VERIFY_CONTAINS(imported.growth, "was allocated as the program's libraries were loaded");
        QVERIFY2(!imported.growth.contains(QLatin1String("nearly idle")), qPrintable(imported.growth));
        // jq sorting the 176 MB it parsed (fresh/heaptrack.jq.zst): 51 allocation calls a second at
        // full CPU. It stopped allocating; it did not idle.
        const auto sorting = firstScreenOf(testData(QStringLiteral("fresh/heaptrack.jq.zst")));
        QVERIFY(sorting.opened);
        HEAPLINE_VERIFY_CONTAINS(sorting.growth,
            "It held once the program all but stopped allocating: from 4.280 s on it made 51 allocation calls a "
            "second, against 469,226 before (it idled, or worked on what it held)");
        QVERIFY2(!sorting.growth.contains(QLatin1String("idle:")), qPrintable(sorting.growth));
        for (const char* cache : { "corpus/recorded/heaptrack.phases.zst", "fresh/heaptrack.cxxcache.zst" }) {
            const auto full = firstScreenOf(testData(QString::fromLatin1(cache)));
            QVERIFY(full.opened);
            QVERIFY2(!full.growth.contains(QLatin1String("stopped allocating")), qPrintable(full.growth));
        }
    }

    // A fresh multiprocessing pool whose parent keeps every result (tests/data/fresh/mp.py): the
    // results are unpickled on the pool's result-handler thread, where no frame is the program's,
    // and the culprit read "_ConnectionBase.recv +73.5 MB linear (leak-like)" with nothing to say
    // that the standard library only made what the program kept.
    void firstScreenOfObjectsMadeOnALibrarysThread()
    {
        const auto screen = firstScreenOf(testData(QStringLiteral("fresh/mp.heapline")));
        QVERIFY(screen.opened);
        HEAPLINE_VERIFY_CONTAINS(screen.suspects, "_ConnectionBase.recv — +73.5 MB, linear");
        HEAPLINE_VERIFY_CONTAINS(screen.suspects,
            "No frame of the program's own is on this stack: the standard library made these on a thread it runs "
            "itself (_ConnectionBase.recv in multiprocessing/connection.py), as a pool's results come back from its "
            "workers.");
        // A thread of the program's whose target is C code (tests/data/fresh/thrtarget.py): recorded
        // at all since the recorder kept threading's Thread.run, and said to be the program's thread.
        const auto builtin = firstScreenOf(testData(QStringLiteral("fresh/thrtarget.heapline")));
        QVERIFY(builtin.opened);
        HEAPLINE_VERIFY_CONTAINS(builtin.suspects, "Thread.run — +70.8 MB, linear");
        HEAPLINE_VERIFY_CONTAINS(builtin.suspects,
            "a thread of the program's whose target is not Python code (a built-in or an extension's function, as "
            "Thread(target=items.extend)) made these; threading's Thread.run calls it.");
        // A task given to a ThreadPoolExecutor that is not the program's code (fresh/poolbuiltin.py:
        // executor.map(json.loads, lines)): the pool and the task are the program's.
        const auto pool = firstScreenOf(testData(QStringLiteral("fresh/poolbuiltin.heapline")));
        QVERIFY(pool.opened);
        HEAPLINE_VERIFY_CONTAINS(pool.suspects, "JSONDecoder.raw_decode — +98.6 MB, linear");
        HEAPLINE_VERIFY_CONTAINS(pool.suspects,
            "a task the program gave a ThreadPoolExecutor, a function not of its own code (as "
            "executor.map(json.loads, lines)), made these on the pool's worker (JSONDecoder.raw_decode in "
            "json/decoder.py).");
        // A thread running the program's own code says nothing of the kind.
        const auto own = firstScreenOf(testData(QStringLiteral("fresh/tpool.heapline")));
        QVERIFY(own.opened);
        HEAPLINE_VERIFY_CONTAINS(own.suspects, "build — +54.0 MB, linear");
        QVERIFY2(!own.suspects.contains(QLatin1String("No frame of the program's own")), qPrintable(own.suspects));
    }

    // A fresh Python program (tests/data/fresh/pyleak.py) under heaptrack, which sees the
    // interpreter's C stack only: the culprit read "PyUnicode_New", with nothing to say that the
    // Python code is out of sight, nor how to see it.
    void firstScreenOfAPythonProgramUnderHeaptrack()
    {
        const auto screen = firstScreenOf(testData(QStringLiteral("fresh/heaptrack.pyleak.zst")));
        QVERIFY(screen.opened);
        QVERIFY2(
            screen.suspects.contains(QStringLiteral("PyUnicode_New — +56.0 MB, linear")), qPrintable(screen.suspects));
        QVERIFY2(screen.suspects.contains(QLatin1String("the Python interpreter's own functions"))
                && screen.suspects.contains(QLatin1String("heapline-cli record -o FILE -- python3 SCRIPT")),
            qPrintable(screen.suspects));
        // A C++ program's first screen says nothing of the kind.
        const auto cpp = firstScreenOf(testData(QStringLiteral("fresh/heaptrack.sawtooth.zst")));
        QVERIFY(cpp.opened && !cpp.suspects.contains(QLatin1String("interpreter")));
    }

    // A fresh Python program run for a second under `record` (tests/data/fresh/events.py): Order
    // objects kept in a dict forever. Snapshots at 0.5 s, 1.0 s and the exit 11 ms later: the
    // last two alike made the Summary say "plateau" for a heap that climbed throughout.
    void firstScreenOfAShortPythonRun()
    {
        OpenWindow open;
        QVERIFY(open.open(testData(QStringLiteral("fresh/events.heapline")), QString(), QString()));
        auto* summary = open.window.profilePage()->summary();
        const QString growth = QTextDocumentFragment::fromHtml(summary->growthText()).toPlainText();
        QVERIFY2(growth.contains(QLatin1String(": linear.")), qPrintable(growth));
        const QString suspects = QTextDocumentFragment::fromHtml(summary->suspectsText()).toPlainText();
        QVERIFY2(
            suspects.contains(QStringLiteral("Order.__init__ — +9.96 MB, linear (leak-like)")), qPrintable(suspects));
    }

    // A fresh threaded C++ program (tests/data/fresh/threads.cpp): every suspect's key ran to ten
    // lines of std::__new_allocator, std::vector and std::__invoke_impl frames with their
    // folders. The Summary names a callsite short, its whole key a tooltip away (and the link).
    void firstScreenNamesCallsitesShort()
    {
        OpenWindow open;
        QVERIFY(open.open(testData(QStringLiteral("fresh/heaptrack.threads.zst")), QString(), QString()));
        open.window.selection()->setGrouping(Grouping::Callsite);
        QTRY_VERIFY(open.window.profilePage()->summary()->suspectsText().contains(QLatin1String("by callsite")));
        auto* summary = open.window.profilePage()->summary();
        const QString html = summary->suspectsText();
        const QString suspects = QTextDocumentFragment::fromHtml(html).toPlainText();
        HEAPLINE_VERIFY_CONTAINS(suspects,
            "Top suspects by callsite\nRecord::Record(Record const&) (threads.cpp:10) [via 6 library frames] <- worker "
            "(threads.cpp:26) — +3.29 MB, linear (leak-like)");
        QVERIFY2(!suspects.contains(QLatin1String("std::")), qPrintable(suspects));
        QVERIFY2(html.contains(QLatin1String("title='Record::Record(Record const&amp;) (/tmp/fresh16/threads.cpp:10) "
                                             "[via std::__new_allocator")),
            qPrintable(html));
        // The lists, narrower, leave the plumbing out, unless two callsites of one line would
        // read alike.
        const QString lists = QTextDocumentFragment::fromHtml(summary->listsText()).toPlainText();
        HEAPLINE_VERIFY_CONTAINS(lists, "parseJob (threads.cpp:15) <- worker (threads.cpp:22) — 102,852 (13.2 MB)");
        HEAPLINE_VERIFY_CONTAINS(lists, "worker (threads.cpp:22) [via 6 library frames] — 11,426 (5.76 MB)");
        HEAPLINE_VERIFY_CONTAINS(lists, "worker (threads.cpp:22) [via 8 library frames] — 28 (80.8 kB)");
    }

    // A fresh Python request loop (tests/data/fresh/logged.py) that logs each request through a
    // small dict it drops and keeps a small dict per request. CPython hands the logger's dropped
    // dicts and key tables to the kept ones through its free lists; the sampler kept their first
    // owner's stack, and the first suspect read "log_event +53.0 MB linear" (its own list holds
    // 2.6 MB). Under CPython 3.11 those blocks are counted apart and left out of the suspects.
    void firstScreenOfDictsRecycledByCPython()
    {
        const auto screen = firstScreenOf(testData(QStringLiteral("fresh/logged.heapline")));
        QVERIFY(screen.opened);
        HEAPLINE_VERIFY_CONTAINS(screen.suspects, "Top suspects by function\nremember — +16.8 MB, linear (leak-like)");
        HEAPLINE_VERIFY_CONTAINS(
            screen.suspects, "the rows above hold less than they keep: <recycled by CPython: owner unknown> +56.6 MB.");
    }

    // A fresh Python program (tests/data/fresh/pool.py) that maps 1 MB for every connection and
    // never unmaps it, its Python objects bounded: RSS climbs 51 MB and falls back as the
    // interpreter exits. B at the end showed no RSS growth, and the Summary told a "spiky" heap
    // of 0 B and nothing native.
    void firstScreenOfNativeMemoryReleasedAtExit()
    {
        const auto screen = firstScreenOf(testData(QStringLiteral("fresh/pool.heapline")));
        QVERIFY(screen.opened);
        QCOMPARE(screen.b, screen.lastCheckpoint - 1);
        HEAPLINE_VERIFY_CONTAINS(screen.growth, "native: RSS grew by 51.2 MB");
        HEAPLINE_VERIFY_CONTAINS(screen.growth, "B: before teardown at 1.491 s; the process released");
    }

    // A C service that keeps memory it maps itself (tests/data/fresh/native.c): RSS climbs by
    // 60.9 MB, and the only thing the traced heap keeps is the C++ runtime's pool for exceptions,
    // made as libstdc++ was loaded. The heap read "stepwise: grows in a few large jumps" (its
    // request scratch, caught alive at some checkpoints, made steps) and the pool was the top
    // suspect.
    void firstScreenOfNativeGrowthBesideTheRuntimesPool()
    {
        const auto screen = firstScreenOf(testData(QStringLiteral("fresh/heaptrack.native.zst")));
        QVERIFY(screen.opened);
        HEAPLINE_VERIFY_CONTAINS(screen.growth, "(+72.7 kB): plateau");
        HEAPLINE_VERIFY_CONTAINS(screen.growth, "native: RSS grew by 60.9 MB");
        HEAPLINE_VERIFY_CONTAINS(screen.suspects, "None: the heap rose by up to 89.1 kB");
        HEAPLINE_VERIFY_CONTAINS(screen.suspects,
            "Left out, allocated as the program's libraries were loaded, by their initialisation (the C++ runtime's "
            "pool for exceptions, a Python module's code as it is imported): no suspect: ?? in "
            "/lib/x86_64-linux-gnu/libstdc++.so.6 +72.7 kB.");
        HEAPLINE_VERIFY_CONTAINS(screen.suspects, "Rose and fell back between A and B\nhandle");
    }

    // A pool of four worker threads that frees everything (tests/data/fresh/workerpool.cpp): at B
    // its heap holds the C++ runtime's pool for exceptions, 72.7 kB made as libstdc++ was loaded,
    // and 55 kB of requests in flight. That first step made the heap read "stepwise. Grows in a few
    // large jumps: each copies or materialises a big object".
    void firstScreenOfAPoolThatFreesEverything()
    {
        const auto screen = firstScreenOf(testData(QStringLiteral("fresh/heaptrack.workerpool.zst")));
        QVERIFY(screen.opened);
        HEAPLINE_VERIFY_CONTAINS(screen.growth, "The heap went from 0 B to 128 kB (+128 kB): spiky. Builds batches");
        HEAPLINE_VERIFY_CONTAINS(screen.growth,
            "The class is the shape of the rest of the heap: +72.7 kB of it was allocated as the program's libraries "
            "were loaded, by their initialisation, and made it read as a leak.");
        QVERIFY2(!screen.suspects.contains(QLatin1String("leak-like")), qPrintable(screen.suspects));
        // The same pool keeping one string in fifty (workerpool-keeps.cpp): without the runtime's
        // pool its heap climbs under the requests (R² 0.84), and stays a leak.
        const auto keeps = firstScreenOf(testData(QStringLiteral("fresh/heaptrack.workerpool-keeps.zst")));
        QVERIFY(keeps.opened);
        HEAPLINE_VERIFY_CONTAINS(keeps.growth, "The heap went from 0 B to 214 kB (+214 kB): linear.");
        QVERIFY2(!keeps.growth.contains(QLatin1String("shape of the rest")), qPrintable(keeps.growth));
        HEAPLINE_VERIFY_CONTAINS(keeps.suspects, "+93.0 kB stayed at handle (/tmp/fresh70/poolleak.cpp:39)");
    }

    // A Go program built with cgo (tests/data/fresh/gocgo2.go) keeps its sessions in Go's own heap,
    // which heaptrack does not see; its C scratch buffers are all freed. Its one suspect read
    // "allocate_dtv +1.68 kB, plateau": glibc's storage for the thread-local variables of the five
    // threads Go's runtime started and kept. A thread per connection never joined (nojoin.c) grows
    // so leak-like, and stays a suspect.
    void firstScreenLeavesOutThreadsStillRunning()
    {
        const auto go = firstScreenOf(testData(QStringLiteral("fresh/heaptrack.gocgo2.zst")));
        QVERIFY(go.opened);
        HEAPLINE_VERIFY_CONTAINS(go.suspects, "None: the heap rose by up to 74.9 kB");
        HEAPLINE_VERIFY_CONTAINS(go.suspects,
            "Left out, held by threads still running: glibc's storage for each thread's thread-local variables, made "
            "as the thread starts and freed as it ends (joined, or detached and returned): no suspect: allocate_dtv "
            "+1.68 kB.");
        HEAPLINE_VERIFY_CONTAINS(go.growth, "native: RSS grew by 12.4 MB");
        const auto nojoin = firstScreenOf(testData(QStringLiteral("fresh/heaptrack.nojoin.zst")));
        QVERIFY(nojoin.opened);
        HEAPLINE_VERIFY_CONTAINS(nojoin.suspects, "main — +196 kB, linear (leak-like)");
        QVERIFY2(!nojoin.suspects.contains(QLatin1String("held by threads")), qPrintable(nojoin.suspects));
    }

    // GNU sort (tests/data/fresh/heaptrack.sort.zst, 3 million numbers) allocates a 1.49 GB buffer
    // up front and writes to a seventh of it: the heap "went from 0 B to 1.49 GB" beside an RSS of
    // 219 MB, and nothing said why the two parted.
    void firstScreenOfABufferReservedUpFront()
    {
        const auto screen = firstScreenOf(testData(QStringLiteral("fresh/heaptrack.sort.zst")));
        QVERIFY(screen.opened);
        HEAPLINE_VERIFY_CONTAINS(screen.growth, "The heap went from 0 B to 1.49 GB");
        HEAPLINE_VERIFY_CONTAINS(screen.growth,
            "RSS stands at 218 MB at B, under half the heap's 1.49 GB: most of what "
            "was allocated was never written to");
        // Not where RSS keeps up with the heap.
        const auto compile = firstScreenOf(testData(QStringLiteral("fresh/heaptrack.compile.zst")));
        QVERIFY2(!compile.growth.contains(QLatin1String("never written to")), qPrintable(compile.growth));
    }

    // A service that builds a table at start and renews it entry by entry beside a leak
    // (tests/data/fresh/daemon.c, run for 3 000 requests): the renewal is told apart from the
    // suspects, and the table's fall is its renewal, not "what its batches left behind".
    void firstScreenOfATableRenewedBesideALeak()
    {
        const auto screen = firstScreenOf(testData(QStringLiteral("fresh/heaptrack.refresh.zst")));
        QVERIFY(screen.opened);
        HEAPLINE_VERIFY_CONTAINS(
            screen.suspects, "Top suspects by function\nopen_session — +1.54 MB, linear (leak-like)");
        HEAPLINE_VERIFY_CONTAINS(screen.suspects,
            "build_table — +1.12 MB (rose by 4.19 MB), spiky; fell by 3.07 MB as refresh_entry grew by 3.07 MB");
        HEAPLINE_VERIFY_CONTAINS(screen.suspects,
            "Left out, grown only by replacing blocks another row made, the two holding steady together (the Diff tab "
            "says which): refresh_entry +3.07 MB.");
        QVERIFY2(!screen.suspects.contains(QLatin1String("batches left behind")), qPrintable(screen.suspects));
        HEAPLINE_VERIFY_CONTAINS(screen.growth, "The heap went from 0 B to 5.73 MB (+5.73 MB): linear.");
    }

    // A worker that keeps every exception it caught (tests/data/fresh/errors.py) keeps their
    // tracebacks, frames and the frames' 20 kB buffers: the only suspect read "parse +78.0 MB,
    // linear: keeps every item it is given", for a function whose buffer is a local. The Summary
    // now says what holds it, from the census; not where the exceptions were kept without their
    // tracebacks (errors-fixed.heapline: with_traceback(None)).
    void firstScreenOfKeptExceptions()
    {
        const auto screen = firstScreenOf(testData(QStringLiteral("fresh/errors.heapline")));
        QVERIFY(screen.opened);
        HEAPLINE_VERIFY_CONTAINS(screen.suspects, "parse");
        HEAPLINE_VERIFY_CONTAINS(screen.growth,
            "Kept exceptions: +8,000 tracebacks and +4,006 frames between A and B (the exception that grew most: "
            "__main__.ParseError, +4,000).");
        HEAPLINE_VERIFY_CONTAINS(screen.growth, "error.with_traceback(None)");
        const auto fixed = firstScreenOf(testData(QStringLiteral("fresh/errors-fixed.heapline")));
        QVERIFY(fixed.opened);
        QVERIFY2(!fixed.growth.contains(QLatin1String("Kept exceptions")), qPrintable(fixed.growth));
    }

    // A pandas collector (tests/data/fresh/pandas_metrics.py, sampled): importing numpy and pandas
    // takes 25 MB, which read as the top suspect "<module> +24.7 MB, plateau", and the frame the
    // collector grows by pd.concat read as numpy's dispatcher, "array_function_dispatch.decorator.
    // public_api". The imports are left out, named; the suspect is the collector's tick.
    void firstScreenOfPandasImports()
    {
        const auto screen = firstScreenOf(testData(QStringLiteral("fresh/pandas_metrics.heapline")));
        QVERIFY(screen.opened);
        HEAPLINE_VERIFY_CONTAINS(screen.suspects, "Top suspects by function\ntick — +2.95 MB, linear");
        HEAPLINE_VERIFY_CONTAINS(
            screen.suspects, "a Python module's code as it is imported): no suspect: <module> +24.7 MB");
        QVERIFY2(!screen.suspects.contains(QLatin1String("public_api")), qPrintable(screen.suspects));
    }

    // Massif snapshots without trees: the totals, and that nothing can be compared.
    void firstScreenOfSnapshotsWithoutTrees()
    {
        const auto screen = firstScreenOf(corpusFile(QStringLiteral("external/massif.out.32406")));
        QVERIFY(screen.opened);
        HEAPLINE_VERIFY_CONTAINS(screen.growth,
            "Nothing to compare: the file records the heap's total only (0 B at "
            "the start, 100 B at the end, 100 B at most)");
        QVERIFY2(!screen.growth.contains(QLatin1String("flat")), qPrintable(screen.growth));
        QVERIFY2(!screen.suspects.contains(QLatin1String("Nothing grew")), qPrintable(screen.suspects));
    }

    // The diff table's trend is drawn along time (tests/data/heapline.uneven.heapline: a heap that
    // climbs steadily, sampled every 50 ms up to 0.45 s, then at 1 s): 70% of the way across, the
    // line stands 70% up, where drawn sample by sample it stood under 40%.
    void sparklinesRunAlongTime()
    {
        DiffTableModel model;
        model.setComparison(
            comparisonOf(testData(QStringLiteral("heapline.uneven.heapline")), 0, 10, Grouping::Function));
        QCOMPARE(model.rowCount(), 1);
        QImage image(208, 48, QImage::Format_ARGB32);
        image.fill(Qt::white);
        {
            QPainter painter(&image);
            QStyleOptionViewItem option;
            option.rect = image.rect();
            option.palette = QApplication::palette();
            SparklineDelegate().paint(&painter, option, model.index(0, DiffTableModel::TrendColumn));
        }
        // The delegate's area: 4 pixels in from each side.
        const int x = 4 + qRound(0.7 * 200);
        int top = -1;
        for (int y = 0; y < image.height() && top < 0; ++y)
            if (qRed(image.pixel(x, y)) > 150 && qGreen(image.pixel(x, y)) < 120)
                top = y;
        QVERIFY(top >= 0);
        const double up = (image.height() - 4 - top) / double(image.height() - 8);
        QVERIFY2(up > 0.6 && up < 0.8, qPrintable(QString::number(up)));
    }

    // File › Export Leak Report writes what the window shows: its A, B, grouping and filter.
    void exportsTheReportOfTheCurrentView()
    {
        QTemporaryDir dir;
        OpenWindow open;
        QVERIFY(open.open(corpusFile(QStringLiteral("recorded/heaptrack.phases.zst")), QStringLiteral("start"), QStringLiteral("8s")));
        open.window.selection()->setFilter(QStringLiteral("leak"));
        QSignalSpy written(&open.window, &MainWindow::reportWritten);
        const QString json = dir.filePath(QStringLiteral("view.json"));
        QVERIFY(open.window.exportReport(json));
        // One at a time, and a second asked for meanwhile is told so: until the first's end is
        // handled, also once its worker is done (a second started then dropped the first's
        // signal, and the test failed now and then where the worker won the race).
        QThreadPool::globalInstance()->waitForDone();
        QVERIFY(!open.window.printReport());
        QVERIFY2(open.window.statusBar()->currentMessage().contains(QStringLiteral("still being written")),
            qPrintable(open.window.statusBar()->currentMessage()));
        QVERIFY(written.wait(30000));
        QCOMPARE(written.first().first().toString(), json);
        const auto doc = QJsonDocument::fromJson(readFile(json)).object();
        QCOMPARE(doc.value(QStringLiteral("grouping")).toString(), QStringLiteral("function"));
        QCOMPARE(doc.value(QStringLiteral("filter")).toObject().value(QStringLiteral("text")).toString(), QStringLiteral("leak"));
        QCOMPARE(doc.value(QStringLiteral("to")).toObject().value(QStringLiteral("checkpoint")).toInteger(),
                 qint64(open.window.selection()->b()));
        const auto suspects = doc.value(QStringLiteral("suspects")).toArray();
        QCOMPARE(suspects.size(), 1);
        QCOMPARE(suspects.first().toObject().value(QStringLiteral("key")).toString(), QStringLiteral("leakEvents(int, long)"));
        // The HTML too; and a failure shows in the banner.
        QVERIFY(open.window.exportReport(dir.filePath(QStringLiteral("view.html"))));
        QVERIFY(written.wait(30000));
        QVERIFY(readFile(dir.filePath(QStringLiteral("view.html"))).contains("leakEvents(int, long)"));
        // As PDF pages (File › Print Leak Report lays out the same document).
        const QString pdf = dir.filePath(QStringLiteral("view.pdf"));
        QVERIFY(open.window.exportReport(pdf));
        QVERIFY(written.wait(30000));
        QCOMPARE(written.last().first().toString(), pdf);
        QVERIFY(readFile(pdf).startsWith("%PDF-"));
        if (qEnvironmentVariableIsSet("HEAPLINE_KEEP_PDF"))
            QFile::copy(pdf, qEnvironmentVariable("HEAPLINE_KEEP_PDF"));
        QVERIFY(open.window.exportReport(dir.filePath(QStringLiteral("missing/folder/view.md"))));
        QVERIFY(written.wait(30000));
        QVERIFY(written.last().first().toString().isEmpty());
        QVERIFY(open.window.banner()->isVisible());
    }

    // What File › Print Leak Report prints and a .pdf export writes: the Markdown report laid out
    // by Qt, with the timeline below the range line; a table of facts without Markdown's empty
    // header row; a stack's long C++ frames wrapped at the page's edge, not cut.
    void reportDocumentIsTheMarkdownReportLaidOut()
    {
        const QString markdown = QStringLiteral(
            "# Leak report: a.zst\n\nA 0 s (start) → B 8 s (end) · by function\n\n## The profile\n\n"
            "| | |\n|---|---|\n| Peak heap | 17.6 MB |\n| Leaked at end | 4.10 kB |\n| Growth | **linear**: net +2.88 "
            "MB |\n\n"
            "## Suspects\n\n| # | function | Δ bytes | class |\n|--:|---|--:|---|\n| 1 | &lt;module&gt; | +2.88 MB | "
            "stepwise ! |\n\n"
            "> Rises, then holds: a plateau that a bounded cache reaches.\n\n"
            "```\nstd::__cxx11::basic_string<char, std::char_traits<char>, std::allocator<char> >::_M_create(unsigned "
            "long&, unsigned long)  /usr/include/c++/12/bits/basic_string.tcc:155  in /tmp/phases\n```\n");
        QImage timeline(800, 200, QImage::Format_RGB32);
        timeline.fill(Qt::white);
        const auto document = reportDocument(markdown, timeline);
        const QString text = document->toPlainText();
        QVERIFY2(text.contains(QStringLiteral("<module>")), qPrintable(text));
        QList<QTextTable*> tables;
        for (QTextFrame* frame : document->rootFrame()->childFrames())
            if (auto* table = qobject_cast<QTextTable*>(frame))
                tables << table;
        QCOMPARE(tables.size(), 2);
        QCOMPARE(tables[0]->rows(), 3); // Peak heap, Leaked at end, Growth: no empty row above them
        QCOMPARE(tables[0]->cellAt(0, 0).firstCursorPosition().block().text(), QStringLiteral("Peak heap"));
        QCOMPARE(tables[1]->rows(), 2); // its header and the row
        int images = 0, unbroken = 0;
        QTextBlock imageBlock;
        for (QTextBlock block = document->begin(); block.isValid(); block = block.next()) {
            unbroken += block.blockFormat().nonBreakableLines();
            for (auto it = block.begin(); !it.atEnd(); ++it)
                if (it.fragment().charFormat().isImageFormat()) {
                    ++images;
                    imageBlock = block;
                }
        }
        QCOMPARE(images, 1);
        QVERIFY(imageBlock.previous().text().startsWith(QStringLiteral("A 0 s")));
        QCOMPARE(imageBlock.next().text(), QStringLiteral("The profile"));
        QCOMPARE(unbroken, 0);
        // A class's name in its colour where it is bold or a table's cell of the class alone; not
        // in prose.
        const auto colourOf = [&](const QString& word) {
            const QTextCursor found = document->find(word);
            return found.isNull() ? QColor() : found.charFormat().foreground().color();
        };
        QCOMPARE(colourOf(QStringLiteral("linear")), classColor(GrowthClass::Linear));
        QCOMPARE(colourOf(QStringLiteral("stepwise")), classColor(GrowthClass::Stepwise));
        QVERIFY(colourOf(QStringLiteral("plateau")) != classColor(GrowthClass::Plateau));
        // Laid out on a page, the long frame wraps: the document is no wider than the page.
        document->setTextWidth(700);
        QVERIFY2(document->idealWidth() <= 700, qPrintable(QString::number(document->idealWidth())));
        QTemporaryDir dir;
        QString error;
        const QString pdf = dir.filePath(QStringLiteral("report.pdf"));
        QVERIFY2(writeReportPdf(*document, pdf, QStringLiteral("Leak report: a.zst"), &error), qPrintable(error));
        QVERIFY(readFile(pdf).startsWith("%PDF-"));
        QVERIFY(!writeReportPdf(*document, dir.filePath(QStringLiteral("missing/report.pdf")), QString(), &error));
        QVERIFY(!error.isEmpty());
        QVERIFY(!QFile::exists(dir.filePath(QStringLiteral("missing/report.pdf"))));
    }

    // File › Save as Heapline Profile, then open what was saved: the same diff.
    void savesAndReopensAsHeaplineProfile()
    {
        QTemporaryDir dir;
        const QString saved = dir.filePath(QStringLiteral("phases.heapline.zst"));
        QString topKey;
        qint64 topDelta = 0;
        {
            OpenWindow open;
            QVERIFY(open.open(corpusFile(QStringLiteral("recorded/heaptrack.phases.zst")), QStringLiteral("start"), QStringLiteral("8s")));
            auto* table = open.window.profilePage()->diffView()->table();
            topKey = table->model()->index(0, DiffTableModel::KeyColumn).data(DiffTableModel::KeyRole).toString();
            topDelta = table->model()->index(0, DiffTableModel::DeltaColumn).data(DiffTableModel::SortRole).toLongLong();
            QSignalSpy written(&open.window, &MainWindow::reportWritten);
            QVERIFY(open.window.saveProfile(saved));
            QVERIFY(written.wait(30000));
            QCOMPARE(written.first().first().toString(), saved);
        }
        OpenWindow reopened;
        QVERIFY(reopened.open(saved, QStringLiteral("start"), QStringLiteral("8s")));
        QCOMPARE(reopened.window.profile()->info().format, std::string("heapline"));
        auto* table = reopened.window.profilePage()->diffView()->table();
        QCOMPARE(table->model()->index(0, DiffTableModel::KeyColumn).data(DiffTableModel::KeyRole).toString(), topKey);
        QCOMPARE(table->model()->index(0, DiffTableModel::DeltaColumn).data(DiffTableModel::SortRole).toLongLong(), topDelta);
    }

    // The bundled Python recording, between its marks: the leaking function on top, and the
    // fields say which marks A and B stand on.
    void pythonSampleShowsItsLeak()
    {
        const QString sample = MainWindow::samplePath(QStringLiteral("python.leak_events.heapline"));
        QVERIFY(!sample.isEmpty());
        OpenWindow open;
        QVERIFY(open.open(sample, QStringLiteral("mark:warm"), QStringLiteral("mark:done")));
        auto* page = open.window.profilePage();
        QCOMPARE(page->rangeBar()->fieldA()->text(), QStringLiteral("mark:warm"));
        QCOMPARE(page->rangeBar()->fieldB()->text(), QStringLiteral("mark:done"));
        auto* table = page->diffView()->table();
        QCOMPARE(table->model()->index(0, DiffTableModel::KeyColumn).data(DiffTableModel::KeyRole).toString(), QStringLiteral("handle"));
        QCOMPARE(table->model()->index(0, DiffTableModel::ClassColumn).data(Qt::DisplayRole).toString(), QStringLiteral("linear"));
        QVERIFY(table->isColumnHidden(DiffTableModel::AllocationsColumn)); // tracemalloc counts no single allocations
        QVERIFY(!table->isColumnHidden(DiffTableModel::DeltaBlocksColumn)); // but it counts blocks
        QVERIFY(!page->topDown()->view()->isColumnHidden(CallTreeModel::DeltaBlocksColumn));
    }

    // massif counts neither blocks nor single allocations: every view showed them as columns of
    // zeros ("Δ blocks 0" beside +9.60 MB), and the details and tooltips told "0 allocations".
    void massifShowsNoCountsItDoesNotHave()
    {
        OpenWindow open;
        QVERIFY(open.open(corpusFile(QStringLiteral("recorded/massif.out.phases")), QString(), QString()));
        auto* page = open.window.profilePage();
        QVERIFY(page->diffView()->table()->isColumnHidden(DiffTableModel::DeltaBlocksColumn));
        QVERIFY(page->diffView()->table()->isColumnHidden(DiffTableModel::AllocationsColumn));
        for (auto* tree : { page->topDown(), page->bottomUp() })
            for (int column :
                { CallTreeModel::DeltaBlocksColumn, CallTreeModel::AllocationsColumn, CallTreeModel::FreesColumn })
                QVERIFY(tree->view()->isColumnHidden(column));
        QVERIFY(!page->topDown()->view()->isColumnHidden(CallTreeModel::DeltaColumn));
        // The flame graph's widths by allocations are offered, and not to be picked.
        page->flameView()->setWeight(FlameGraph::Weight::Allocations);
        QCOMPARE(page->flameView()->graph()->weight(), FlameGraph::Weight::BytesB);
        auto* callers = page->callerCallee();
        page->showTab(ProfilePage::CallerCalleeTab); // worked out when shown
        QVERIFY(callers->functionsView()->isColumnHidden(CallerCalleeModel::AllocationsColumn));
        QVERIFY(callers->callersView()->isColumnHidden(CallerCalleeModel::TemporaryColumn));
        // The Markdown report and the CLI's table say none either: "16.0 MB in 0 blocks" was told.
        const auto report = runCli({ QStringLiteral("report"), corpusFile(QStringLiteral("recorded/massif.out.phases")),
            QStringLiteral("--format"), QStringLiteral("md"), QStringLiteral("-o"), QStringLiteral("-") });
        QVERIFY2(
            report.out.contains("| Heap at B | 16.0 MB |") && !report.out.contains("0 blocks"), report.out.constData());
        const auto diff = runCli({ QStringLiteral("diff"), corpusFile(QStringLiteral("recorded/massif.out.phases")) });
        QVERIFY2(diff.out.contains("   +9.60 MB    9.60 MB    9.60 MB          -           -  plateau"),
            diff.out.constData());
    }
};

QTEST_MAIN(TestViews)
#include "tst_views.moc"
