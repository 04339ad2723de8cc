#pragma once

#include "ProfileLoader.h"
#include "model/CallTree.h"
#include "model/Diff.h"

#include <QFutureWatcher>
#include <QObject>
#include <QPointer>
#include <memory>

namespace heapline {

class Selection;

// What every view shows for one selection: the diff in the chosen grouping, the same by
// callsite (for the stack views), the top-down tree, and the whole run in the chosen grouping
// (the timeline draws the top growers over all of it).
struct DiffSnapshot {
    size_t a = 0;
    size_t b = 0;
    Grouping grouping = Grouping::Function;
    std::shared_ptr<const Analysis> analysis;
    std::shared_ptr<const DiffResult> diff;
    std::shared_ptr<const DiffResult> byCallsite;
    std::shared_ptr<const CallTree> topDown;
    std::shared_ptr<const DiffResult> wholeRun;
    // Comparing with a base file: A is the end of that run, and diff and byCallsite are between files.
    std::shared_ptr<const Analysis> base;
};
using DiffSnapshotPtr = std::shared_ptr<const DiffSnapshot>;

// Computes snapshots off the GUI thread. Requests coalesce: while one runs, only the latest
// further request is kept, and a result lands only if nothing newer was asked for since.
class DiffController : public QObject {
    Q_OBJECT

public:
    DiffController(Selection* selection, QObject* parent = nullptr);
    ~DiffController() override;

    void setProfile(ProfilePtr profile);
    // Another recording of the same program as the "before": A becomes the end of its run. Null ends it.
    void setBase(ProfilePtr base);
    bool comparing() const { return m_base != nullptr; }
    const DiffSnapshotPtr& snapshot() const { return m_snapshot; }
    bool busy() const { return m_running; }
    // The bottom-up tree of the current snapshot, made on first use (in the background).
    std::shared_ptr<const CallTree> bottomUp();

signals:
    void snapshotReady(heapline::DiffSnapshotPtr snapshot);
    void bottomUpReady(std::shared_ptr<const heapline::CallTree> tree);

private:
    void request();
    void start();
    void finished();

    Selection* m_selection;
    ProfilePtr m_profile;
    std::shared_ptr<const Analysis> m_analysis;
    ProfilePtr m_base;
    std::shared_ptr<const Analysis> m_baseAnalysis;
    DiffSnapshotPtr m_snapshot;
    std::shared_ptr<const CallTree> m_bottomUp;
    bool m_bottomUpRunning = false;
    QFutureWatcher<DiffSnapshotPtr> m_watcher;
    bool m_running = false;
    bool m_pending = false;
    quint64 m_generation = 0;
    quint64 m_runningGeneration = 0;
    // The whole-run diff depends only on the grouping: reused while A and B move.
    std::shared_ptr<const DiffResult> m_wholeRun;
};

} // namespace heapline

Q_DECLARE_METATYPE(heapline::DiffSnapshotPtr)
