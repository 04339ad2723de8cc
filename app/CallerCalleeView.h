#pragma once

#include "DiffController.h"
#include "model/CallerCallee.h"

#include <QFutureWatcher>
#include <QStringList>
#include <QWidget>

class QAction;
class QLabel;
class QLineEdit;
class QSortFilterProxyModel;
class QTableView;

namespace heapline {

class CallerCalleeModel;

// heaptrack_gui's Caller/Callee view between A and B: every function on the left; the picked
// function's inclusive and self figures, its callers and its callees on the right. Double-click
// walks to a caller or callee; Back and Forward (Backspace, Shift+Backspace) retrace the walk.
class CallerCalleeView : public QWidget {
    Q_OBJECT

public:
    explicit CallerCalleeView(QWidget* parent = nullptr);

    void setComparison(ComparisonPtr comparison);
    // Shows the function (its name as the stacks have it) and records it in the history.
    void showFunction(const QString& function);
    QString function() const { return m_function; }
    bool isBusy() const { return m_watcher.isRunning(); }

    CallerCalleeModel* functionsModel() const { return m_functions; }
    CallerCalleeModel* callersModel() const { return m_callers; }
    CallerCalleeModel* calleesModel() const { return m_callees; }
    QTableView* functionsView() const { return m_functionsView; }
    QTableView* callersView() const { return m_callersView; }
    QTableView* calleesView() const { return m_calleesView; }
    QAction* backAction() const { return m_back; }
    QAction* forwardAction() const { return m_forward; }
    const CallerCallee& current() const { return m_current; }

signals:
    // The figures on screen are those of the latest comparison and function.
    void updated();

private:
    struct Result {
        std::vector<CallerCallee::Neighbour> functions; // empty when only the function changed
        CallerCallee focus;
        quint64 generation = 0;
    };
    QTableView* makeTable(CallerCalleeModel* model, QSortFilterProxyModel* proxy = nullptr);
    void recompute(bool functionsToo);
    void finished();
    void go(int step);
    void updateHeader();

    ComparisonPtr m_comparison;
    QString m_function;
    QStringList m_history;
    int m_historyAt = -1;
    quint64 m_generation = 0;
    QFutureWatcher<Result> m_watcher;
    bool m_pending = false;
    bool m_pendingFunctions = false;
    CallerCallee m_current;

    QLineEdit* m_filter;
    CallerCalleeModel* m_functions;
    CallerCalleeModel* m_callers;
    CallerCalleeModel* m_callees;
    QSortFilterProxyModel* m_functionsProxy;
    QTableView* m_functionsView;
    QTableView* m_callersView;
    QTableView* m_calleesView;
    QLabel* m_header;
    QAction* m_back;
    QAction* m_forward;
};

} // namespace heapline
