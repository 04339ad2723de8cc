#include "Selection.h"

#include <QUndoStack>

namespace heapline {

class RangeCommand : public QUndoCommand {
public:
    RangeCommand(Selection* selection, size_t a, size_t b)
        : m_selection(selection)
        , m_oldA(selection->a())
        , m_oldB(selection->b())
        , m_a(a)
        , m_b(b)
    {
        setText(QObject::tr("set A and B"));
    }
    void redo() override { m_selection->resetRange(m_a, m_b); }
    void undo() override { m_selection->resetRange(m_oldA, m_oldB); }

private:
    Selection* m_selection;
    size_t m_oldA, m_oldB, m_a, m_b;
};

Selection::Selection(QObject* parent)
    : QObject(parent)
    , m_undo(new QUndoStack(this))
{
}

void Selection::setRange(size_t a, size_t b)
{
    if (b < a)
        std::swap(a, b);
    if (a == m_a && b == m_b)
        return;
    m_undo->push(new RangeCommand(this, a, b));
}

void Selection::resetRange(size_t a, size_t b)
{
    if (b < a)
        std::swap(a, b);
    if (a == m_a && b == m_b)
        return;
    m_a = a;
    m_b = b;
    emit rangeChanged(a, b);
}

void Selection::setGrouping(Grouping grouping)
{
    if (grouping == m_grouping)
        return;
    m_grouping = grouping;
    m_selectedKey.clear();
    m_selectedCallsite.reset();
    emit groupingChanged(grouping);
    emit selectedRowChanged();
}

void Selection::setTreeShape(CallTree::Shape shape)
{
    if (shape == m_treeShape)
        return;
    m_treeShape = shape;
    emit treeShapeChanged();
}

void Selection::setFilter(const QString& filter)
{
    if (filter == m_filter)
        return;
    m_filter = filter;
    emit filterChanged();
}

void Selection::setClassFilter(std::optional<GrowthClass> cls)
{
    if (cls == m_classFilter)
        return;
    m_classFilter = cls;
    emit filterChanged();
}

void Selection::setSelectedRow(const QString& key, std::optional<CallsiteId> callsite)
{
    if (key == m_selectedKey && callsite == m_selectedCallsite)
        return;
    m_selectedKey = key;
    m_selectedCallsite = callsite;
    emit selectedRowChanged();
}

} // namespace heapline
