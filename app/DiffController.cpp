#include "DiffController.h"

#include "Selection.h"

#include <QtConcurrent>

namespace heapline {

DiffController::DiffController(Selection* selection, QObject* parent)
    : QObject(parent)
    , m_selection(selection)
{
    qRegisterMetaType<DiffSnapshotPtr>();
    qRegisterMetaType<std::shared_ptr<const CallTree>>();
    connect(&m_watcher, &QFutureWatcherBase::finished, this, &DiffController::finished);
    connect(selection, &Selection::rangeChanged, this, &DiffController::request);
    connect(selection, &Selection::groupingChanged, this, [this] {
        m_wholeRun.reset();
        request();
    });
}

DiffController::~DiffController()
{
    m_watcher.waitForFinished();
}

void DiffController::setProfile(ProfilePtr profile)
{
    m_profile = std::move(profile);
    m_analysis.reset();
    m_base.reset();
    m_baseAnalysis.reset();
    m_wholeRun.reset();
    m_snapshot.reset();
    m_bottomUp.reset();
    ++m_generation;
    if (m_profile)
        request();
}

void DiffController::setBase(ProfilePtr base)
{
    m_base = std::move(base);
    m_baseAnalysis.reset();
    if (m_profile)
        request();
}

void DiffController::request()
{
    if (!m_profile)
        return;
    ++m_generation;
    m_bottomUp.reset();
    if (m_running) {
        m_pending = true;
        return;
    }
    start();
}

void DiffController::start()
{
    m_running = true;
    m_pending = false;
    m_runningGeneration = m_generation;
    const size_t a = m_selection->a(), b = m_selection->b();
    const Grouping grouping = m_selection->grouping();
    auto profile = m_profile;
    auto analysis = m_analysis;
    auto wholeRun = m_wholeRun;
    auto base = m_base;
    auto baseAnalysis = m_baseAnalysis;
    m_watcher.setFuture(QtConcurrent::run([profile, analysis, wholeRun, base, baseAnalysis, a, b, grouping]() -> DiffSnapshotPtr {
        auto snapshot = std::make_shared<DiffSnapshot>();
        snapshot->a = a;
        snapshot->b = b;
        snapshot->grouping = grouping;
        snapshot->analysis = analysis ? analysis : std::make_shared<const Analysis>(profile);
        if (base) {
            snapshot->base = baseAnalysis ? baseAnalysis : std::make_shared<const Analysis>(base);
            const size_t baseEnd = base->checkpointCount() - 1;
            const auto between = [&](Grouping g) {
                return std::make_shared<const DiffResult>(computeDiffBetween(snapshot->base, baseEnd, snapshot->analysis, b, g));
            };
            snapshot->diff = between(grouping);
            snapshot->byCallsite = grouping == Grouping::Callsite ? snapshot->diff : between(Grouping::Callsite);
        } else {
            snapshot->diff = std::make_shared<const DiffResult>(computeDiff(snapshot->analysis, a, b, grouping));
            snapshot->byCallsite = grouping == Grouping::Callsite
                ? snapshot->diff
                : std::make_shared<const DiffResult>(computeDiff(snapshot->analysis, a, b, Grouping::Callsite));
        }
        snapshot->topDown = std::make_shared<const CallTree>(CallTree::build(*snapshot->byCallsite, CallTree::Direction::TopDown));
        const size_t last = snapshot->analysis->profile().checkpointCount() - 1;
        snapshot->wholeRun = wholeRun ? wholeRun
            : (!base && a == 0 && b == last) ? snapshot->diff
                                    : std::make_shared<const DiffResult>(computeDiff(snapshot->analysis, 0, last, grouping));
        return snapshot;
    }));
}

void DiffController::finished()
{
    m_running = false;
    const auto snapshot = m_watcher.result();
    const bool current = m_runningGeneration == m_generation;
    if (snapshot && snapshot->analysis->profilePtr() == m_profile) {
        m_analysis = snapshot->analysis;
        if (snapshot->base && m_base && &snapshot->base->profile() == m_base.get())
            m_baseAnalysis = snapshot->base;
        if (snapshot->grouping == m_selection->grouping())
            m_wholeRun = snapshot->wholeRun;
        if (current) {
            m_snapshot = snapshot;
            emit snapshotReady(snapshot);
        }
    }
    if (m_pending)
        start();
}

std::shared_ptr<const CallTree> DiffController::bottomUp()
{
    if (m_bottomUp || !m_snapshot || m_bottomUpRunning)
        return m_bottomUp;
    m_bottomUpRunning = true;
    const DiffSnapshotPtr snapshot = m_snapshot;
    auto* watcher = new QFutureWatcher<std::shared_ptr<const CallTree>>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, snapshot] {
        watcher->deleteLater();
        m_bottomUpRunning = false;
        if (snapshot != m_snapshot) {
            bottomUp(); // the selection moved meanwhile
            return;
        }
        m_bottomUp = watcher->result();
        emit bottomUpReady(m_bottomUp);
    });
    watcher->setFuture(QtConcurrent::run([snapshot] {
        return std::make_shared<const CallTree>(CallTree::build(*snapshot->byCallsite, CallTree::Direction::BottomUp));
    }));
    return nullptr;
}

} // namespace heapline
