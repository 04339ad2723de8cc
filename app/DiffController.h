#pragma once

#include "ProfileLoader.h"
#include "model/Comparison.h"

#include <QFutureWatcher>
#include <QObject>
#include <QPointer>
#include <QSet>
#include <atomic>
#include <memory>

namespace heapline {

class Selection;

// Computes the Comparison of the selection off the GUI thread, with the trees and whole-run rows
// every view reads. Requests coalesce: while one runs, only the latest further request is kept,
// and a result lands only if nothing newer was asked for since.
class DiffController : public QObject {
    Q_OBJECT

public:
    DiffController(Selection* selection, QObject* parent = nullptr);
    ~DiffController() override;

    void setProfile(ProfilePtr profile);
    // Another recording of the same program as the "before": A becomes the end of its run. Null ends it.
    void setBase(ProfilePtr base);
    bool comparing() const { return m_base != nullptr; }
    // Leak suppressions (Edit › Preferences): a new comparison with them.
    void setSuppressions(SuppressionSettings suppressions);
    const ComparisonPtr& comparison() const { return m_comparison; }
    // The comparison on screen with the rows the selection's filter shows (what a report exports).
    ComparisonPtr filteredComparison() const;
    bool busy() const { return m_running; }
    // Comparisons dropped half-way because a newer request came (benchmark and tests).
    int cancelledRuns() const { return m_cancelledRuns; }
    // The current comparison's tree in this direction and the selection's shape; null while it is
    // being made in the background (treeReady follows).
    std::shared_ptr<const CallTree> tree(CallTree::Direction direction);

signals:
    void comparisonReady(heapline::ComparisonPtr comparison);
    void treeReady(heapline::CallTree::Direction direction, std::shared_ptr<const heapline::CallTree> tree);

private:
    void request();
    void start();
    void finished();

    Selection* m_selection;
    ProfilePtr m_profile;
    std::shared_ptr<const Analysis> m_analysis;
    ProfilePtr m_base;
    std::shared_ptr<const Analysis> m_baseAnalysis;
    ComparisonPtr m_comparison;
    SuppressionSettings m_suppressions;
    // Trees being made in the background, by Comparison's slot, so that a request is not repeated.
    QSet<int> m_treesRunning;
    QFutureWatcher<ComparisonPtr> m_watcher;
    // Set to drop the running comparison when a newer request comes (the worker then ends early).
    std::shared_ptr<std::atomic<bool>> m_cancelRunning;
    int m_cancelledRuns = 0;
    bool m_running = false;
    bool m_pending = false;
    quint64 m_generation = 0;
    quint64 m_runningGeneration = 0;
};

} // namespace heapline

Q_DECLARE_METATYPE(heapline::ComparisonPtr)
