#include "DiffController.h"

#include "Selection.h"
#include "model/TimeSpec.h"

#include <QtConcurrent>

namespace heapline {

DiffController::DiffController(Selection* selection, QObject* parent)
    : QObject(parent)
    , m_selection(selection)
{
    qRegisterMetaType<ComparisonPtr>();
    qRegisterMetaType<std::shared_ptr<const CallTree>>();
    qRegisterMetaType<CallTree::Direction>();
    connect(&m_watcher, &QFutureWatcherBase::finished, this, &DiffController::finished);
    connect(selection, &Selection::rangeChanged, this, &DiffController::request);
    connect(selection, &Selection::groupingChanged, this, &DiffController::request);
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
    m_comparison.reset();
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

void DiffController::setSuppressions(SuppressionSettings suppressions)
{
    if (suppressions == m_suppressions)
        return;
    m_suppressions = std::move(suppressions);
    request();
}

void DiffController::request()
{
    if (!m_profile)
        return;
    ++m_generation;
    if (m_running) {
        // The running comparison is stale: dragging B across the timeline stops it instead of
        // waiting for it. Not one that also makes an analysis every later one reuses.
        if (m_analysis && (!m_base || m_baseAnalysis) && m_cancelRunning)
            m_cancelRunning->store(true, std::memory_order_relaxed);
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
    // A and B as the user would write them: the report exported from this comparison names
    // them so, and `heapline-cli report --from … --to …` with those names gives the same report.
    ComparisonRequest request;
    // In a base run, A is its working state: before its teardown (B's default too), else its end.
    if (m_base) {
        std::string error;
        resolveTimeSpec(*m_base, "auto", request.from, error);
    } else {
        request.from = timeSpecAt(*m_profile, m_selection->a());
    }
    request.to = timeSpecAt(*m_profile, m_selection->b());
    request.grouping = m_selection->grouping();
    request.analysis = m_analysis;
    request.base = m_base ? m_baseAnalysis : nullptr;
    request.suppressions = m_suppressions;
    m_cancelRunning = std::make_shared<std::atomic<bool>>(false);
    auto cancel = m_cancelRunning;
    auto profile = m_profile;
    auto base = m_base;
    auto previous = m_comparison;
    m_watcher.setFuture(QtConcurrent::run([request = std::move(request), profile, base, previous, cancel]() mutable -> ComparisonPtr {
        if (!request.analysis)
            request.analysis = std::make_shared<const Analysis>(profile);
        if (base && !request.base)
            request.base = std::make_shared<const Analysis>(base);
        try {
            auto comparison = Comparison::compute(std::move(request), previous.get(), cancel);
            // What the first screen reads, made here rather than on the GUI thread. The trees are
            // not: a tree of every stack costs as much as the rest of the comparison together, and
            // is made when a tree or the flame graph is on screen (tree()).
            comparison->wholeRunPtr();
            return comparison;
        } catch (const DiffCancelled&) {
            return nullptr; // a newer request is waiting (finished() starts it)
        }
    }));
}

void DiffController::finished()
{
    m_running = false;
    const auto comparison = m_watcher.result();
    if (!comparison && m_cancelRunning && m_cancelRunning->load())
        ++m_cancelledRuns;
    m_cancelRunning.reset();
    const bool current = m_runningGeneration == m_generation;
    if (comparison && comparison->analysisPtr()->profilePtr() == m_profile) {
        m_analysis = comparison->analysisPtr();
        if (comparison->base() && m_base && &comparison->base()->profile() == m_base.get())
            m_baseAnalysis = comparison->request().base;
        if (current) {
            m_comparison = comparison;
            emit comparisonReady(comparison);
        }
    }
    if (m_pending)
        start();
}

ComparisonPtr DiffController::filteredComparison() const
{
    if (!m_comparison)
        return nullptr;
    return m_comparison->withFilter(RowFilter(m_selection->filter().toStdString(), m_selection->classFilter()));
}

std::shared_ptr<const CallTree> DiffController::tree(CallTree::Direction direction)
{
    if (!m_comparison)
        return nullptr;
    const CallTree::Shape shape = m_selection->treeShape();
    if (auto made = m_comparison->cachedTree(direction, shape))
        return made;
    const int key = static_cast<int>(Comparison::treeSlot(direction, shape));
    if (m_treesRunning.contains(key))
        return nullptr;
    m_treesRunning.insert(key);
    const ComparisonPtr comparison = m_comparison;
    auto* watcher = new QFutureWatcher<std::shared_ptr<const CallTree>>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, comparison, direction, shape, key] {
        watcher->deleteLater();
        m_treesRunning.remove(key);
        if (comparison != m_comparison || !(shape == m_selection->treeShape())) {
            tree(direction); // the selection moved meanwhile
            return;
        }
        emit treeReady(direction, watcher->result());
    });
    watcher->setFuture(QtConcurrent::run([comparison, direction, shape] { return comparison->tree(direction, shape); }));
    return nullptr;
}

} // namespace heapline
