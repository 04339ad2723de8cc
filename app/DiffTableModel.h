#pragma once

#include "DiffController.h"
#include "model/RowFilter.h"

#include <QAbstractTableModel>
#include <QSortFilterProxyModel>

namespace heapline {

// The rows of one diff as a table. Values are the model's own; the view formats them.
class DiffTableModel : public QAbstractTableModel {
    Q_OBJECT

public:
    enum Column {
        KeyColumn,
        ClassColumn,
        TrendColumn,
        DeltaColumn,
        RiseColumn,
        BytesAColumn,
        BytesBColumn,
        DeltaBlocksColumn,
        AllocationsColumn,
        AllocatedColumn,
        FreesColumn,
        ColumnCount
    };
    enum Role {
        SortRole = Qt::UserRole + 1, // raw numbers for sorting
        ClassRole, // GrowthClass as int
        SeriesRole, // QVariantList of qint64: bytes at each sample
        HighsRole, // QVariantList of qint64: highs
        KeyRole, // the row's key
        CallsiteRole, // qint64 callsite, or -1
        LeakLikeRole,
        SampleTimesRole, // QVariantList of double: the series' times (uneven: massif, the recorder's first snapshots)
        UncertainRole, // bool: a shape from too few samples, or a massif row under its threshold at B ("?")
    };

    explicit DiffTableModel(QObject* parent = nullptr);

    void setComparison(ComparisonPtr comparison);
    const ComparisonPtr& comparison() const { return m_comparison; }
    const DiffRow* row(int index) const;
    // The row of a key, or -1.
    int rowOfKey(const QString& key) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

private:
    QString key(int row) const;

    ComparisonPtr m_comparison;
    mutable std::vector<QString> m_keys; // made when first shown
};

// Text and class filters over a DiffTableModel.
class DiffFilterModel : public QSortFilterProxyModel {
    Q_OBJECT

public:
    explicit DiffFilterModel(QObject* parent = nullptr);
    void setText(const QString& text);
    void setClass(std::optional<GrowthClass> cls);

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const override;
    bool lessThan(const QModelIndex& left, const QModelIndex& right) const override;

private:
    RowFilter m_filter;
};

} // namespace heapline
