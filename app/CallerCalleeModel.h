#pragma once

#include "model/CallerCallee.h"

#include <QAbstractTableModel>

namespace heapline {

// Functions with their figures between A and B: the list of every function, or one function's
// callers or callees (CallerCallee::Neighbour rows).
class CallerCalleeModel : public QAbstractTableModel {
    Q_OBJECT

public:
    enum Column { FunctionColumn, DeltaColumn, BytesAColumn, BytesBColumn, AllocationsColumn, TemporaryColumn, CallsitesColumn, ColumnCount };
    enum Role { SortRole = Qt::UserRole + 1, FunctionRole };

    explicit CallerCalleeModel(QObject* parent = nullptr);

    void setRows(std::vector<CallerCallee::Neighbour> rows);
    const std::vector<CallerCallee::Neighbour>& rows() const { return m_rows; }
    // The row of a function, or -1.
    int rowOf(const QString& function) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

    // The figures of one row's column as a number (the sort key of every column but the name).
    static qint64 figure(const CostFigures& cost, int column);
    static QString columnTitle(int column);

private:
    std::vector<CallerCallee::Neighbour> m_rows;
};

} // namespace heapline
