#pragma once

#include "model/Analysis.h"
#include "model/CallTree.h"
#include "model/Growth.h"

#include <QObject>
#include <QString>
#include <optional>

class QUndoStack;

namespace heapline {

// The one selection every view follows: checkpoints A and B, the grouping, the filter, and the
// row the user picked. Moving A or B is undoable (Ctrl+Z puts back a mistaken click).
class Selection : public QObject {
    Q_OBJECT

public:
    explicit Selection(QObject* parent = nullptr);

    size_t a() const { return m_a; }
    size_t b() const { return m_b; }
    Grouping grouping() const { return m_grouping; }
    const QString& filter() const { return m_filter; }
    std::optional<GrowthClass> classFilter() const { return m_classFilter; }
    // The picked row: its key in the current grouping, and its callsite when it is one.
    const QString& selectedKey() const { return m_selectedKey; }
    std::optional<CallsiteId> selectedCallsite() const { return m_selectedCallsite; }
    QUndoStack* undoStack() const { return m_undo; }
    // How the flame graph and the trees draw frames (by function and folded, unless toggled).
    CallTree::Shape treeShape() const { return m_treeShape; }

    // A ≤ B always: a range given backwards is swapped.
    void setRange(size_t a, size_t b);
    void setA(size_t a) { setRange(a, m_b); }
    void setB(size_t b) { setRange(m_a, b); }
    // Without an undo step (loading a profile, or the undo stack itself).
    void resetRange(size_t a, size_t b);
    void setGrouping(Grouping grouping);
    void setFilter(const QString& filter);
    void setClassFilter(std::optional<GrowthClass> cls);
    void setSelectedRow(const QString& key, std::optional<CallsiteId> callsite);
    void setTreeShape(CallTree::Shape shape);

signals:
    void rangeChanged(size_t a, size_t b);
    void groupingChanged(heapline::Grouping grouping);
    void filterChanged();
    void selectedRowChanged();
    void treeShapeChanged();

private:
    friend class RangeCommand;
    size_t m_a = 0;
    size_t m_b = 0;
    Grouping m_grouping = Grouping::Function;
    QString m_filter;
    std::optional<GrowthClass> m_classFilter;
    QString m_selectedKey;
    std::optional<CallsiteId> m_selectedCallsite;
    CallTree::Shape m_treeShape;
    QUndoStack* m_undo;
};

} // namespace heapline
