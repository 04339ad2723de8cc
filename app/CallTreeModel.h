#pragma once

#include "model/CallTree.h"

#include <QAbstractItemModel>
#include <memory>
#include <span>
#include <unordered_map>
#include <vector>

namespace heapline {

// A CallTree as a Qt tree model; the node index is each item's internal id.
class CallTreeModel : public QAbstractItemModel {
    Q_OBJECT

public:
    enum Column {
        FrameColumn,
        DeltaColumn,
        BytesAColumn,
        BytesBColumn,
        DeltaBlocksColumn,
        AllocationsColumn,
        FreesColumn,
        SelfDeltaColumn,
        ColumnCount
    };
    enum Role {
        SortRole = Qt::UserRole + 1,
        NodeRole,
    };

    explicit CallTreeModel(QObject* parent = nullptr);

    void setTree(std::shared_ptr<const CallTree> tree);
    // Keeps the frames whose label contains `text` (any case), their callers and their callees.
    // Worked out per node as the view reaches it, from the callsites beneath: the tree is made as
    // it is explored, and a filter that walked every node would make all of it.
    void setFilter(const QString& text);
    const QString& filter() const { return m_filter; }
    // With a filter: whether the node's own frame matches it.
    bool matchesFilter(uint32_t node) const
    {
        return node != 0 && !m_matchingFrames.empty() && m_matchingFrames[m_tree->node(node).frame.value];
    }
    const std::shared_ptr<const CallTree>& tree() const { return m_tree; }
    QModelIndex indexOfNode(uint32_t node) const;

    QModelIndex index(int row, int column, const QModelIndex& parent = {}) const override;
    QModelIndex parent(const QModelIndex& child) const override;
    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

private:
    uint32_t nodeOf(const QModelIndex& index) const { return index.isValid() ? static_cast<uint32_t>(index.internalId()) : 0; }
    int rowInParent(uint32_t node) const;
    // The children shown: all of them, or with a filter the ones kept.
    std::span<const uint32_t> shownChildren(uint32_t node) const;
    bool matchesOrUnderMatch(uint32_t node) const;

    std::shared_ptr<const CallTree> m_tree;
    QString m_filter;
    std::vector<bool> m_matchingFrames; // by frame id, with a filter
    mutable std::unordered_map<uint32_t, std::vector<uint32_t>> m_kept; // node -> children kept
};

} // namespace heapline
