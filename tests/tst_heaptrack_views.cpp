// The views heaptrack_gui and massif-visualizer users reach for, in the A/B frame: Caller /
// Callee, heaptrack's summary lists, the rate charts, the size histogram, suppressions, Open in
// Editor, picture export, the dark palette — and every interaction on 100 000 callsites. Each is
// checked against `heapline-cli diff` or an independent sum.

#include "TestSupport.h"
#include "ViewTestSupport.h"
#include "app/CallTreeModel.h"
#include "app/CallTreeView.h"
#include "app/CallerCalleeModel.h"
#include "app/CallerCalleeView.h"
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
#include "app/Selection.h"
#include "app/SizesView.h"
#include "app/SourceOpener.h"
#include "app/SummaryPage.h"
#include "app/Theme.h"
#include "app/TimelineChart.h"
#include "importers/Importer.h"
#include "model/ReportWriters.h"
#include "model/SizeHistogram.h"
#include "model/SummaryLists.h"
#include "model/Units.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QComboBox>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLineEdit>
#include <QProcess>
#include <QRadioButton>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTextDocumentFragment>
#include <QTreeView>
#include <QUndoStack>
#include <QXmlStreamReader>
#include <map>
#include <set>
#include <tuple>

using namespace heapline;
using namespace heapline::test;

namespace {

// The whole run of a recording by function, and its row "main" (null where there is none).
struct WholeRun {
    ComparisonPtr byFunction;
    size_t last = 0;
    const DiffRow* mainRow = nullptr;
    std::vector<KeptLine> keptInMain;
};
WholeRun wholeRunByFunction(const QString& path)
{
    WholeRun run;
    const auto profile = importProfile(path.toStdString(), {}).profile;
    if (!profile)
        return run;
    run.last = profile->checkpointCount() - 1;
    run.byFunction = comparisonOf(path, 0, run.last, Grouping::Function);
    if (const auto index = run.byFunction->rowOfKey("main"))
        run.mainRow = &run.byFunction->diff().rows[*index];
    if (run.mainRow)
        run.keptInMain = keptWithin(*run.byFunction, *run.mainRow);
    return run;
}

} // namespace

class TestHeaptrackViews : public QObject {
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QApplication::setOrganizationName(QStringLiteral("HeaplineTests"));
    }

    // The Caller/Callee view of a function is the sum of the callsites through it, as
    // `heapline-cli diff --by callsite --json` lists them; callers and callees likewise, each
    // callsite counted once per neighbour.
    void callerCalleeIsTheSumOfTheCallsites()
    {
        const QString path = corpusFile(QStringLiteral("external/heaptrack.david.18594.gz"));
        const auto cli = cliDiff({ path, QStringLiteral("--from"), QStringLiteral("start"), QStringLiteral("--to"), QStringLiteral("end"),
                                   QStringLiteral("--by"), QStringLiteral("callsite"), QStringLiteral("--top"), QStringLiteral("0") });
        const auto rows = cli.value(QStringLiteral("rows")).toArray();
        QCOMPARE(rows.size(), cli.value(QStringLiteral("row_count")).toInt());
        QVERIFY(rows.size() > 100);

        OpenWindow open;
        QVERIFY(open.open(path, QStringLiteral("start"), QStringLiteral("end")));
        auto* page = open.window.profilePage();
        auto* view = page->callerCallee();
        QAbstractItemModelTester functionsTester(view->functionsModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAbstractItemModelTester callersTester(view->callersModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAbstractItemModelTester calleesTester(view->calleesModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy updated(view, &CallerCalleeView::updated);
        page->showTab(ProfilePage::CallerCalleeTab);
        QVERIFY(updated.wait(10000));
        QVERIFY(view->functionsModel()->rowCount() > 100);
        walk(*view->functionsModel());

        struct Sums {
            qint64 delta = 0, atB = 0, allocations = 0, callsites = 0;
        };
        const auto add = [](Sums& s, const QJsonObject& row) {
            s.delta += row.value(QStringLiteral("delta_bytes")).toInteger();
            s.atB += row.value(QStringLiteral("bytes_b")).toInteger();
            s.allocations += row.value(QStringLiteral("allocations")).toInteger();
            ++s.callsites;
        };
        const QStringList functions = { QStringLiteral("QCoreApplicationPrivate::init()"), QStringLiteral("QLoggingRegistry::init()"),
                                        QStringLiteral("main") };
        for (const QString& function : functions) {
            Sums inclusive;
            std::map<QString, Sums> callers, callees;
            for (const auto& value : rows) {
                const auto row = value.toObject();
                const auto stack = row.value(QStringLiteral("stack")).toArray();
                std::set<QString> seenCallers, seenCallees;
                bool through = false;
                for (qsizetype i = 0; i < stack.size(); ++i) {
                    if (stack[i].toObject().value(QStringLiteral("function")).toString() != function)
                        continue;
                    through = true;
                    if (i + 1 < stack.size())
                        seenCallers.insert(stack[i + 1].toObject().value(QStringLiteral("function")).toString());
                    if (i > 0)
                        seenCallees.insert(stack[i - 1].toObject().value(QStringLiteral("function")).toString());
                }
                if (through)
                    add(inclusive, row);
                for (const auto& f : seenCallers)
                    add(callers[f], row);
                for (const auto& f : seenCallees)
                    add(callees[f], row);
            }
            QVERIFY2(inclusive.callsites > 0, qPrintable(function));
            view->showFunction(function);
            QVERIFY(updated.wait(10000));
            const auto& shown = view->current();
            QCOMPARE(q(shown.function), function);
            QCOMPARE(shown.inclusive.deltaBytes(), inclusive.delta);
            QCOMPARE(shown.inclusive.atB.bytes, inclusive.atB);
            QCOMPARE(shown.inclusive.allocations, inclusive.allocations);
            QCOMPARE(static_cast<qint64>(shown.inclusive.callsites), inclusive.callsites);
            QVERIFY(shown.self.callsites <= shown.inclusive.callsites);
            const auto compare = [&](CallerCalleeModel* model, const std::map<QString, Sums>& expected) {
                QCOMPARE(model->rowCount(), static_cast<int>(expected.size()));
                for (const auto& [name, sums] : expected) {
                    const int row = model->rowOf(name);
                    QVERIFY2(row >= 0, qPrintable(name));
                    const auto figure = [&](int column) { return model->index(row, column).data(CallerCalleeModel::SortRole).toLongLong(); };
                    QCOMPARE(figure(CallerCalleeModel::DeltaColumn), sums.delta);
                    QCOMPARE(figure(CallerCalleeModel::BytesBColumn), sums.atB);
                    QCOMPARE(figure(CallerCalleeModel::AllocationsColumn), sums.allocations);
                    QCOMPARE(figure(CallerCalleeModel::CallsitesColumn), sums.callsites);
                }
            };
            compare(view->callersModel(), callers);
            if (QTest::currentTestFailed())
                return;
            compare(view->calleesModel(), callees);
            if (QTest::currentTestFailed())
                return;
            walk(*view->callersModel());
            walk(*view->calleesModel());
        }

        // Double-click walks to a callee; Back and Forward retrace the walk.
        const QString before = view->function();
        auto* callees = view->calleesView();
        QVERIFY(callees->model()->rowCount() > 0);
        const QModelIndex first = callees->model()->index(0, CallerCalleeModel::FunctionColumn);
        const QString next = first.data(CallerCalleeModel::FunctionRole).toString();
        emit callees->activated(first);
        QVERIFY(updated.wait(10000));
        QCOMPARE(view->function(), next);
        QVERIFY(view->backAction()->isEnabled());
        view->backAction()->trigger();
        QVERIFY(updated.wait(10000));
        QCOMPARE(view->function(), before);
        view->forwardAction()->trigger();
        QVERIFY(updated.wait(10000));
        QCOMPARE(view->function(), next);
    }

    // The timeline draws about a point per pixel of its width (two where a sparse interval hides a
    // spike), over the visible times: zoomed in, the points are finer, and the highest drawn is
    // the series' own highest there — nothing narrower than a pixel disappears.
    void timelinePointsFollowWidthAndZoom()
    {
        // A minute of a generated program: 6 000 timestamps, more than the chart has pixels.
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("heaptrack.minute.txt"));
        QCOMPARE(QProcess::execute(QCoreApplication::applicationDirPath() + QStringLiteral("/heapline-gen-heaptrack"),
                                   { QStringLiteral("--callsites"), QStringLiteral("200"), QStringLiteral("--seconds"), QStringLiteral("60"),
                                     QStringLiteral("--events-per-ms"), QStringLiteral("2"), path }),
                 0);
        OpenWindow open;
        QVERIFY(open.open(path, QStringLiteral("start"), QStringLiteral("end")));
        auto* chart = open.window.profilePage()->timeline();
        const auto& heap = open.window.profile()->timeline().heap;
        QVERIFY2(heap.size() > size_t(4 * chart->width()), qPrintable(QString::number(heap.size())));
        const auto highest = [&](const QList<QPointF>& points, double from, double to) {
            double top = 0;
            for (const auto& p : points)
                if (p.x() * chart->timeScale() >= from && p.x() * chart->timeScale() <= to)
                    top = std::max(top, p.y());
            return qRound64(top * chart->byteScale());
        };
        const auto whole = chart->seriesPoints(QStringLiteral("Heap"));
        QVERIFY2(whole.size() <= 2 * chart->width() + 8, qPrintable(QString::number(whole.size())));
        QCOMPARE(highest(whole, 0, 1e300), heap.maxValue());
        // A tenth of the run around its peak.
        const auto [t0, t1] = chart->visibleTimes();
        const double from = std::max(t0, heap.timeOfMax() - (t1 - t0) / 20), to = std::min(t1, from + (t1 - t0) / 10);
        const auto inRange = [&](const QList<QPointF>& points) {
            return std::count_if(points.begin(), points.end(), [&](const QPointF& p) {
                return p.x() * chart->timeScale() >= from && p.x() * chart->timeScale() <= to;
            });
        };
        const auto before = inRange(whole);
        chart->zoomTime(from, to);
        QTRY_VERIFY_WITH_TIMEOUT(inRange(chart->seriesPoints(QStringLiteral("Heap"))) > 4 * before, 5000);
        const auto zoomed = chart->seriesPoints(QStringLiteral("Heap"));
        QVERIFY2(zoomed.size() <= 2 * chart->width() + 8, qPrintable(QString::number(zoomed.size())));
        QCOMPARE(highest(zoomed, from, to), *heap.maxIn(from, to));
        // The whole run again, then narrower: fewer points, still the highest.
        chart->resetZoom();
        QTRY_COMPARE_WITH_TIMEOUT(chart->seriesPoints(QStringLiteral("Heap")).size(), whole.size(), 5000);
        open.window.resize(700, 800);
        QTRY_VERIFY_WITH_TIMEOUT(chart->seriesPoints(QStringLiteral("Heap")).size() < whole.size() * 8 / 10, 5000);
        QVERIFY(chart->seriesPoints(QStringLiteral("Heap")).size() <= 2 * chart->width() + 8);
        QCOMPARE(highest(chart->seriesPoints(QStringLiteral("Heap")), 0, 1e300), heap.maxValue());
    }

    // A comparison whose request was withdrawn stops between checkpoints (the GUI's B moved on);
    // one that was not is unchanged by the token.
    void withdrawnComparisonStops()
    {
        auto profile = importProfile(corpusFile(QStringLiteral("external/heaptrack.david.18594.gz")).toStdString(), {}).profile;
        QVERIFY(profile && profile->checkpointCount() > 2);
        auto analysis = std::make_shared<const Analysis>(profile);
        ComparisonRequest request { analysis, nullptr, timeSpecAt(*profile, 0), timeSpecAt(*profile, profile->checkpointCount() - 1),
                                    Grouping::Function, RowFilter(), {} };
        const auto plain = Comparison::compute(request);
        auto cancel = std::make_shared<std::atomic<bool>>(false);
        const auto kept = Comparison::compute(request, nullptr, cancel);
        QCOMPARE(kept->diff().total.deltaBytes(), plain->diff().total.deltaBytes());
        QCOMPARE(kept->diff().rows.size(), plain->diff().rows.size());
        cancel->store(true);
        QVERIFY_THROWS_EXCEPTION(DiffCancelled, Comparison::compute(request, nullptr, cancel));
    }

    // A fresh recording (data/fresh/batch.cpp, -O1: everything inlined into main) of a loop that
    // builds and frees a batch, keeps a bounded cache and leaks a record per request. By function
    // main is one row, spiky (its batches); the leak is told within it, on its line, by line
    // linear. Nothing is told within a row that is leak-like itself or one line.
    void keptWithinTellsTheLeakUnderABatch()
    {
        const QString path = testData(QStringLiteral("fresh/heaptrack.batch.zst"));
        const auto [byFunction, last, mainRow, kept] = wholeRunByFunction(path);
        QVERIFY(mainRow && mainRow->cls == GrowthClass::Spiky && kept.size() == 1);
        QVERIFY2(kept.front().label.ends_with("batch.cpp:17)"), kept.front().label.c_str());
        QCOMPARE(kept.front().bytes, int64_t(20000 * 48)); // 40 rounds of 500 Records of 48 bytes
        // The report tells it under main, as the Summary does.
        const auto report = buildReport(byFunction, {});
        std::optional<ReportSuspect> suspect;
        for (size_t i = 0; i < report.suspects.size() && !suspect; ++i)
            if (report.suspects[i].key == "main")
                suspect = report.suspects[i];
        QVERIFY(suspect);
        QCOMPARE(suspect->keptWithin.size(), size_t(1));
        QVERIFY(reportMarkdown(report).find("Within it, **+960 kB** stayed at main (") != std::string::npos);
        const auto byLine = comparisonOf(path, 0, last, Grouping::Line);
        bool found = false;
        for (const auto& row : byLine->diff().rows) {
            if (byLine->diff().key(row).ends_with("batch.cpp:17")) {
                QCOMPARE(row.cls, GrowthClass::Linear);
                QVERIFY(row.leakLike);
                found = true;
            }
        }
        QVERIFY(found);
        // By callsite there is nothing finer to tell; a leak-like row tells it itself.
        const auto byCallsite = comparisonOf(path, 0, last, Grouping::Callsite);
        for (const auto& row : byCallsite->diff().rows)
            QVERIFY(keptWithin(*byCallsite, row).empty());
        for (const auto& row : byLine->diff().rows)
            if (row.leakLike)
                QVERIFY(keptWithin(*byLine, row).empty());
    }

    // The same program's shape built without debug information (data/fresh/release_batches.c,
    // clang -O2, no -g): every callsite is "main", with no line, and only what each called tells
    // them apart. The strdup that leaks is told within main by its callsite, which the diff by
    // callsite shows linear; the batches' mallocs are not.
    void keptWithinTellsCallsitesApartWithoutDebugInfo()
    {
        const QString path = testData(QStringLiteral("fresh/heaptrack.release-batches.zst"));
        const auto [byFunction, last, mainRow, kept] = wholeRunByFunction(path);
        QVERIFY(mainRow && mainRow->cls == GrowthClass::Spiky && kept.size() == 1);
        QCOMPARE(kept.front().grouping, Grouping::Callsite);
        QCOMPARE(kept.front().label, std::string("main (in batches) via __GI___strdup"));
        int64_t keyBytes = 0; // "session-%d-%d-padding-padding" and its NUL, 40 rounds of 500
        for (int round = 0; round < 40; ++round)
            for (int k = 0; k < 500; ++k)
                keyBytes += qsizetype(QStringLiteral("session-%1-%2-padding-padding").arg(round).arg(k).size()) + 1;
        QCOMPARE(kept.front().bytes, keyBytes);
        QCOMPARE(keptWithinNote(kept.front()),
            std::string("a shape of its own under the row's, which the diff by callsite shows"));
        const auto byCallsite = comparisonOf(path, 0, last, Grouping::Callsite);
        const auto row = byCallsite->rowOfKey(kept.front().key);
        QVERIFY2(row, kept.front().key.c_str());
        QCOMPARE(byCallsite->diff().rows[*row].cls, GrowthClass::Linear);
        const auto json = reportJson(buildReport(byFunction, {}));
        QVERIFY2(json.find("\"by\": \"callsite\"") != std::string::npos, json.c_str());
    }

    // heaptrack's summary lists between A and B: the most allocations and temporary allocations
    // are the CLI diff's rows with the most; the peak contributors add up to no more than the peak.
    void summaryListsAreTheDiffs()
    {
        const QString path = corpusFile(QStringLiteral("external/heaptrack.david.18594.gz"));
        const auto cli = cliDiff({ path, QStringLiteral("--from"), QStringLiteral("start"), QStringLiteral("--to"), QStringLiteral("end"),
                                   QStringLiteral("--by"), QStringLiteral("function"), QStringLiteral("--top"), QStringLiteral("0") });
        const auto rows = cli.value(QStringLiteral("rows")).toArray();
        QVERIFY(!rows.isEmpty());
        const auto most = [&](const char* field) {
            QJsonObject best;
            for (const auto& v : rows)
                if (v.toObject().value(QLatin1String(field)).toInteger() > best.value(QLatin1String(field)).toInteger())
                    best = v.toObject();
            return best;
        };
        auto profile = importProfile(path.toStdString(), {}).profile;
        auto analysis = std::make_shared<const Analysis>(profile);
        const auto comparison = Comparison::compute({ analysis, nullptr, timeSpecAt(*profile, 0),
                                                      timeSpecAt(*profile, profile->checkpointCount() - 1), Grouping::Function, RowFilter(), {} });
        const auto lists = summaryLists(*comparison);
        QVERIFY(lists.countsEvents);
        QCOMPARE(lists.allocations.size(), size_t(5));
        QCOMPARE(q(lists.allocations.front().key), most("allocations").value(QStringLiteral("key")).toString());
        QCOMPARE(lists.allocations.front().value, most("allocations").value(QStringLiteral("allocations")).toInteger());
        QCOMPARE(q(lists.temporary.front().key), most("temporary_allocations").value(QStringLiteral("key")).toString());
        QCOMPARE(lists.temporary.front().value, most("temporary_allocations").value(QStringLiteral("temporary_allocations")).toInteger());
        QVERIFY(lists.temporary.front().value > 0);
        QCOMPARE(lists.peakBytes, profile->totals().peakHeapBytes);
        int64_t peakSum = 0;
        for (const auto& e : lists.peak) {
            peakSum += e.value;
            QVERIFY(comparison->rowOfKey(e.key)); // each a link into the diff
        }
        QVERIFY(peakSum > 0 && peakSum <= lists.peakBytes);

        QVERIFY(lists.temporaryByCallsite);
        // Converted to Heapline's format, the file keeps whose temporaries they were (the change
        // records' TEMPORARY).
        QTemporaryDir converted;
        const QString heaplineFile = converted.filePath(QStringLiteral("david.heapline"));
        QCOMPARE(runCli({ QStringLiteral("convert"), path, heaplineFile }).exitCode, 0);
        const auto convertedLists = summaryLists(*comparisonOf(heaplineFile, 0, 1000, Grouping::Function));
        QVERIFY(convertedLists.temporaryByCallsite);
        QCOMPARE(convertedLists.temporary.size(), lists.temporary.size());
        for (size_t i = 0; i < lists.temporary.size(); ++i)
            QVERIFY(convertedLists.temporary[i].key == lists.temporary[i].key
                && convertedLists.temporary[i].value == lists.temporary[i].value);
        // Converted by a Heapline that wrote the total alone (no TEMPORARY), the list says that it
        // does not know whose they were instead of "none".
        QFile file(heaplineFile);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QString text = QString::fromUtf8(file.readAll());
        file.close();
        text.replace(QRegularExpression(QStringLiteral("^(d(?: \\S+){7}) \\S+$"), QRegularExpression::MultilineOption),
            QStringLiteral("\\1"));
        const QString olderFile = converted.filePath(QStringLiteral("david-older.heapline"));
        QVERIFY(writeFile(olderFile, text.toUtf8()));
        const auto olderLists = summaryLists(*comparisonOf(olderFile, 0, 1000, Grouping::Function));
        QVERIFY(olderLists.countsEvents && olderLists.temporary.empty());
        QVERIFY(!olderLists.temporaryByCallsite);

        // A snapshot format says it has no single allocations rather than listing none.
        const auto massif = comparisonOf(corpusFile(QStringLiteral("recorded/massif.out.phases")), 0, 20, Grouping::Function);
        const auto massifLists = summaryLists(*massif);
        QVERIFY(!massifLists.countsEvents);
        QVERIFY(massifLists.allocations.empty() && !massifLists.peak.empty());

        OpenWindow open;
        QVERIFY(open.open(path, QStringLiteral("start"), QStringLiteral("end")));
        const QString html = open.window.profilePage()->summary()->listsText();
        QVERIFY2(html.contains(QStringLiteral("Most temporary allocations")), qPrintable(html));
        QVERIFY(html.contains(q(formatCount(lists.temporary.front().value))));
    }

    // heaptrack's Allocations / Temporary / Consumed charts: the per-second series, summed over
    // (A, B], are the diff's total allocations, temporary allocations and allocated bytes.
    void rateChartsSumToTheDiffsTotal()
    {
        const QString path = corpusFile(QStringLiteral("external/heaptrack.heaptrack_gui.99454.zst"));
        const QString from = QStringLiteral("1s"), to = QStringLiteral("3s");
        const auto total = cliDiff({ path, QStringLiteral("--from"), from, QStringLiteral("--to"), to }).value(QStringLiteral("total")).toObject();
        QVERIFY(total.value(QStringLiteral("allocations")).toInteger() > 1000);
        OpenWindow open;
        QVERIFY(open.open(path, from, to));
        auto* page = open.window.profilePage();
        auto* chart = page->timeline();
        const auto* comparison = open.window.controller()->comparison().get();
        const size_t a = comparison->from().checkpoint, b = comparison->to().checkpoint;
        const struct {
            int index;
            const char* field;
        } metrics[] = { { 1, "allocations" }, { 2, "temporary_allocations" }, { 3, "allocated_bytes" } };
        for (const auto& metric : metrics) {
            QSignalSpy ready(chart, &TimelineChart::ratesReady);
            page->metricBox()->setCurrentIndex(metric.index);
            QVERIFY(ready.wait(10000));
            const auto& rates = *chart->rates();
            QVERIFY(rates.recorded);
            const qint64 expected = total.value(QLatin1String(metric.field)).toInteger();
            QCOMPARE(RateSeries::sum(rates.total, a, b), expected);
            // The drawn line, per second times each interval's seconds, adds up to the same.
            const QString name = chart->seriesNames().filter(QStringLiteral("All: ")).value(0);
            const auto points = chart->seriesPoints(name);
            QCOMPARE(points.size(), static_cast<qsizetype>(2 * rates.total.size()));
            double drawn = 0;
            for (qsizetype i = 0; i + 1 < points.size(); i += 2) {
                const double t0 = points[i].x() * chart->timeScale(), t1 = points[i + 1].x() * chart->timeScale();
                if (t0 >= comparison->from().time && t1 <= comparison->to().time)
                    drawn += points[i].y() * (t1 - t0) * rates.secondsPerUnit;
            }
            drawn *= chart->yScaleOfRates(); // the axis is in thousands, millions, kB …
            QVERIFY2(std::abs(drawn - static_cast<double>(expected)) <= 0.001 * static_cast<double>(expected) + 1,
                     qPrintable(QStringLiteral("%1: %2 vs %3").arg(QLatin1String(metric.field)).arg(drawn).arg(expected)));
            // The top rows stacked under the line are the diff's rows with the most.
            QVERIFY(!rates.keys.empty() && rates.keys.size() <= 5);
            for (size_t i = 0; i < rates.rows.size(); ++i)
                QVERIFY(RateSeries::sum(rates.rows[i], a, b) <= expected);
        }
        // A snapshot format has no rates and says so.
        QVERIFY(!rateSeries(*comparisonOf(corpusFile(QStringLiteral("recorded/massif.out.phases")), 0, 20, Grouping::Function),
                            RateMetric::Allocations).recorded);
        page->metricBox()->setCurrentIndex(0);
        QVERIFY(chart->seriesNames().contains(QStringLiteral("Heap (traced)")));
    }

    // heaptrack's Sizes in the A/B frame: the histogram's counts add up to the allocations in
    // (A, B], for every allocation and for each row, across the peak's split checkpoint too.
    void sizeHistogramSumsToTheAllocations()
    {
        for (const char* file : { "recorded/heaptrack.phases.zst", "recorded/heaptrack.leakpy.zst", "external/heaptrack.david.18594.gz",
                                  "external/heaptrack.heaptrack_gui.99454.zst" }) {
            auto profile = importProfile(corpusFile(QLatin1String(file)).toStdString(), {}).profile;
            QVERIFY(profile && profile->checkpoints().hasSizes());
            auto analysis = std::make_shared<const Analysis>(profile);
            const size_t last = profile->checkpointCount() - 1;
            const size_t peak = profile->peakCheckpoint().value_or(last / 2);
            const std::pair<size_t, size_t> ranges[] = { { 0, last }, { 0, peak }, { peak, last }, { peak - 1, peak + 1 < last ? peak + 1 : last },
                                                         { last / 3, 2 * last / 3 } };
            for (const auto& [a, b] : ranges) {
                for (auto grouping : { Grouping::Function, Grouping::Callsite }) {
                    const auto comparison = Comparison::compute({ analysis, nullptr, timeSpecAt(*profile, a), timeSpecAt(*profile, b), grouping, RowFilter(), {} });
                    const auto whole = sizeHistogram(*comparison);
                    QVERIFY(whole.recorded);
                    QCOMPARE(whole.allocations, comparison->diff().total.allocations);
                    const auto& rows = comparison->diff().rows;
                    for (size_t i = 0; i < rows.size() && i < 8; ++i) {
                        const auto h = sizeHistogram(*comparison, &rows[i]);
                        QVERIFY2(h.allocations == rows[i].allocations,
                                 qPrintable(QStringLiteral("%1 #%2-#%3 row %4: %5 vs %6").arg(QLatin1String(file)).arg(a).arg(b).arg(i)
                                                .arg(h.allocations).arg(rows[i].allocations)));
                        for (int64_t count : h.counts)
                            QVERIFY(count >= 0);
                    }
                }
            }
        }
        // Every heaptrack allocation in tiny.txt has a known size: the classes are the sizes'.
        auto tiny = importProfile(testData(QStringLiteral("heaptrack.tiny.txt")).toStdString(), {}).profile;
        auto tinyAnalysis = std::make_shared<const Analysis>(tiny);
        const auto all = sizeHistogram(*Comparison::compute({ tinyAnalysis, nullptr, timeSpecAt(*tiny, 0),
                                                              timeSpecAt(*tiny, tiny->checkpointCount() - 1), Grouping::Function, RowFilter(), {} }));
        QCOMPARE(all.allocations, *tiny->totals().allocations);
        QCOMPARE(all.counts[7], 3); // 0x40 bytes, three times
        QCOMPARE(all.counts[5], 2); // 0x10 bytes, twice
        QCOMPARE(SizeHistogram::classLabel(1), std::string("1 B"));
        QCOMPARE(SizeHistogram::classLabel(4), std::string("8–15 B"));
        QCOMPARE(SizeHistogram::classLabel(11), std::string("1–2 KiB"));
        QCOMPARE(SizeHistogram::classLabel(12), std::string("2–4 KiB"));
        // A snapshot format records no sizes and says so.
        QVERIFY(!sizeHistogram(*comparisonOf(corpusFile(QStringLiteral("recorded/massif.out.phases")), 0, 20, Grouping::Function)).recorded);
    }

    void sizesViewShowsTheAllocationsBetweenAAndB()
    {
        const QString path = corpusFile(QStringLiteral("external/heaptrack.heaptrack_gui.99454.zst"));
        const auto cli = cliDiff({ path, QStringLiteral("--from"), QStringLiteral("1s"), QStringLiteral("--to"), QStringLiteral("3s"),
                                   QStringLiteral("--top"), QStringLiteral("1") });
        OpenWindow open;
        QVERIFY(open.open(path, QStringLiteral("1s"), QStringLiteral("3s")));
        auto* page = open.window.profilePage();
        auto* sizes = page->sizes();
        QAbstractItemModelTester tester(sizes->model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy updated(sizes, &SizesView::updated);
        page->showTab(ProfilePage::SizesTab);
        QVERIFY(updated.wait(10000));
        const auto sum = [&] {
            qint64 total = 0;
            for (int r = 0; r < sizes->model()->rowCount(); ++r)
                total += sizes->model()->index(r, SizeHistogramModel::AllocationsColumn).data(SizeHistogramModel::SortRole).toLongLong();
            return total;
        };
        QVERIFY(sizes->model()->rowCount() > 3);
        QVERIFY(sizes->chartView()->isVisibleTo(&open.window) && sizes->pickedRowButton()->isVisibleTo(&open.window));
        QCOMPARE(sum(), cli.value(QStringLiteral("total")).toObject().value(QStringLiteral("allocations")).toInteger());
        walk(*sizes->model());

        // The picked row's sizes add up to its allocations.
        const auto top = cli.value(QStringLiteral("rows")).toArray().first().toObject();
        open.window.selection()->setSelectedRow(top.value(QStringLiteral("key")).toString(), std::nullopt);
        sizes->pickedRowButton()->setChecked(true);
        QVERIFY(updated.wait(10000));
        QCOMPARE(sum(), top.value(QStringLiteral("allocations")).toInteger());
        QVERIFY(sizes->statusText().contains(top.value(QStringLiteral("key")).toString().left(20)));
    }

    // A format that records no sizes (massif) gets the sentence that says so, and no empty chart,
    // table or choice of rows beside it (a heaptrack file has them: the test above).
    void sizesViewOfAFormatWithoutSizesIsTheSentence()
    {
        OpenWindow open;
        QVERIFY(open.open(
            corpusFile(QStringLiteral("recorded/massif.out.phases")), QStringLiteral("start"), QStringLiteral("end")));
        auto* sizes = open.window.profilePage()->sizes();
        QSignalSpy updated(sizes, &SizesView::updated);
        open.window.profilePage()->showTab(ProfilePage::SizesTab);
        QVERIFY(updated.wait(10000));
        QVERIFY2(sizes->statusText().contains(QLatin1String("does not record allocation sizes")),
            qPrintable(sizes->statusText()));
        QVERIFY(!sizes->chartView()->isVisibleTo(&open.window) && !sizes->table()->isVisibleTo(&open.window)
            && !sizes->pickedRowButton()->isVisibleTo(&open.window));
    }

    // Suppressions set in the preferences reach the comparison: the rows lose the suppressed
    // callsites, the Summary names them beside the leaked bytes, as `heapline-cli diff` does.
    void preferencesSuppressTheLeaks()
    {
        const QString path = corpusFile(QStringLiteral("recorded/heaptrack.leakpy.zst"));
        QTemporaryDir dir;
        QFile rules(dir.filePath(QStringLiteral("py.supp")));
        QVERIFY(rules.open(QIODevice::WriteOnly));
        rules.write("leak:PyUnicode*\nleak:_PyObject_GC_*\n");
        rules.close();
        const auto cli = cliDiff({ path, QStringLiteral("--to"), QStringLiteral("end"), QStringLiteral("--suppressions"), rules.fileName(),
                                   QStringLiteral("--disable-builtin-suppressions"), QStringLiteral("--top"), QStringLiteral("0") });
        const auto expected = cli.value(QStringLiteral("suppressions")).toObject();
        QVERIFY(expected.value(QStringLiteral("leaked_bytes")).toInteger() > 0);

        OpenWindow open;
        QVERIFY(open.open(path, QStringLiteral("start"), QStringLiteral("end")));
        Preferences preferences;
        preferences.suppressionFiles = { rules.fileName() };
        preferences.builtinSuppressions = false;
        open.window.applyPreferences(preferences);
        QVERIFY(open.settle());
        for (int i = 0; i < 100 && open.window.controller()->comparison()->request().suppressions.fromFiles.empty(); ++i)
            QTest::qWait(50);
        QVERIFY(open.settle());
        const auto comparison = open.window.controller()->comparison();
        QCOMPARE(comparison->suppressed().rules().size(), size_t(2));
        QCOMPARE(static_cast<qint64>(comparison->diff().rows.size()), cli.value(QStringLiteral("row_count")).toInteger());
        QCOMPARE(comparison->diff().suppressed->atB.bytes, expected.value(QStringLiteral("bytes_b")).toInteger());
        const QString growth = open.window.profilePage()->summary()->growthText();
        QVERIFY2(growth.contains(q(formatBytes(expected.value(QStringLiteral("leaked_bytes")).toInteger())) + QStringLiteral(" of it suppressed")),
                 qPrintable(growth));

        // A bad file is named with its line, and the other settings still apply.
        QFile bad(dir.filePath(QStringLiteral("bad.supp")));
        QVERIFY(bad.open(QIODevice::WriteOnly));
        bad.write("leak:ok\nsrc:wrong\n");
        bad.close();
        preferences.suppressionFiles = { bad.fileName() };
        open.window.applyPreferences(preferences);
        QVERIFY(open.window.banner()->isVisible());
        QVERIFY(open.window.banner()->text().contains(bad.fileName() + QStringLiteral(":2")));
    }

    // Open in Editor: the command of the preferences with %f and %l, the file found through a
    // path remap; a frame's stack is copied as text.
    void openInEditorRunsTheCommand()
    {
        QTemporaryDir dir;
        QDir(dir.path()).mkpath(QStringLiteral("checkout/src"));
        QFile source(dir.filePath(QStringLiteral("checkout/src/grow.cpp")));
        QVERIFY(source.open(QIODevice::WriteOnly));
        source.write("int main() {}\n");
        source.close();
        const QString marker = dir.filePath(QStringLiteral("opened.txt"));
        const QString command = QStringLiteral("sh -c \"echo %f:%l > '%1'\"").arg(marker);
        const QList<QPair<QString, QString>> remaps = { { QStringLiteral("/build/container/src"), dir.filePath(QStringLiteral("checkout/src")) } };
        QCOMPARE(SourceOpener::remap(QStringLiteral("/build/container/src/grow.cpp"), remaps), source.fileName());
        QCOMPARE(SourceOpener::commandLine(QStringLiteral("code --goto %f:%l"), QStringLiteral("/a b.cpp"), 12),
                 QStringList({ QStringLiteral("code"), QStringLiteral("--goto"), QStringLiteral("/a b.cpp:12") }));
        QString error;
        QVERIFY2(SourceOpener::open(QStringLiteral("/build/container/src/grow.cpp"), 54, command, remaps, &error), qPrintable(error));
        QTRY_VERIFY_WITH_TIMEOUT(QFileInfo(marker).size() > 0, 5000);
        QFile written(marker);
        QVERIFY(written.open(QIODevice::ReadOnly));
        QCOMPARE(QString::fromUtf8(written.readAll()).trimmed(), source.fileName() + QStringLiteral(":54"));
        // A file that is not here is named, with the way out.
        QVERIFY(!SourceOpener::open(QStringLiteral("/nowhere/x.cpp"), 1, command, {}, &error));
        QVERIFY(error.contains(QStringLiteral("/nowhere/x.cpp")) && error.contains(QStringLiteral("remap")));
        // Python's code compiled from a string and its frozen modules have no file: said so, not
        // sent to the remaps; nor has a module inside a zip archive.
        QVERIFY(!SourceOpener::open(QStringLiteral("<string>"), 5, command, {}, &error));
        QVERIFY2(
            error.contains(QStringLiteral("compiled as the program ran")) && !error.contains(QStringLiteral("remap")),
            qPrintable(error));
        QVERIFY(!SourceOpener::open(QStringLiteral("<frozen importlib._bootstrap>"), 5, command, {}, &error));
        QVERIFY2(error.contains(QStringLiteral("importlib/_bootstrap.py")), qPrintable(error));
        QVERIFY(!SourceOpener::open(source.fileName() + QStringLiteral("/__main__.py"), 5, command, {}, &error));
        QVERIFY2(error.contains(QStringLiteral("inside the archive ") + source.fileName()), qPrintable(error));
        QVERIFY(!SourceOpener::open(source.fileName(), 1, QStringLiteral("no-such-editor-here %f"), {}, &error));
        QVERIFY(error.contains(QStringLiteral("no-such-editor-here")));

        // Copy Stack of a tree node: its frames from the node out, as the CLI lists them.
        const auto comparison = comparisonOf(corpusFile(QStringLiteral("recorded/heaptrack.phases.zst")), 0, 400, Grouping::Callsite);
        const auto tree = comparison->tree(CallTree::Direction::BottomUp, CallTree::EveryFrameByLine);
        uint32_t leaf = 0;
        while (!tree->children(leaf).empty())
            leaf = tree->children(leaf)[0];
        const auto stack = stackOfNode(*tree, leaf);
        QVERIFY(stack.size() >= 3);
        const QStringList lines = stackText(stack).trimmed().split(QLatin1Char('\n'));
        QCOMPARE(lines.size(), static_cast<qsizetype>(stack.size()));
        QCOMPARE(lines.first(), frameText(frameOfNode(*tree, tree->children(0)[0])));
    }

    // File › Export View: the timeline and the flame graph as SVG (well-formed XML with the
    // chart's series names) and PNG (the view's size).
    void exportsTheViewAsSvgAndPng()
    {
        OpenWindow open;
        QVERIFY(open.open(corpusFile(QStringLiteral("recorded/heaptrack.phases.zst")), QStringLiteral("2s"), QStringLiteral("6s")));
        auto* page = open.window.profilePage();
        QTemporaryDir dir;
        const auto svgText = [](const QString& file) {
            QFile f(file);
            if (!f.open(QIODevice::ReadOnly))
                return QString();
            QXmlStreamReader xml(&f);
            QString text;
            while (!xml.atEnd()) {
                xml.readNext();
                if (xml.isCharacters())
                    text += xml.text().toString() + QLatin1Char(' ');
            }
            return xml.hasError() ? QStringLiteral("XML ERROR: ") + xml.errorString() : text;
        };
        const QString timelineSvg = dir.filePath(QStringLiteral("timeline.svg"));
        QString error;
        // Right after the chart was redrawn (a zoom settling): the picture is of the laid-out
        // chart, legend included, not of one whose layout is still a posted event.
        page->timeline()->resetZoom();
        page->timeline()->finishPendingRedraw();
        QVERIFY2(open.window.exportView(timelineSvg, &error), qPrintable(error));
        const QString text = svgText(timelineSvg);
        QVERIFY2(!text.startsWith(QLatin1String("XML ERROR")), qPrintable(text));
        for (const QString& name : page->timeline()->seriesNames())
            if (name == QLatin1String("Heap (traced)") || name == QLatin1String("RSS"))
                QVERIFY2(text.contains(name), qPrintable(name + QStringLiteral(" not in ") + text.left(400)));
        const QString timelinePng = dir.filePath(QStringLiteral("timeline.png"));
        QVERIFY(open.window.exportView(timelinePng, &error));
        const QImage timelineImage(timelinePng);
        QCOMPARE(timelineImage.size(), page->timeline()->size() * page->timeline()->devicePixelRatioF());

        page->showTab(ProfilePage::FlameTab);
        QTRY_VERIFY(page->flameView()->graph()->tree() != nullptr);
        const QString flameSvg = dir.filePath(QStringLiteral("flame.svg"));
        QVERIFY2(open.window.exportView(flameSvg, &error), qPrintable(error));
        const QString flameText = svgText(flameSvg);
        QVERIFY2(!flameText.startsWith(QLatin1String("XML ERROR")), qPrintable(flameText));
        QVERIFY2(flameText.contains(QStringLiteral("main")), qPrintable(flameText.left(400)));
        const QString flamePng = dir.filePath(QStringLiteral("flame.png"));
        QVERIFY(open.window.exportView(flamePng, &error));
        QCOMPARE(QImage(flamePng).size(), page->flameView()->graph()->size() * page->flameView()->graph()->devicePixelRatioF());
        // A place that cannot be written is said, and nothing is left behind.
        QVERIFY(!open.window.exportView(QStringLiteral("/nonexistent-dir/x.svg"), &error));
        QVERIFY(!error.isEmpty());
    }

    // A dark Fusion palette reaches the custom-painted views: the flame graph, the timeline and
    // the sizes chart draw on the palette's dark base, not on white.
    void darkPaletteReachesThePaintedViews()
    {
        applyColorScheme(ColorScheme::Dark);
        OpenWindow open;
        QVERIFY(open.open(corpusFile(QStringLiteral("recorded/heaptrack.phases.zst")), QStringLiteral("2s"), QStringLiteral("6s")));
        auto* page = open.window.profilePage();
        QVERIFY(isDark(page->palette()));
        const auto lightness = [](QWidget* widget, QPoint at) { return widget->grab().toImage().pixelColor(at).lightness(); };
        // The timeline's corner is the chart's background.
        QVERIFY2(lightness(page->timeline(), QPoint(2, 2)) < 80, "timeline background");
        // Printed (File › Print Leak Report, a PDF), it is drawn on white paper light, and is dark
        // again on screen after.
        QVERIFY2(open.window.timelinePicture().pixelColor(2, 2).lightness() > 200, "printed timeline");
        QVERIFY2(lightness(page->timeline(), QPoint(2, 2)) < 80, "timeline background after printing");
        page->showTab(ProfilePage::FlameTab);
        auto* graph = page->flameView()->graph();
        QTRY_VERIFY(graph->tree() != nullptr);
        // Below the deepest stack the graph is empty: its background.
        QVERIFY2(lightness(graph, QPoint(graph->width() - 3, graph->height() - 3)) < 80, "flame graph background");
        page->showTab(ProfilePage::SizesTab);
        QSignalSpy updated(page->sizes(), &SizesView::updated);
        QVERIFY(updated.wait(10000));
        QVERIFY2(lightness(page->sizes()->chartView(), QPoint(2, 2)) < 80, "sizes background");
        applyColorScheme(ColorScheme::Light);
        QTRY_VERIFY(lightness(page->timeline(), QPoint(2, 2)) > 200);
        applyColorScheme(ColorScheme::System);
    }

    // At scale (not timed): a generated heaptrack file with 100 000 callsites, every interaction
    // of the GUI benchmark driven offscreen; each view agrees with `heapline-cli diff`.
    void hundredThousandCallsites()
    {
        QTemporaryDir dir;
        const QString generator = QCoreApplication::applicationDirPath() + QStringLiteral("/heapline-gen-heaptrack");
        const QString path = dir.filePath(QStringLiteral("heaptrack.synthetic.txt"));
        const QString basePath = dir.filePath(QStringLiteral("heaptrack.synthetic-base.txt"));
        QCOMPARE(QProcess::execute(generator, { QStringLiteral("--callsites"), QStringLiteral("100000"), QStringLiteral("--seconds"),
                                                QStringLiteral("3"), QStringLiteral("--events-per-ms"), QStringLiteral("60"), path }), 0);
        QCOMPARE(QProcess::execute(generator, { QStringLiteral("--callsites"), QStringLiteral("100000"), QStringLiteral("--seconds"),
                                                QStringLiteral("1"), QStringLiteral("--events-per-ms"), QStringLiteral("60"), QStringLiteral("--seed"),
                                                QStringLiteral("2"), basePath }), 0);
        const auto top = [&](const QStringList& args) {
            const auto json = cliDiff(QStringList { path } + args + QStringList { QStringLiteral("--top"), QStringLiteral("1") });
            return std::make_pair(json.value(QStringLiteral("rows")).toArray().first().toObject(), json);
        };
        OpenWindow open;
        QVERIFY(open.open(path, QStringLiteral("1s"), QStringLiteral("2.5s")));
        QCOMPARE(open.window.profile()->callsiteCount(), size_t(100000));
        auto* page = open.window.profilePage();
        auto* selection = open.window.selection();
        const auto tableTop = [&] {
            return page->diffView()->table()->model()->index(0, DiffTableModel::KeyColumn).data(DiffTableModel::KeyRole).toString();
        };
        const auto checkAgainstCli = [&](const QStringList& args) {
            const auto [row, json] = top(args);
            QCOMPARE(tableTop(), row.value(QStringLiteral("key")).toString());
            QCOMPARE(open.window.controller()->comparison()->diff().total.deltaBytes(),
                     json.value(QStringLiteral("total")).toObject().value(QStringLiteral("delta_bytes")).toInteger());
        };
        checkAgainstCli({ QStringLiteral("--from"), QStringLiteral("1s"), QStringLiteral("--to"), QStringLiteral("2.5s") });
        if (QTest::currentTestFailed())
            return;

        // Move B, then A.
        const size_t last = open.window.profile()->checkpointCount() - 1;
        selection->setB(last);
        QVERIFY(open.settle());
        checkAgainstCli({ QStringLiteral("--from"), QStringLiteral("1s"), QStringLiteral("--to"), QStringLiteral("end") });
        selection->setA(0);
        QVERIFY(open.settle());
        checkAgainstCli({ QStringLiteral("--from"), QStringLiteral("start"), QStringLiteral("--to"), QStringLiteral("end") });
        if (QTest::currentTestFailed())
            return;
        // Dragging B across the timeline: the stale comparisons stop half-way, the last B is shown.
        const int cancelledBefore = open.window.controller()->cancelledRuns();
        // (No waiting between the moves: the first starts a comparison, the next ones find it
        // running however loaded the machine is. From the right: the first comparison, over most
        // of the run, outlasts the GUI thread's next moves; from the left, the first covered a
        // tenth of the run, and once the diff got faster it could finish between two moves.)
        // A comparison that ends before the next move has nothing stale to stop, and on a loaded
        // machine the GUI thread can lose its core between two moves for that long (a CI run
        // under two parallel suites saw it): up to five drags, one of which must stop one.
        for (int drag = 0; drag < 5 && open.window.controller()->cancelledRuns() == cancelledBefore; ++drag) {
            for (size_t step = 8; step >= 1; --step)
                selection->setB(last * step / 10);
            selection->setB(last);
            QVERIFY(open.settle());
        }
        QVERIFY2(open.window.controller()->cancelledRuns() > cancelledBefore, "no stale comparison was cancelled");
        QCOMPARE(open.window.controller()->comparison()->diff().b, last);
        checkAgainstCli({ QStringLiteral("--from"), QStringLiteral("start"), QStringLiteral("--to"), QStringLiteral("end") });
        if (QTest::currentTestFailed())
            return;
        // Every grouping.
        for (auto g : AllGroupings) {
            selection->setGrouping(g);
            QVERIFY(open.settle());
            checkAgainstCli({ QStringLiteral("--from"), QStringLiteral("start"), QStringLiteral("--to"), QStringLiteral("end"),
                              QStringLiteral("--by"), QLatin1String(groupingName(g)) });
            if (QTest::currentTestFailed())
                return;
        }
        const int64_t total = open.window.controller()->comparison()->diff().total.deltaBytes();
        // The flame graph and both trees: the whole heap's Δ at the root.
        page->showTab(ProfilePage::FlameTab);
        QTRY_VERIFY_WITH_TIMEOUT(page->flameView()->graph()->tree() != nullptr, 30000);
        QCOMPARE(page->flameView()->graph()->tree()->root().deltaBytes(), total);
        for (auto* view : { page->topDown(), page->bottomUp() }) {
            page->showTab(view == page->topDown() ? ProfilePage::TopDownTab : ProfilePage::BottomUpTab);
            QTRY_VERIFY_WITH_TIMEOUT(view->model()->tree() != nullptr, 30000);
            QCOMPARE(view->model()->tree()->root().deltaBytes(), total);
            QVERIFY(view->model()->rowCount() > 0);
        }
        // Searching the flame graph for a function: its share is that of the callsites whose stack
        // holds it, as `diff --by callsite --filter` lists them; the bottom-up tree's filter keeps
        // fewer rows and shows a match. Neither makes every node of the trees.
        {
            const auto [fnRow, fnJson] = top({ QStringLiteral("--from"), QStringLiteral("start"),
                QStringLiteral("--to"), QStringLiteral("end"), QStringLiteral("--by"), QStringLiteral("function") });
            const QString function = fnRow.value(QStringLiteral("key")).toString();
            const auto callsites = cliDiff({ path, QStringLiteral("--from"), QStringLiteral("start"),
                QStringLiteral("--to"), QStringLiteral("end"), QStringLiteral("--by"), QStringLiteral("callsite"),
                QStringLiteral("--filter"), function, QStringLiteral("--top"), QStringLiteral("100000") });
            int64_t matchedB = 0;
            for (const auto& row : callsites.value(QStringLiteral("rows")).toArray())
                matchedB += row.toObject().value(QStringLiteral("bytes_b")).toInteger();
            page->showTab(ProfilePage::FlameTab);
            auto* graph = page->flameView()->graph();
            graph->setWeight(FlameGraph::Weight::BytesB);
            graph->zoomTo(0);
            const double share = graph->setSearch(function);
            const int64_t totalB = graph->tree()->root().atB.bytes;
            QVERIFY(matchedB > 0);
            QVERIFY2(std::abs(share - static_cast<double>(matchedB) / static_cast<double>(totalB)) < 1e-9,
                qPrintable(function));
            graph->setSearch({});
            auto* bottomUp = page->bottomUp();
            page->showTab(ProfilePage::BottomUpTab);
            const int unfiltered = bottomUp->view()->model()->rowCount();
            const size_t nodesBefore = bottomUp->model()->tree()->size();
            QTest::keyClicks(bottomUp->filterEdit(), function);
            QVERIFY(bottomUp->view()->model()->rowCount() > 0);
            QVERIFY(bottomUp->view()->model()->rowCount() < unfiltered);
            QVERIFY(bottomUp->model()->tree()->size() < nodesBefore + 100000); // not every node made
            bottomUp->filterEdit()->clear();
        }
        // Caller / Callee and Sizes.
        page->showTab(ProfilePage::CallerCalleeTab);
        QTRY_VERIFY_WITH_TIMEOUT(!page->callerCallee()->isBusy() && !page->callerCallee()->current().function.empty(), 30000);
        QVERIFY(page->callerCallee()->functionsModel()->rowCount() > 100);
        QSignalSpy sized(page->sizes(), &SizesView::updated);
        page->showTab(ProfilePage::SizesTab);
        QVERIFY(sized.wait(30000));
        QCOMPARE(page->sizes()->model()->histogram().allocations, open.window.controller()->comparison()->diff().total.allocations);
        // Typing into the filter: the rows the CLI's --filter keeps.
        selection->setGrouping(Grouping::Function);
        QVERIFY(open.settle());
        page->showTab(ProfilePage::DiffTab);
        QTest::keyClicks(page->diffView()->filterEdit(), QStringLiteral("step1"));
        const auto filtered = cliDiff({ path, QStringLiteral("--from"), QStringLiteral("start"), QStringLiteral("--to"), QStringLiteral("end"),
                                        QStringLiteral("--filter"), QStringLiteral("step1"), QStringLiteral("--top"), QStringLiteral("1") });
        QTRY_COMPARE(page->diffView()->proxy()->rowCount(), filtered.value(QStringLiteral("row_count")).toInt());
        // Compare With… a second recording.
        QVERIFY(open.compareWith(basePath));
        const auto [baseTop, baseJson] = top({ QStringLiteral("--base"), basePath });
        QCOMPARE(open.window.controller()->comparison()->diff().total.deltaBytes(),
                 baseJson.value(QStringLiteral("total")).toObject().value(QStringLiteral("delta_bytes")).toInteger());
    }

};

QTEST_MAIN(TestHeaptrackViews)
#include "tst_heaptrack_views.moc"
