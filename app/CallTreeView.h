#pragma once

#include "DiffController.h"

#include <QWidget>

class QLineEdit;
class QSortFilterProxyModel;
class QTreeView;
class QLabel;

namespace heapline {

class CallTreeModel;
class Selection;

// A top-down or bottom-up tree of frames with the Δ columns and a filter.
class CallTreeView : public QWidget {
    Q_OBJECT

public:
    CallTreeView(CallTree::Direction direction, Selection* selection, DiffController* controller, QWidget* parent = nullptr);

    void setComparison(ComparisonPtr comparison);
    // Called when the view is shown: a tree not on screen is made only when someone looks.
    void ensureTree();
    QTreeView* view() const { return m_view; }
    CallTreeModel* model() const { return m_model; }
    QSortFilterProxyModel* proxy() const { return m_proxy; }
    QLineEdit* filterEdit() const { return m_filter; }

protected:
    void showEvent(QShowEvent* event) override;

private:
    void useTree(std::shared_ptr<const CallTree> tree);
    void openFirstLevels();
    // With a filter: opens the rows kept down to the first matching frame of each path (at most
    // a few hundred rows), so that what matched is on screen, not folded away.
    void revealMatches();

    CallTree::Direction m_direction;
    Selection* m_selection;
    DiffController* m_controller;
    ComparisonPtr m_comparison;
    QLineEdit* m_filter;
    QLabel* m_status;
    QTreeView* m_view;
    CallTreeModel* m_model;
    QSortFilterProxyModel* m_proxy;
};

} // namespace heapline
