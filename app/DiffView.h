#pragma once

#include "DiffController.h"

#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QTableView;
class QTextBrowser;

namespace heapline {

class DiffFilterModel;
class DiffTableModel;
class Selection;

// The diff as a sortable, filterable table with a details pane for the picked row.
class DiffView : public QWidget {
    Q_OBJECT

public:
    DiffView(Selection* selection, QWidget* parent = nullptr);

    void setComparison(ComparisonPtr comparison);
    QTableView* table() const { return m_table; }
    DiffTableModel* model() const { return m_model; }
    DiffFilterModel* proxy() const { return m_proxy; }
    QTextBrowser* details() const { return m_details; }
    // The stack the details pane shows, allocation first (empty when none).
    const std::vector<StackFrame>& shownStack() const { return m_shownStack; }
    void focusFilter();
    QLineEdit* filterEdit() const { return m_filter; }
    // Tab-separated text of the selected rows (what Ctrl+C puts on the clipboard).
    QString selectedRowsText() const;

private:
    void showDetails();
    void rowPicked();

    Selection* m_selection;
    ComparisonPtr m_comparison;
    QComboBox* m_grouping;
    QLineEdit* m_filter;
    QComboBox* m_class;
    QLabel* m_count;
    QTableView* m_table;
    DiffTableModel* m_model;
    DiffFilterModel* m_proxy;
    QTextBrowser* m_details;
    std::vector<StackFrame> m_shownStack;
};

} // namespace heapline
