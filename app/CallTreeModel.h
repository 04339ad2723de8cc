#pragma once

#include "model/CallTree.h"

#include <QAbstractItemModel>
#include <memory>

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

    std::shared_ptr<const CallTree> m_tree;
};

} // namespace heapline
