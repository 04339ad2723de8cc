#include "CallTreeModel.h"

#include "FrameActions.h"
#include "model/Units.h"

#include <QColor>
#include <QFont>
#include <algorithm>

namespace heapline {

CallTreeModel::CallTreeModel(QObject* parent)
    : QAbstractItemModel(parent)
{
}

void CallTreeModel::setTree(std::shared_ptr<const CallTree> tree)
{
    beginResetModel();
    m_tree = std::move(tree);
    m_kept.clear();
    m_matchingFrames.clear();
    if (m_tree && !m_filter.isEmpty())
        m_matchingFrames = framesLabelled(*m_tree, m_filter);
    endResetModel();
}

void CallTreeModel::setFilter(const QString& text)
{
    if (text == m_filter)
        return;
    m_filter = text;
    setTree(m_tree); // the same tree, filtered afresh
}

bool CallTreeModel::matchesOrUnderMatch(uint32_t node) const
{
    for (; node != 0; node = m_tree->node(node).parent)
        if (m_matchingFrames[m_tree->node(node).frame.value])
            return true;
    return false;
}

std::span<const uint32_t> CallTreeModel::shownChildren(uint32_t node) const
{
    const auto children = m_tree->children(node);
    if (m_matchingFrames.empty())
        return children;
    auto [it, inserted] = m_kept.try_emplace(node);
    if (inserted) {
        // Callees of a match stay whole; otherwise a child stays when it or a frame beneath it matches.
        const bool underMatch = matchesOrUnderMatch(node);
        for (uint32_t c : children) {
            const bool kept = underMatch || m_matchingFrames[m_tree->node(c).frame.value]
                || m_tree->anyCallsiteBelow(c, [&](std::span<const uint32_t> boxes) { return anyBoxIn(boxes, m_matchingFrames); });
            if (kept)
                it->second.push_back(c);
        }
    }
    return it->second;
}

int CallTreeModel::rowInParent(uint32_t node) const
{
    const auto siblings = shownChildren(m_tree->node(node).parent);
    const auto it = std::find(siblings.begin(), siblings.end(), node);
    return it == siblings.end() ? 0 : static_cast<int>(it - siblings.begin());
}

QModelIndex CallTreeModel::indexOfNode(uint32_t node) const
{
    if (!m_tree || node == 0 || node >= m_tree->size())
        return {};
    return createIndex(rowInParent(node), 0, quintptr(node));
}

QModelIndex CallTreeModel::index(int row, int column, const QModelIndex& parent) const
{
    if (!m_tree || row < 0 || column < 0 || column >= ColumnCount)
        return {};
    const auto children = shownChildren(nodeOf(parent));
    if (static_cast<size_t>(row) >= children.size())
        return {};
    return createIndex(row, column, quintptr(children[static_cast<size_t>(row)]));
}

QModelIndex CallTreeModel::parent(const QModelIndex& child) const
{
    if (!m_tree || !child.isValid())
        return {};
    const uint32_t parent = m_tree->node(nodeOf(child)).parent;
    if (parent == 0)
        return {};
    return createIndex(rowInParent(parent), 0, quintptr(parent));
}

int CallTreeModel::rowCount(const QModelIndex& parent) const
{
    if (!m_tree || (parent.isValid() && parent.column() != 0))
        return 0;
    return static_cast<int>(shownChildren(nodeOf(parent)).size());
}

int CallTreeModel::columnCount(const QModelIndex&) const
{
    return ColumnCount;
}

QVariant CallTreeModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || section < 0 || section >= ColumnCount)
        return {};
    static const char* const titles[] = { QT_TR_NOOP("Frame"), QT_TR_NOOP("Δ bytes"), QT_TR_NOOP("At A"), QT_TR_NOOP("At B"),
                                          QT_TR_NOOP("Δ blocks"), QT_TR_NOOP("Allocations"), QT_TR_NOOP("Frees"), QT_TR_NOOP("Self Δ") };
    if (role == Qt::DisplayRole)
        return tr(titles[section]);
    if (role == Qt::ToolTipRole && section == SelfDeltaColumn)
        return tr("Δ bytes of the callsites whose stack ends at this frame");
    if (role == Qt::TextAlignmentRole)
        return section == FrameColumn ? QVariant(Qt::AlignLeft | Qt::AlignVCenter) : QVariant(Qt::AlignRight | Qt::AlignVCenter);
    return {};
}

QVariant CallTreeModel::data(const QModelIndex& index, int role) const
{
    if (!m_tree || !index.isValid())
        return {};
    const uint32_t n = nodeOf(index);
    const auto& node = m_tree->node(n);
    const auto number = [&]() -> qint64 {
        switch (index.column()) {
        case DeltaColumn:
            return node.deltaBytes();
        case BytesAColumn:
            return node.atA.bytes;
        case BytesBColumn:
            return node.atB.bytes;
        case DeltaBlocksColumn:
            return node.atB.blocks - node.atA.blocks;
        case AllocationsColumn:
            return node.allocations;
        case FreesColumn:
            return node.frees;
        case SelfDeltaColumn:
            return node.selfDeltaBytes;
        default:
            return 0;
        }
    };
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case FrameColumn:
            return QString::fromStdString(m_tree->label(n));
        case DeltaColumn:
        case SelfDeltaColumn:
            return QString::fromStdString(formatSignedBytes(number()));
        case DeltaBlocksColumn:
        case AllocationsColumn:
        case FreesColumn:
            return QString::fromStdString(formatCount(number()));
        default:
            return QString::fromStdString(formatBytes(number()));
        }
    case SortRole:
        return index.column() == FrameColumn ? QVariant(QString::fromStdString(m_tree->label(n))) : QVariant(number());
    case Qt::ToolTipRole:
        return index.column() == FrameColumn
            ? QVariant(QString::fromStdString(m_tree->label(n) + (m_tree->location(n).empty() ? "" : "\n" + m_tree->location(n))))
            : QVariant(QString::fromStdString(formatCount(number())));
    case Qt::TextAlignmentRole:
        return index.column() == FrameColumn ? QVariant(Qt::AlignLeft | Qt::AlignVCenter) : QVariant(Qt::AlignRight | Qt::AlignVCenter);
    case Qt::ForegroundRole:
        if (index.column() == DeltaColumn && node.deltaBytes() != 0)
            return node.deltaBytes() > 0 ? QColor(0xd3, 0x2f, 0x2f) : QColor(0x2e, 0x8b, 0x3e);
        return {};
    case Qt::FontRole:
        if (index.column() == FrameColumn && matchesFilter(n)) {
            QFont bold;
            bold.setBold(true);
            return bold; // what the filter found, among the callers and callees it keeps
        }
        return {};
    case NodeRole:
        return n;
    default:
        return {};
    }
}

} // namespace heapline
