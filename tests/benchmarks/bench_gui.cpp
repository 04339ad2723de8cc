// heapline-bench-gui FILE [BASE]: the desktop at scale, measured offscreen in one run. Prints the
// time from launch to the first screen (the Summary of the comparison drawn), the GUI's peak RSS,
// and for each interaction the time until every view shows its result and the longest the event
// loop was blocked meanwhile; beside them `heapline-cli summary` on the same file (time and RSS),
// and heaptrack_gui where it is installed. Not a test: it prints figures and asserts nothing.
#include "app/CallTreeModel.h"
#include "app/CallTreeView.h"
#include "app/CallerCalleeView.h"
#include "app/DiffController.h"
#include "app/DiffTableModel.h"
#include "app/DiffView.h"
#include "app/FlameGraph.h"
#include "app/FlameView.h"
#include "app/MainWindow.h"
#include "app/MemoryTuning.h"
#include "app/ProfilePage.h"
#include "app/Selection.h"
#include "app/SizesView.h"
#include "app/TimelineChart.h"

#include <QApplication>
#include <QComboBox>
#include <QElapsedTimer>
#include <QFile>
#include <QLineEdit>
#include <QProcess>
#include <QSortFilterProxyModel>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTest>
#include <QThread>
#include <QTimer>
#include <QTreeView>
#include <chrono>
#include <cstdio>
#include <functional>
#include <sys/resource.h>

using namespace heapline;

namespace {

const auto processStart = std::chrono::steady_clock::now();

double sinceStart()
{
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - processStart).count();
}

long peakRssKiB()
{
    rusage usage {};
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_maxrss;
}

// The longest gap between two ticks of a 2 ms timer: how long the event loop was blocked.
class Heartbeat : public QObject {
public:
    Heartbeat()
    {
        m_timer.setInterval(2);
        connect(&m_timer, &QTimer::timeout, this, [this] {
            const qint64 now = m_clock.nsecsElapsed();
            m_longest = std::max(m_longest, now - m_last);
            m_last = now;
        });
        m_clock.start();
        m_timer.start();
    }
    void reset()
    {
        m_last = m_clock.nsecsElapsed();
        m_longest = 0;
    }
    double longestMs() const { return std::max(m_longest, m_clock.nsecsElapsed() - m_last) / 1e6; }

private:
    QTimer m_timer;
    QElapsedTimer m_clock;
    qint64 m_last = 0;
    qint64 m_longest = 0;
};

bool settled(MainWindow& window)
{
    auto* controller = window.controller();
    auto* selection = window.selection();
    const auto& c = controller->comparison();
    if (controller->busy() || !c)
        return false;
    const size_t a = c->twoFiles() ? selection->a() : c->from().checkpoint;
    return a == selection->a() && c->to().checkpoint == selection->b() && c->grouping() == selection->grouping();
}

// Waits until `done` holds (polling the event loop), at most `seconds`.
bool waitFor(const std::function<bool()>& done, double seconds = 120)
{
    QElapsedTimer t;
    t.start();
    while (!done()) {
        if (t.elapsed() > seconds * 1000)
            return false;
        QTest::qWait(1);
    }
    return true;
}

struct Row {
    QString what;
    double seconds;
    double blockedMs;
    long peakRssKiB; // the process's high-water mark after it
};

std::pair<double, long> measureCommand(const QStringList& command)
{
    QProcess process;
    process.start(QCoreApplication::applicationDirPath() + QStringLiteral("/heapline-measure"), command);
    process.waitForFinished(600000);
    const QStringList fields = QString::fromUtf8(process.readAllStandardError()).trimmed().split(QLatin1Char('\n')).last().split(QLatin1Char(' '));
    return { fields.value(0).toDouble(), fields.value(1).toLong() };
}

// heaptrack_gui has no way to say when it is done: it runs offscreen until its CPU time stops
// growing for a second and a half (its parsing threads are done and every view is filled). The
// time is until its last CPU tick; the memory its high-water mark (VmHWM).
std::pair<double, long> measureHeaptrackGui(const QString& program, const QString& file)
{
    QProcess process;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    process.setProcessEnvironment(env);
    process.setStandardOutputFile(QProcess::nullDevice());
    process.setStandardErrorFile(QProcess::nullDevice());
    QElapsedTimer clock;
    clock.start();
    process.start(program, { file });
    if (!process.waitForStarted())
        return { -1, 0 };
    const QString proc = QStringLiteral("/proc/%1/").arg(process.processId());
    const auto cpuTicks = [&]() -> long {
        QFile stat(proc + QStringLiteral("stat"));
        if (!stat.open(QIODevice::ReadOnly))
            return -1;
        const QString text = QString::fromLatin1(stat.readAll());
        const QStringList fields = text.mid(text.lastIndexOf(QLatin1Char(')')) + 2).split(QLatin1Char(' '));
        return fields.value(11).toLong() + fields.value(12).toLong(); // utime + stime
    };
    long last = -1;
    double lastChange = 0;
    while (clock.elapsed() < 300000) {
        QThread::msleep(100);
        const long ticks = cpuTicks();
        if (ticks < 0)
            break;
        if (ticks != last) {
            last = ticks;
            lastChange = clock.nsecsElapsed() / 1e9;
        } else if (clock.nsecsElapsed() / 1e9 - lastChange > 1.5 && ticks > 10) {
            break;
        }
    }
    long hwm = 0;
    QFile status(proc + QStringLiteral("status"));
    if (status.open(QIODevice::ReadOnly))
        for (const QByteArray& line : status.readAll().split('\n'))
            if (line.startsWith("VmHWM:"))
                hwm = line.mid(6).trimmed().split(' ').value(0).toLong();
    process.kill();
    process.waitForFinished();
    return { lastChange, hwm };
}

} // namespace

int main(int argc, char** argv)
{
    if (!qEnvironmentVariableIsSet("HEAPLINE_BENCH_DEFAULT_MALLOC"))
        heapline::keepFreedMemoryReturned(); // as the GUI's own main() does
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("HeaplineBench"));
    QStandardPaths::setTestModeEnabled(true);
    const QStringList args = app.arguments().mid(1);
    if (args.isEmpty()) {
        std::fprintf(stderr, "usage: heapline-bench-gui FILE [BASE]\n");
        return 2;
    }
    const QString file = args[0];
    Heartbeat heartbeat;
    std::vector<Row> rows;

    MainWindow window;
    window.resize(1400, 900);
    window.show();
    window.selection()->setGrouping(Grouping::Function);
    heartbeat.reset();
    QString loadError;
    QObject::connect(
        window.loader(), &ProfileLoader::failed, [&](const QString&, const QString& message) { loadError = message; });
    double loaded = 0;
    QObject::connect(window.loader(), &ProfileLoader::loaded, [&] { loaded = sinceStart(); });
    const double windowShown = sinceStart();
    window.openFile(file);
    if (!waitFor([&] { return !loadError.isEmpty() || (window.profile() && settled(window)); })
        || !loadError.isEmpty()) {
        std::fprintf(stderr, "%s did not load: %s\n", qPrintable(file),
            qPrintable(loadError.isEmpty() ? QStringLiteral("timed out") : loadError));
        return 1;
    }
    QTest::qWait(0);
    window.profilePage()->repaint();
    const double firstScreen = sinceStart();
    const double loadBlocked = heartbeat.longestMs();
    const long firstScreenRss = peakRssKiB();

    auto* page = window.profilePage();
    auto* selection = window.selection();
    const auto interact = [&](const QString& what, const std::function<void()>& act, const std::function<bool()>& done) {
        QTest::qWait(50);
        heartbeat.reset();
        QElapsedTimer t;
        t.start();
        act();
        const bool ok = waitFor(done);
        rows.push_back({ ok ? what : what + QStringLiteral(" (timed out)"), t.nsecsElapsed() / 1e9, heartbeat.longestMs(), peakRssKiB() });
    };
    const auto comparisonSettled = [&] { return settled(window); };
    const size_t last = window.profile()->checkpointCount() - 1;
    interact(QStringLiteral("move B"), [&] { selection->setB(last * 3 / 4); }, comparisonSettled);
    interact(QStringLiteral("move A"), [&] { selection->setA(last / 4); }, comparisonSettled);
    for (auto g : { Grouping::Callsite, Grouping::File, Grouping::Line, Grouping::Module, Grouping::Type, Grouping::Function })
        interact(QStringLiteral("group by %1").arg(QLatin1String(groupingName(g))), [&] { selection->setGrouping(g); }, comparisonSettled);
    interact(QStringLiteral("open the flame graph"), [&] { page->showTab(ProfilePage::FlameTab); },
             [&] { return page->flameView()->graph()->tree() != nullptr; });
    interact(
        QStringLiteral("search the flame graph"),
        [&] {
            page->showTab(ProfilePage::FlameTab);
            page->flameView()->graph()->setSearch(QStringLiteral("tree"));
        },
        [] { return true; });
    page->flameView()->graph()->setSearch({});
    interact(QStringLiteral("open the top-down tree"), [&] { page->showTab(ProfilePage::TopDownTab); }, [] { return true; });
    interact(QStringLiteral("open the bottom-up tree"), [&] { page->showTab(ProfilePage::BottomUpTab); },
             [&] { return window.controller()->tree(CallTree::Direction::BottomUp) != nullptr; });
    for (const QString& text : { QStringLiteral("tree"), QStringLiteral("no such frame") })
        interact(
            QStringLiteral("filter the bottom-up tree: %1").arg(text),
            [&] {
                page->bottomUp()->model()->setFilter(text);
                page->bottomUp()->view()->expandToDepth(1);
                page->bottomUp()->view()->viewport()->repaint(); // laid out and painted
            },
            [] { return true; });
    page->bottomUp()->model()->setFilter({});
    interact(QStringLiteral("open Caller / Callee"), [&] { page->showTab(ProfilePage::CallerCalleeTab); },
             [&] { return !page->callerCallee()->isBusy() && !page->callerCallee()->current().function.empty(); });
    bool sizesDone = false;
    QObject::connect(page->sizes(), &SizesView::updated, [&] { sizesDone = true; });
    interact(QStringLiteral("open Sizes"), [&] { page->showTab(ProfilePage::SizesTab); }, [&] { return sizesDone; });
    interact(QStringLiteral("timeline: allocations/s"), [&] { page->metricBox()->setCurrentIndex(1); },
             [&] { return page->timeline()->rates() != nullptr; });
    page->metricBox()->setCurrentIndex(0);
    interact(QStringLiteral("type into the filter"), [&] {
        page->showTab(ProfilePage::DiffTab);
        QTest::keyClicks(page->diffView()->filterEdit(), QStringLiteral("tree"));
    }, [&] { return page->diffView()->proxy()->rowCount() < page->diffView()->model()->rowCount(); });
    interact(QStringLiteral("drag B across 20 checkpoints"), [&] {
        for (int i = 0; i < 20; ++i) {
            selection->setB(last / 2 + static_cast<size_t>(i) * (last / 50 + 1));
            QTest::qWait(16); // a drag delivers a move about every frame
        }
    }, comparisonSettled);
    if (args.size() > 1)
        interact(QStringLiteral("Compare With… %1").arg(args[1].section(QLatin1Char('/'), -1)), [&] { window.compareWith(args[1]); },
                 [&] { const auto& c = window.controller()->comparison(); return c && c->twoFiles() && settled(window); });
    const long guiRss = peakRssKiB();

    const auto cli = measureCommand({ QCoreApplication::applicationDirPath() + QStringLiteral("/../app/cli/heapline-cli"), QStringLiteral("summary"), file });
    std::printf("%s\n\n", qPrintable(file));
    std::printf("%-36s %10s %10s\n", "", "seconds", "peak RSS");
    std::printf("%-36s %10.2f %7ld MB\n", "heapline-cli summary", cli.first, cli.second / 1024);
    std::printf("%-36s %10.2f %7ld MB   (%.2fx the CLI's time, %.2fx its RSS)\n", "heapline: first screen", firstScreen, firstScreenRss / 1024,
                firstScreen / std::max(cli.first, 1e-9), double(firstScreenRss) / std::max(cli.second, 1L));
    std::printf("%-36s %10s            (window shown at %.2f s, file read at %.2f s, then the comparison)\n", "", "",
        windowShown, loaded);
    std::printf("%-36s %10s %7ld MB   (%.2fx the CLI's RSS)\n", "heapline: after every interaction", "", guiRss / 1024,
                double(guiRss) / std::max(cli.second, 1L));
    if (const QString heaptrackGui = QStandardPaths::findExecutable(QStringLiteral("heaptrack_gui")); !heaptrackGui.isEmpty()) {
        const auto [seconds, rss] = measureHeaptrackGui(heaptrackGui, file);
        std::printf("%-36s %10.2f %7ld MB   (heapline's first screen: %.2fx its time, %.2fx its RSS)\n", "heaptrack_gui (until idle)", seconds,
                    rss / 1024, firstScreen / std::max(seconds, 1e-9), double(firstScreenRss) / std::max(rss, 1L));
    } else {
        std::printf("%-36s %s\n", "heaptrack_gui", "not installed");
    }
    std::printf("\n%-36s %10s %16s %14s\n", "interaction", "seconds", "longest block ms", "peak RSS MB");
    std::printf("%-36s %10.2f %16.1f %14ld\n", "load (to the first screen)", firstScreen, loadBlocked, firstScreenRss / 1024);
    for (const auto& r : rows)
        std::printf("%-36s %10.3f %16.1f %14ld\n", qPrintable(r.what), r.seconds, r.blockedMs, r.peakRssKiB / 1024);
    return 0;
}
