// The main window as a user drives it: open files, see the summary, warnings and errors in the
// banner, cancel a load, drop a file.

#include "TestSupport.h"
#include "ViewTestSupport.h"
#include "app/DiffController.h"
#include "app/DiffTableModel.h"
#include "app/DiffView.h"
#include "app/FlameGraph.h"
#include "app/FlameView.h"
#include "app/LoadProgress.h"
#include "app/MainWindow.h"
#include "app/MessageBanner.h"
#include "app/ProfilePage.h"
#include "app/RangeBar.h"
#include "app/Selection.h"
#include "app/SummaryPage.h"
#include "app/TimelineChart.h"

#include <QAbstractAxis>
#include <QApplication>
#include <QContextMenuEvent>
#include <QDir>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMimeData>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBrowser>
#include <QUndoStack>
#include <QUrl>
#include <QValueAxis>

using namespace heapline;
using namespace heapline::test;

namespace {
// The Diff table's row of `key`, -1 while it has none.
int diffRowOf(const QAbstractItemModel& model, const QString& key)
{
    for (int i = 0; i < model.rowCount(); ++i)
        if (model.index(i, DiffTableModel::KeyColumn).data(DiffTableModel::KeyRole).toString() == key)
            return i;
    return -1;
}

// Activates the Summary's first link whose target starts with `scheme` ("line:", "callsite:");
// false where no label holds one.
bool followLink(SummaryPage* summary, const QString& scheme)
{
    const QString href = QStringLiteral("href='") + scheme;
    for (auto* label : summary->findChildren<QLabel*>()) {
        const QString text = label->text();
        const qsizetype at = text.indexOf(href);
        if (at < 0)
            continue;
        const qsizetype from = at + 6;
        emit label->linkActivated(text.mid(from, text.indexOf(QLatin1Char('\''), from) - from));
        return true;
    }
    return false;
}

// Opens `file` (under tests/data) and waits for the timeline to stack `row` (once the first
// comparison is made); its points, or none where the file did not open or the row never came.
QList<QPointF> stackedRowOf(OpenWindow& open, const QString& file, const QString& row)
{
    if (!open.open(testData(file), QString(), QString()))
        return {};
    const auto* chart = open.window.profilePage()->timeline();
    if (!QTest::qWaitFor([&] { return chart->seriesPoints(row).size() >= 2; }, 5000))
        return {};
    return chart->seriesPoints(row);
}
} // namespace

class TestGui : public QObject {
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QApplication::setOrganizationName(QStringLiteral("HeaplineTests"));
    }

    void startsOnTheStartPage()
    {
        MainWindow window;
        window.show();
        QVERIFY(window.showsStartPage());
        QVERIFY(!window.banner()->isVisible());
        QVERIFY(!MainWindow::samplePath().isEmpty());
    }

    // The flame graph answers the question by default: what grew between A and B (widths by
    // bytes at B answered it only while A stood at the start, and never against a base run).
    // A weight picked before is kept.
    void theFlameGraphIsDifferentialByDefault()
    {
        QSettings().remove(QStringLiteral("view/flameWeight"));
        {
            MainWindow window;
            QCOMPARE(window.profilePage()->flameView()->graph()->weight(), FlameGraph::Weight::Delta);
            window.profilePage()->flameView()->setWeight(FlameGraph::Weight::BytesB);
            window.close();
        }
        MainWindow again;
        QCOMPARE(again.profilePage()->flameView()->graph()->weight(), FlameGraph::Weight::BytesB);
        again.profilePage()->flameView()->setWeight(FlameGraph::Weight::Delta);
        again.close();
    }

    void opensAFileAndShowsItsSummary()
    {
        MainWindow window;
        window.show();
        QSignalSpy shown(&window, &MainWindow::profileShown);
        window.openFile(testData(QStringLiteral("heaptrack.tiny.txt")));
        QVERIFY(shown.wait(10000));
        QVERIFY(!window.showsStartPage());
        QCOMPARE(window.profilePage()->summary()->fact(QStringLiteral("Peak heap")), QStringLiteral("144 B"));
        QCOMPARE(window.profilePage()->summary()->fact(QStringLiteral("Allocations")), QStringLiteral("5"));
        QCOMPARE(window.profilePage()->summary()->fact(QStringLiteral("Leaked at end")), QStringLiteral("80 B"));
        QCOMPARE(window.profilePage()->summary()->fact(QStringLiteral("Peak RSS")), QStringLiteral("131 kB"));
        QVERIFY(window.windowTitle().startsWith(QLatin1String("heaptrack.tiny.txt")));
        QVERIFY(!window.banner()->isVisible());
    }

    void timelineShowsTheHeap()
    {
        MainWindow window;
        QSignalSpy shown(&window, &MainWindow::profileShown);
        window.openFile(MainWindow::samplePath());
        QVERIFY(shown.wait(10000));
        const auto* chart = window.profilePage()->timeline();
        const auto heap = chart->seriesPoints(QStringLiteral("Heap"));
        QVERIFY(heap.size() > 50);
        double highest = 0;
        for (const auto& p : heap)
            highest = std::max(highest, p.y());
        QCOMPARE(qRound64(highest * chart->byteScale()), window.profile()->totals().peakHeapBytes);
        QVERIFY(!chart->seriesPoints(QStringLiteral("RSS")).isEmpty());
    }

    // A leak on one line of a function whose batches make it spiky (data/fresh/batch.cpp) is told
    // under the function's row on the Summary, and its link opens the Diff by line on that line.
    void lineWithinASuspectOpensTheDiffByLine()
    {
        MainWindow window;
        // By function, whatever the last run left in the settings (the link below sets line).
        window.selection()->setGrouping(Grouping::Function);
        QSignalSpy shown(&window, &MainWindow::profileShown);
        window.openFile(testData(QStringLiteral("fresh/heaptrack.batch.zst")));
        QVERIFY(shown.wait(10000));
        auto* summary = window.profilePage()->summary();
        QTRY_VERIFY2(summary->suspectsText().contains(QLatin1String("within it")), qPrintable(summary->suspectsText()));
        QVERIFY(followLink(summary, QStringLiteral("line:")));
        QCOMPARE(window.selection()->grouping(), Grouping::Line);
        QVERIFY2(window.selection()->selectedKey().endsWith(QLatin1String("batch.cpp:17")), qPrintable(window.selection()->selectedKey()));
        QTRY_VERIFY(window.profilePage()->diffView()->selectedRowsText().contains(QLatin1String("batch.cpp:17")));
        QVERIFY(window.profilePage()->diffView()->selectedRowsText().contains(QLatin1String("linear")));
        window.selection()->setGrouping(Grouping::Function); // as the tests after this one expect
    }

    // A block grown by append_row() and trimmed to its length by finish_report() (data/fresh/
    // trimbuf.c): the trimmer's row names the grower in the Diff's details as in the Summary.
    void handedOverBlockIsToldInTheDiffsDetails()
    {
        MainWindow window;
        QSignalSpy shown(&window, &MainWindow::profileShown);
        window.openFile(testData(QStringLiteral("fresh/heaptrack.trimbuf.zst")));
        QVERIFY(shown.wait(10000));
        window.selection()->setSelectedRow(QStringLiteral("finish_report"), std::nullopt);
        window.profilePage()->showTab(ProfilePage::DiffTab);
        QTRY_VERIFY2(window.profilePage()->diffView()->details()->toPlainText().contains(
                         QLatin1String("Its +23.1 MB came in one step at 320 ms, as append_row")),
            qPrintable(window.profilePage()->diffView()->details()->toPlainText()));
        // And the grower's, that it fell for that.
        window.selection()->setSelectedRow(QStringLiteral("append_row"), std::nullopt);
        QTRY_VERIFY2(window.profilePage()->diffView()->details()->toPlainText().contains(
                         QLatin1String("It handed what it grew (30.6 MB) to finish_report at 320 ms")),
            qPrintable(window.profilePage()->diffView()->details()->toPlainText()));
        QVERIFY(
            !window.profilePage()->diffView()->details()->toPlainText().contains(QLatin1String("came in one step")));
    }

    // The same buffer on the timeline. heaptrack writes each realloc as the old block's free and
    // then the new one's allocation: the heap's line fell to 0 B in every interval a resize came
    // in, for a heap that only climbed. The peak's dot sits on the line (it hung at the interval's
    // start, beside a line that reached the peak only at its end), and the heap freed in the last
    // interval is drawn falling there (it stood at 23 MB to the end).
    void reallocsDrawNoFallAndThePeakSitsOnTheLine()
    {
        MainWindow window;
        QSignalSpy shown(&window, &MainWindow::profileShown);
        window.openFile(testData(QStringLiteral("fresh/heaptrack.trimbuf.zst")));
        QVERIFY(shown.wait(10000));
        const auto* chart = window.profilePage()->timeline();
        const auto heap = chart->seriesPoints(QStringLiteral("Heap"));
        QVERIFY(heap.size() > 20);
        // The chart's unit is MB; up to 280 ms append_row only grows its buffer.
        double highest = 0;
        for (const auto& p : heap) {
            if (p.x() > 280)
                break;
            QVERIFY2(p.y() >= highest - 0.01,
                qPrintable(QStringLiteral("%1 MB at %2 ms after %3 MB").arg(p.y()).arg(p.x()).arg(highest)));
            highest = std::max(highest, p.y());
        }
        QVERIFY(highest > 20);
        QList<QPointF> peak;
        for (const QString& name : chart->seriesNames())
            if (name.startsWith(QLatin1String("Peak ")))
                peak = chart->seriesPoints(name);
        QCOMPARE(peak.size(), 1);
        QVERIFY2(std::any_of(heap.begin(), heap.end(),
                     [&](const QPointF& p) {
                         return std::abs(p.x() - peak[0].x()) < 1e-9 && std::abs(p.y() - peak[0].y()) < 0.01;
                     }),
            qPrintable(QStringLiteral("peak at %1 ms, %2 MB").arg(peak[0].x()).arg(peak[0].y())));
        QVERIFY2(heap.back().y() < 0.1, qPrintable(QString::number(heap.back().y())));
    }

    // A leak that held its level only as the program idled (data/fresh/idle.c): the Summary's
    // link puts B where the work stopped, one undo step, and the heap reads linear there.
    void idleTailLinkPutsBWhereTheWorkStopped()
    {
        MainWindow window;
        QSignalSpy shown(&window, &MainWindow::profileShown);
        window.openFile(testData(QStringLiteral("fresh/heaptrack.idle.zst")));
        QVERIFY(shown.wait(10000));
        auto* summary = window.profilePage()->summary();
        QTRY_VERIFY2(
            summary->growthText().contains(QLatin1String("Set B to 2.870 s")), qPrintable(summary->growthText()));
        // Its row says so in the Diff's details too.
        window.selection()->setSelectedRow(QStringLiteral("handle"), std::nullopt);
        window.profilePage()->showTab(ProfilePage::DiffTab);
        QTRY_VERIFY2(window.profilePage()->diffView()->details()->toPlainText().contains(QLatin1String(
                         "It held its level only once the program all but stopped allocating, from 2.870 s on")),
            qPrintable(window.profilePage()->diffView()->details()->toPlainText()));
        const size_t before = window.selection()->b();
        QVERIFY(followLink(summary, QStringLiteral("setb:")));
        const size_t at = window.selection()->b();
        QVERIFY(at < before);
        QCOMPARE(window.profile()->checkpoints().time(at), 2870.0);
        QTRY_VERIFY2(summary->growthText().contains(QLatin1String("linear")), qPrintable(summary->growthText()));
        QVERIFY(!summary->growthText().contains(QLatin1String("stopped allocating")));
        window.selection()->undoStack()->undo();
        QCOMPARE(window.selection()->b(), before);
    }

    // Built without debug information (data/fresh/release_batches.c), the leak within main has no
    // line: it is told by its callsite, and its link opens the Diff by callsite on it.
    void callsiteWithinASuspectOpensTheDiffByCallsite()
    {
        MainWindow window;
        window.selection()->setGrouping(Grouping::Function);
        QSignalSpy shown(&window, &MainWindow::profileShown);
        window.openFile(testData(QStringLiteral("fresh/heaptrack.release-batches.zst")));
        QVERIFY(shown.wait(10000));
        auto* summary = window.profilePage()->summary();
        QTRY_VERIFY2(
            summary->suspectsText().contains(QLatin1String("within it, <b>+611 kB</b> stayed at <a href='callsite:"))
                && summary->suspectsText().contains(QLatin1String(">main (in batches) via __GI___strdup</a>")),
            qPrintable(summary->suspectsText()));
        QVERIFY2(!summary->suspectsText().contains(QLatin1String("left behind")), qPrintable(summary->suspectsText()));
        QVERIFY(followLink(summary, QStringLiteral("callsite:")));
        QCOMPARE(window.selection()->grouping(), Grouping::Callsite);
        QVERIFY2(window.selection()->selectedKey().contains(QLatin1String("[via __GI___strdup")),
            qPrintable(window.selection()->selectedKey()));
        QTRY_VERIFY(window.profilePage()->diffView()->selectedRowsText().contains(QLatin1String("linear")));
        window.selection()->setGrouping(Grouping::Function); // as the tests after this one expect
    }

    // RSS far above the heap (david: 76 MB against a 997 kB heap) goes on an axis of its own,
    // so that the heap is not flattened onto the time axis; RSS near the heap (phases: 21.7 MB
    // against 17.6 MB) shares the heap's.
    void rssFarAboveTheHeapHasItsOwnAxis()
    {
        const auto verticalAxes = [](const TimelineChart* chart) { return chart->chart()->axes(Qt::Vertical); };
        const auto heapTop = [](const TimelineChart* chart) {
            double highest = 0;
            for (const auto& p : chart->seriesPoints(QStringLiteral("Heap")))
                highest = std::max(highest, p.y());
            return highest;
        };
        {
            MainWindow window;
            QSignalSpy shown(&window, &MainWindow::profileShown);
            window.openFile(testData(QStringLiteral("heaptrack.david.v1.zst")));
            QVERIFY(shown.wait(10000));
            const auto* chart = window.profilePage()->timeline();
            QVERIFY(chart->seriesPoints(QStringLiteral("RSS")).isEmpty());
            const auto rss = chart->seriesPoints(QStringLiteral("RSS (right axis)"));
            QVERIFY(!rss.isEmpty());
            QCOMPARE(verticalAxes(chart).size(), 2);
            // The heap fills most of the left axis.
            const auto* left = qobject_cast<QValueAxis*>(verticalAxes(chart).front());
            QVERIFY(left);
            QVERIFY2(heapTop(chart) > 0.5 * left->max(), qPrintable(QStringLiteral("%1 of %2").arg(heapTop(chart)).arg(left->max())));
        }
        {
            MainWindow window;
            QSignalSpy shown(&window, &MainWindow::profileShown);
            window.openFile(testData(QStringLiteral("heaptrack.phases.v1.zst")));
            QVERIFY(shown.wait(10000));
            const auto* chart = window.profilePage()->timeline();
            QVERIFY(!chart->seriesPoints(QStringLiteral("RSS")).isEmpty());
            QCOMPARE(verticalAxes(chart).size(), 1);
        }
    }

    // A massif row found spiky between its detailed snapshots (requestlog.cpp's runBatch: every
    // detailed snapshot on a batch at its top) drew a flat sparkline beside its "spiky": it is
    // drawn as it was read, with the dips between the detailed snapshots.
    void massifBatchSparklineShowsItsDips()
    {
        OpenWindow open;
        QVERIFY(open.open(testData(QStringLiteral("fresh/massif.out.requestlog")), QString(), QString()));
        const QAbstractItemModel* model = open.window.profilePage()->diffView()->table()->model();
        const auto rowOf = [&](const QString& key) { return diffRowOf(*model, key); };
        QTRY_VERIFY(rowOf(QStringLiteral("runBatch(int)")) >= 0);
        const auto seriesOf = [&](const QString& key, int role) {
            return model->index(rowOf(key), DiffTableModel::TrendColumn).data(role).toList();
        };
        const auto batch = seriesOf(QStringLiteral("runBatch(int)"), DiffTableModel::SeriesRole);
        const auto log = seriesOf(QStringLiteral("logRequest(int)"), DiffTableModel::SeriesRole);
        QCOMPARE(seriesOf(QStringLiteral("runBatch(int)"), DiffTableModel::SampleTimesRole).size(), batch.size());
        QVERIFY2(batch.size() > log.size(), qPrintable(QStringLiteral("%1 / %2").arg(batch.size()).arg(log.size())));
        qint64 low = INT64_MAX, high = 0;
        for (const auto& v : batch) {
            low = std::min(low, v.toLongLong());
            high = std::max(high, v.toLongLong());
        }
        // After the first batch (at 0 before it), it still falls below half its top.
        int fallsAfterTop = 0;
        bool topped = false;
        for (const auto& v : batch) {
            topped = topped || v.toLongLong() == high;
            fallsAfterTop += topped && v.toLongLong() < high / 2;
        }
        QVERIFY2(fallsAfterTop >= 5, qPrintable(QString::number(fallsAfterTop)));
        QCOMPARE(seriesOf(QStringLiteral("logRequest(int)"), DiffTableModel::SampleTimesRole).size(), log.size());
    }

    // A massif row that sank under massif's threshold (the LRU cache of a fresh request loop,
    // tests/data/fresh/kvstore.cpp) is marked "?" as the CLI marks it, its tooltip saying why.
    void massifRowUnderTheThresholdIsMarked()
    {
        OpenWindow open;
        QVERIFY(open.open(testData(QStringLiteral("fresh/massif.out.kvstore")), QString(), QString()));
        const QAbstractItemModel* model = open.window.profilePage()->diffView()->table()->model();
        const auto rowOf = [&](const QString& key) { return diffRowOf(*model, key); };
        QTRY_VERIFY(rowOf(QStringLiteral("put")) >= 0);
        const QModelIndex put = model->index(rowOf(QStringLiteral("put")), DiffTableModel::ClassColumn);
        QVERIFY(put.data(DiffTableModel::UncertainRole).toBool());
        QVERIFY(put.data(Qt::ToolTipRole).toString().contains(QLatin1String("massif lists it no more")));
        const QModelIndex index
            = model->index(rowOf(QStringLiteral("indexDocument(long)")), DiffTableModel::ClassColumn);
        QVERIFY(!index.data(DiffTableModel::UncertainRole).toBool());
        QVERIFY(index.data(DiffTableModel::LeakLikeRole).toBool());
    }

    // The recorder counts threads alive in every recording: where the program never started one
    // (iterp.py), the flat line at 1, its legend entry and its axis said nothing, and are not drawn;
    // where it did (mapall.py's pool), the count is.
    void threadsAliveAreDrawnWhereThreadsWereStarted()
    {
        for (const auto& [file, drawn] :
            { std::pair { "fresh/iterp.heapline", false }, std::pair { "fresh/mapall.heapline", true } }) {
            OpenWindow open;
            QVERIFY(open.open(testData(QLatin1String(file)), QString(), QString()));
            const auto* chart = open.window.profilePage()->timeline();
            QTRY_VERIFY(chart->seriesNames().contains(QStringLiteral("Heap (traced)")));
            QCOMPARE(chart->seriesNames().contains(QStringLiteral("threads alive")), drawn);
        }
    }

    // A counter past a million (the objects made with the collector off, fresh/gcoff.heapline) is
    // drawn in thousands: "%g" had labelled its axis "1.5e+06".
    void largeCountsAreDrawnInThousands()
    {
        OpenWindow open;
        QVERIFY(open.open(testData(QStringLiteral("fresh/gcoff.heapline")), QString(), QString()));
        const auto* chart = open.window.profilePage()->timeline();
        QTRY_VERIFY(chart->seriesNames().contains(QStringLiteral("collector off")));
        QStringList titles;
        for (const auto* axis : chart->chart()->axes(Qt::Vertical))
            titles << axis->titleText();
        QVERIFY2(titles.contains(QStringLiteral("count (thousands)")), qPrintable(titles.join(QLatin1String(", "))));
        double top = 0;
        for (const QPointF& point : chart->seriesPoints(QStringLiteral("collector off")))
            top = std::max(top, point.y());
        QVERIFY2(top > 1000 && top < 1500, qPrintable(QString::number(top)));
    }

    // massif knows the rows only at its detailed snapshots, the heap at every one. Drawn straight
    // between detailed snapshots, sawtooth's runBatch stood at 11 MB where its batch had been freed
    // and the heap was at 1 MB: the stack never stands above the heap's own line now.
    void stackedRowsStayUnderTheHeap()
    {
        OpenWindow open;
        const auto rows
            = stackedRowOf(open, QStringLiteral("fresh/massif.out.sawtooth"), QStringLiteral("runBatch(int) (spiky)"));
        QVERIFY(rows.size() >= 2);
        const auto* chart = open.window.profilePage()->timeline();
        const auto heap = chart->seriesPoints(QStringLiteral("Heap"));
        QVERIFY(heap.size() > 20);
        // The row's line where each of the heap's points is: straight between the row's points.
        const auto under = [&](const QList<QPointF>& rows) {
            const auto rowAt = [&](double x) {
                for (qsizetype i = 1; i < rows.size(); ++i)
                    if (rows[i].x() >= x)
                        return rows[i - 1].y()
                            + (rows[i].y() - rows[i - 1].y()) * (x - rows[i - 1].x())
                            / std::max(rows[i].x() - rows[i - 1].x(), 1e-12);
                return rows.back().y();
            };
            for (const QPointF& p : heap) {
                if (p.x() < rows.front().x() || p.x() > rows.back().x())
                    continue;
                if (rowAt(p.x()) > p.y() * 1.01 + 1e-6) {
                    qWarning("the row at %g above the heap's %g at %g", rowAt(p.x()), p.y(), p.x());
                    return false;
                }
            }
            return true;
        };
        QVERIFY(under(rows));
        // So is the row picked in a table, drawn as a line of its own.
        open.window.selection()->setSelectedRow(QStringLiteral("runBatch(int)"), std::nullopt);
        const QString picked = QStringLiteral("picked: runBatch(int)");
        QTRY_VERIFY(chart->seriesPoints(picked).size() >= 2);
        QVERIFY(under(chart->seriesPoints(picked)));
    }

    // A request's scratch buffer (16.4 kB, freed before the next request; tests/data/fresh/native.c)
    // rose in nearly every interval between checkpoints, and the checkpoints caught it alive three
    // times: stacked from its samples alone, the row showed three bumps under a heap that spiked
    // throughout. Its highs inside intervals are drawn, no higher than the heap's.
    void stackedRowsShowTheirHighsInsideIntervals()
    {
        OpenWindow open;
        const auto rows
            = stackedRowOf(open, QStringLiteral("fresh/heaptrack.native.zst"), QStringLiteral("handle (spiky)"));
        QVERIFY(rows.size() >= 2);
        const qsizetype risen = std::count_if(rows.begin(), rows.end(), [](const QPointF& p) { return p.y() > 16.0; });
        QVERIFY2(risen >= 40, qPrintable(QString::number(risen)));
        for (const QPointF& p : rows)
            QVERIFY2(p.y() <= 16.4 + 1e-6, qPrintable(QString::number(p.y()))); // kB: the scratch buffer's size
    }

    // A heaptrack file whose first timestamp comes late (git blame's at 467 ms, leakpy's at 529;
    // this one's at 500 ms, a 1 MB batch built and freed before it): the rows begin where the
    // heap's own line does. Drawn from the start, they rose straight to their level, the batch's high in the
    // middle of a stretch where nothing was recorded.
    void rowsBeginWhereTheHeapsLineBegins()
    {
        OpenWindow open;
        const auto rows = stackedRowOf(
            open, QStringLiteral("heaptrack.late-first-timestamp.txt"), QStringLiteral("inlined_fn (linear)"));
        QVERIFY(rows.size() >= 2);
        const auto heap = open.window.profilePage()->timeline()->seriesPoints(QStringLiteral("Heap"));
        QVERIFY(!heap.isEmpty());
        QVERIFY(heap.front().x() > 0); // 500 ms, in the axis's unit
        // No sample lies between 0 and 500 ms (one in three checkpoints is drawn): the rows begin
        // at 500 ms, or at the checkpoint before it on the 10 ms grid, not at 0.
        QVERIFY2(rows.front().x() >= heap.front().x() * 0.98,
            qPrintable(QStringLiteral("%1 against %2").arg(rows.front().x()).arg(heap.front().x())));
        QVERIFY2(rows.back().y() > rows.front().y(), qPrintable(QString::number(rows.back().y())));
    }

    // A sampled recording says so where every view's figures are: the Summary and the status bar.
    void sampledRecordingSaysSo()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("sampled.heapline"));
        QVERIFY(writeFile(path, "heapline 1\nproducer heapline-recorder 1.1 (cpython 3.11.7, sampled)\nunit s\nsampling 524288\n"
                                "s 1 keep\nf 1 1 0 0 0\nn 1 0 1\nS 0\nd 1 1048576 2\nE\nS 1\nd 1 1048576 2\nE\nx 1\n"));
        MainWindow window;
        QSignalSpy shown(&window, &MainWindow::profileShown);
        window.openFile(path);
        QVERIFY(shown.wait(10000));
        QCOMPARE(window.profilePage()->summary()->fact(QStringLiteral("Heap figures")), QStringLiteral("sampled, estimates"));
        QVERIFY2(window.fileInfoText().endsWith(QStringLiteral(" · sampled, estimates")), qPrintable(window.fileInfoText()));
        // An exact one does not.
        window.openFile(MainWindow::samplePath());
        QVERIFY(shown.wait(10000));
        QVERIFY(!window.fileInfoText().contains(QLatin1String("sampled")));
        QVERIFY(window.profilePage()->summary()->fact(QStringLiteral("Heap figures")).isEmpty());
    }

    void cutRecordingShowsAWarning()
    {
        MainWindow window;
        window.show();
        QSignalSpy shown(&window, &MainWindow::profileShown);
        window.openFile(corpusFile(QStringLiteral("recorded/heaptrack.phases-cut.zst")));
        QVERIFY(shown.wait(10000));
        QVERIFY(window.banner()->isVisible());
        QCOMPARE(window.banner()->kind(), MessageBanner::Kind::Warning);
        QVERIFY2(window.banner()->text().contains(QLatin1String("cut off")), qPrintable(window.banner()->text()));
    }

    void brokenFileShowsAnErrorAndKeepsTheWindowUsable()
    {
        QTemporaryDir dir;
        const auto broken = dir.filePath(QStringLiteral("broken.zst"));
        QVERIFY(writeFile(broken, QByteArray("this is not a profile\n")));
        MainWindow window;
        window.show();
        QSignalSpy shown(&window, &MainWindow::profileShown);
        QSignalSpy failed(window.loader(), &ProfileLoader::failed);
        window.openFile(testData(QStringLiteral("heaptrack.tiny.txt")));
        QVERIFY(shown.wait(10000));
        window.openFile(broken);
        QVERIFY(failed.wait(10000));
        QVERIFY(window.banner()->isVisible());
        QCOMPARE(window.banner()->kind(), MessageBanner::Kind::Error);
        QVERIFY(window.banner()->text().contains(broken));
        QVERIFY(window.banner()->text().contains(QLatin1String("not a heap profile")));
        // The profile that was open stays open.
        QCOMPARE(window.profilePage()->summary()->fact(QStringLiteral("Peak heap")), QStringLiteral("144 B"));
        window.openFile(testData(QStringLiteral("heaptrack.tiny.txt")));
        QVERIFY(shown.wait(10000));
        QVERIFY(!window.banner()->isVisible());
    }

    // The window's shortcuts work as soon as a profile is shown: focus sat in A's field, where
    // Ctrl+E (Export Leak Report) is the line edit's "end of line" under X11's key bindings, and
    // Ctrl+Z its own undo.
    void shortcutsReachTheWindowOnceAProfileIsShown()
    {
        MainWindow window;
        window.show();
        window.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&window));
        QSignalSpy shown(&window, &MainWindow::profileShown);
        window.openFile(testData(QStringLiteral("heaptrack.tiny.txt")));
        QVERIFY(shown.wait(10000));
        QWidget* focused = QApplication::focusWidget();
        QVERIFY(focused);
        QVERIFY2(!qobject_cast<QLineEdit*>(focused), focused->metaObject()->className());
        QVERIFY(window.isAncestorOf(focused));
        // The focused widget leaves Ctrl+E and Ctrl+Z to the window's shortcuts.
        for (const int key : { int(Qt::Key_E), int(Qt::Key_Z) }) {
            QKeyEvent override(QEvent::ShortcutOverride, key, Qt::ControlModifier);
            QApplication::sendEvent(focused, &override);
            QVERIFY2(!override.isAccepted(), focused->metaObject()->className());
        }
    }

    // B typed into its field and applied with Enter, focus still there: Ctrl+Z undoes the range,
    // as everywhere else, and the field follows. The field's own undo had reverted its text only
    // ("2.5s" back to "end", B still at 2.35 s). While the text is being edited, Ctrl+Z stays the
    // field's.
    void undoInAnAppliedFieldUndoesTheRange()
    {
        OpenWindow open;
        QVERIFY(open.open(testData(QStringLiteral("heaptrack.tiny.txt")), QString(), QString()));
        MainWindow& window = open.window;
        window.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&window));
        const size_t last = window.profile()->checkpointCount() - 1;
        QCOMPARE(window.selection()->b(), last);
        QLineEdit* field = window.profilePage()->rangeBar()->fieldB();
        field->setFocus();
        field->selectAll();
        QTest::keyClicks(field, QStringLiteral("#1"));
        QTest::keyClick(field, Qt::Key_Return);
        QCOMPARE(window.selection()->b(), size_t(1));
        QVERIFY(field->hasFocus());
        QTest::keyClick(field, Qt::Key_Z, Qt::ControlModifier);
        QCOMPARE(window.selection()->b(), last);
        QCOMPARE(field->text(), QStringLiteral("end"));
        // Typing, not applied: the field's own undo.
        QTest::keyClicks(field, QStringLiteral("x"));
        QTest::keyClick(field, Qt::Key_Z, Qt::ControlModifier);
        QCOMPARE(field->text(), QStringLiteral("end"));
        QCOMPARE(window.selection()->b(), last);
    }

    // The timeline's context menu (a right-click did nothing): A or B at the checkpoint under
    // the pointer, each one step of Edit > Undo; a zoom to A-B and back.
    void timelineMenuSetsTheRangeAndZooms()
    {
        OpenWindow open;
        QVERIFY(open.open(testData(QStringLiteral("fresh/heaptrack.vecgrow.zst")), QString(), QString()));
        MainWindow& window = open.window;
        TimelineChart* chart = window.profilePage()->timeline();
        const CheckpointStore& store = window.profile()->checkpoints();
        const size_t last = window.profile()->checkpointCount() - 1;
        const size_t firstB = window.selection()->b(); // before the teardown
        // Picks `wanted` (its text's start) from the menu opened at `time`; the menu's actions.
        const auto pick = [&](double time, const QString& wanted) {
            QPoint at = chart->pointForTime(time);
            at.setY(static_cast<int>(chart->mapFromScene(chart->chart()->plotArea().center()).y()));
            QStringList texts;
            QTimer::singleShot(0, [&] {
                auto* menu = qobject_cast<QMenu*>(QApplication::activePopupWidget());
                if (!menu)
                    return;
                for (QAction* action : menu->actions()) {
                    texts << action->text() + (action->isEnabled() ? QString() : QStringLiteral(" (off)"));
                    if (action->isEnabled() && !wanted.isEmpty() && action->text().startsWith(wanted))
                        action->trigger();
                }
                menu->close();
            });
            QContextMenuEvent event(QContextMenuEvent::Mouse, at, chart->viewport()->mapToGlobal(at));
            QApplication::sendEvent(chart->viewport(), &event);
            return texts;
        };
        const double late = store.time(last) * 0.75, early = store.time(last) * 0.25;
        const size_t nearLate = store.nearest(late), nearEarly = store.nearest(early);
        QVERIFY(nearEarly > 0 && nearLate < firstB && nearEarly < nearLate);
        const QStringList texts = pick(late, QStringLiteral("Set &B Here"));
        QVERIFY2(texts.size() == 5 && texts[0].startsWith(QStringLiteral("Set &A Here (#%1, ").arg(nearLate))
                && texts[4] == QStringLiteral("&Reset Zoom (off)"),
            qPrintable(texts.join(QLatin1Char('|'))));
        QCOMPARE(window.selection()->b(), nearLate);
        pick(early, QStringLiteral("Set &A Here"));
        QCOMPARE(window.selection()->a(), nearEarly);
        QCOMPARE(window.selection()->b(), nearLate);
        // Zoomed to A-B, the reset is on.
        pick(late, QStringLiteral("&Zoom to A"));
        const auto [from, to] = chart->visibleTimes();
        QVERIFY2(from >= store.time(nearEarly) - 1e-9 && to <= store.time(nearLate) + 1e-9,
            qPrintable(QStringLiteral("%1..%2").arg(from).arg(to)));
        QVERIFY(pick((from + to) / 2, QStringLiteral("&Reset Zoom")).contains(QStringLiteral("&Reset Zoom")));
        QVERIFY(chart->visibleTimes().second >= store.time(last) - 1e-9);
        window.selection()->undoStack()->undo();
        QCOMPARE(window.selection()->a(), size_t(0));
        QCOMPARE(window.selection()->b(), nearLate);
        window.selection()->undoStack()->undo();
        QCOMPARE(window.selection()->b(), firstB);
        // Compared with a base run, A is that run's: no "Set A Here" nor zoom to A-B.
        QVERIFY(open.compareWith(testData(QStringLiteral("fresh/heaptrack.vecgrow.zst"))));
        const QStringList two = pick(late, QStringLiteral("Set &B Here"));
        QVERIFY2(two.size() == 3 && two[0].startsWith(QStringLiteral("Set &B Here (#%1, ").arg(nearLate)),
            qPrintable(two.join(QLatin1Char('|'))));
        QCOMPARE(window.selection()->b(), nearLate);
        // And a click sets B (it set the A no view showed, and moved B where it passed it).
        QPoint click = chart->pointForTime(early);
        click.setY(static_cast<int>(chart->mapFromScene(chart->chart()->plotArea().center()).y()));
        QTest::mouseClick(chart->viewport(), Qt::LeftButton, {}, click);
        QCOMPARE(window.selection()->b(), nearEarly);
    }

    void loadingCanBeCancelled()
    {
        HEAPLINE_SKIP_WITHOUT(QStringLiteral("recorded/heaptrack.cc1plus-40M.zst"));
        MainWindow window;
        window.show();
        window.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&window));
        QSignalSpy cancelled(window.loader(), &ProfileLoader::cancelled);
        QSignalSpy shown(&window, &MainWindow::profileShown);
        window.openFile(corpusFile(QStringLiteral("recorded/heaptrack.cc1plus-40M.zst")));
        QVERIFY(window.loader()->isLoading());
        QVERIFY(window.loadProgress()->isVisible());
        QTest::keyClick(&window, Qt::Key_Escape);
        QCOMPARE(cancelled.size(), 1);
        QVERIFY(!window.loader()->isLoading());
        QVERIFY(!window.loadProgress()->isVisible());
        QTest::qWait(200);
        QCOMPARE(shown.size(), 0);
        QVERIFY(window.showsStartPage());
    }

    void progressIsReported()
    {
        MainWindow window;
        QSignalSpy progress(window.loader(), &ProfileLoader::progress);
        QSignalSpy shown(&window, &MainWindow::profileShown);
        window.openFile(corpusFile(QStringLiteral("recorded/heaptrack.leakpy.zst")));
        QVERIFY(shown.wait(30000));
        QVERIFY(progress.size() >= 1);
        const auto last = progress.last();
        QCOMPARE(last.at(0).toLongLong(), last.at(1).toLongLong());
        QVERIFY(window.loadProgress()->text().contains(QLatin1String("heaptrack.leakpy.zst")));
    }

    void eachFormatShowsItsOwnFacts()
    {
        MainWindow window;
        QSignalSpy shown(&window, &MainWindow::profileShown);
        window.openFile(testData(QStringLiteral("heaptrack.tiny.txt")));
        QVERIFY(shown.wait(10000));
        QCOMPARE(window.profilePage()->summary()->fact(QStringLiteral("Allocations")), QStringLiteral("5"));
        window.openFile(corpusFile(QStringLiteral("recorded/massif.out.phases")));
        QVERIFY(shown.wait(10000));
        QCOMPARE(window.profilePage()->summary()->fact(QStringLiteral("Snapshots")), QStringLiteral("57"));
        QVERIFY(window.profilePage()->summary()->fact(QStringLiteral("Allocations")).isEmpty());
        QCOMPARE(window.profilePage()->summary()->fact(QStringLiteral("Peak heap")), QStringLiteral("17.6 MB"));
        QVERIFY(!window.profilePage()->timeline()->seriesPoints(QStringLiteral("Heap extra")).isEmpty());
    }

    // Every view, on a corpus file, into the build folder (README shows them).
    void screenshotsOfEveryView_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("from");
        QTest::addColumn<QString>("to");
        QTest::newRow("sample") << MainWindow::samplePath() << "sample" << QString() << QString();
        // Before the exit frees everything: what a user looks at in this run.
        QTest::newRow("phases") << corpusFile(QStringLiteral("recorded/heaptrack.phases.zst")) << "phases" << "start" << "8s";
        QTest::newRow("massif") << corpusFile(QStringLiteral("external/massif.out.kate")) << "kate" << QString() << QString();
    }

    void screenshotsOfEveryView()
    {
        QFETCH(QString, file);
        QFETCH(QString, name);
        QFETCH(QString, from);
        QFETCH(QString, to);
        MainWindow window;
        window.setInitialRange(from, to);
        window.resize(1400, 950);
        window.show();
        QSignalSpy shown(&window, &MainWindow::profileShown);
        QSignalSpy ready(window.controller(), &DiffController::comparisonReady);
        window.openFile(file);
        QVERIFY(shown.wait(30000));
        QVERIFY(ready.size() > 0 || ready.wait(30000));
        const QString folder = QStringLiteral(HEAPLINE_BUILD_DIR "/screenshots");
        QDir().mkpath(folder);
        const char* tabs[] = { "summary", "diff", "flame", "topdown", "bottomup" };
        for (int tab = 0; tab < 5; ++tab) {
            window.profilePage()->showTab(static_cast<ProfilePage::Tab>(tab));
            if (tab == ProfilePage::BottomUpTab)
                QTest::qWait(500);
            QTest::qWait(100);
            const QImage image = window.grab().toImage();
            QVERIFY(!image.isNull());
            QVERIFY(image.save(QStringLiteral("%1/%2-%3.png").arg(folder, name, QLatin1String(tabs[tab]))));
        }
    }

    void droppingAFileOpensIt()
    {
        MainWindow window;
        window.show();
        QSignalSpy shown(&window, &MainWindow::profileShown);
        QMimeData data;
        data.setUrls({ QUrl::fromLocalFile(testData(QStringLiteral("heaptrack.tiny.txt"))) });
        QDragEnterEvent enter(QPoint(10, 10), Qt::CopyAction, &data, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(&window, &enter);
        QVERIFY(enter.isAccepted());
        QDropEvent drop(QPointF(10, 10), Qt::CopyAction, &data, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(&window, &drop);
        QVERIFY(shown.wait(10000));
        QCOMPARE(window.profilePage()->summary()->fact(QStringLiteral("Peak heap")), QStringLiteral("144 B"));
    }
};

QTEST_MAIN(TestGui)
#include "tst_gui.moc"
