#pragma once

#include "DiffController.h"
#include "FlameGraph.h"

#include <QWidget>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QStandardItem;
class QScrollArea;

namespace heapline {

class Selection;

// The flame graph with its controls: direction, weight, search with the matches' share, and a
// breadcrumb of the zoom.
class FlameView : public QWidget {
    Q_OBJECT

public:
    FlameView(Selection* selection, DiffController* controller, QWidget* parent = nullptr);

    void setComparison(ComparisonPtr comparison);
    FlameGraph* graph() const { return m_graph; }
    QComboBox* weightBox() const { return m_weight; }
    void focusSearch();
    bool bottomUp() const;
    CallTree::Direction direction() const;
    void setBottomUp(bool bottomUp);
    void setWeight(FlameGraph::Weight weight);

protected:
    void showEvent(QShowEvent* event) override;

private:
    // The weight choice's item, to enable or disable: null where there is none.
    QStandardItem* weightItem(FlameGraph::Weight weight) const;
    void ensureTree();
    void useTree(std::shared_ptr<const CallTree> tree);
    void updateBreadcrumb();
    void updateSearch();
    void updateHighlight();

    Selection* m_selection;
    DiffController* m_controller;
    ComparisonPtr m_comparison;
    QComboBox* m_direction;
    QComboBox* m_weight;
    QLineEdit* m_search;
    QCheckBox* m_splitLines;
    QCheckBox* m_everyFrame;
    QLabel* m_share;
    QLabel* m_breadcrumb;
    QScrollArea* m_scroll;
    FlameGraph* m_graph;
};

} // namespace heapline
