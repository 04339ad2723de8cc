#include "CallerCalleeModel.h"

#include "QtText.h"
#include "model/Units.h"

#include <QColor>

namespace heapline {

CallerCalleeModel::CallerCalleeModel(QObject* parent)
    : QAbstractTableModel(parent)
{
}

void CallerCalleeModel::setRows(std::vector<CallerCallee::Neighbour> rows)
{
    beginResetModel();
    m_rows = std::move(rows);
    endResetModel();
}

int CallerCalleeModel::rowOf(const QString& function) const
{
    const std::string name = function.toStdString();
    for (size_t i = 0; i < m_rows.size(); ++i)
        if (m_rows[i].function == name)
            return static_cast<int>(i);
    return -1;
}

int CallerCalleeModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int CallerCalleeModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

qint64 CallerCalleeModel::figure(const CostFigures& cost, int column)
{
    switch (column) {
    case DeltaColumn:
        return cost.deltaBytes();
    case BytesAColumn:
        return cost.atA.bytes;
    case BytesBColumn:
        return cost.atB.bytes;
    case AllocationsColumn:
        return cost.allocations;
    case TemporaryColumn:
        return cost.temporary;
    case CallsitesColumn:
        return static_cast<qint64>(cost.callsites);
    default:
        return 0;
    }
}

QString CallerCalleeModel::columnTitle(int column)
{
    static const char* const titles[] = { QT_TR_NOOP("Function"), QT_TR_NOOP("Δ bytes"), QT_TR_NOOP("At A"), QT_TR_NOOP("At B"),
                                          QT_TR_NOOP("Allocations"), QT_TR_NOOP("Temporary"), QT_TR_NOOP("Callsites") };
    return column >= 0 && column < ColumnCount ? tr(titles[column]) : QString();
}

QVariant CallerCalleeModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || section < 0 || section >= ColumnCount)
        return {};
    if (role == Qt::DisplayRole)
        return columnTitle(section);
    if (role == Qt::ToolTipRole) {
        switch (section) {
        case DeltaColumn:
            return tr("Live bytes at B less those at A, of the callsites through this function");
        case AllocationsColumn:
            return tr("Allocations between A and B");
        case TemporaryColumn:
            return tr("Allocations between A and B freed by the very next event");
        case CallsitesColumn:
            return tr("Callsites (whole stacks) through this function");
        default:
            return {};
        }
    }
    if (role == Qt::TextAlignmentRole)
        return section == FunctionColumn ? QVariant(Qt::AlignLeft | Qt::AlignVCenter) : QVariant(Qt::AlignRight | Qt::AlignVCenter);
    return {};
}

QVariant CallerCalleeModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() >= static_cast<int>(m_rows.size()))
        return {};
    const auto& row = m_rows[static_cast<size_t>(index.row())];
    const int column = index.column();
    const qint64 value = figure(row.inclusive, column);
    switch (role) {
    case Qt::DisplayRole:
        switch (column) {
        case FunctionColumn:
            return q(row.function);
        case DeltaColumn:
            return q(formatSignedBytes(value));
        case BytesAColumn:
        case BytesBColumn:
            return q(formatBytes(value));
        default:
            return q(formatCount(value));
        }
    case SortRole:
        return column == FunctionColumn ? QVariant(q(row.function)) : QVariant(value);
    case FunctionRole:
        return q(row.function);
    case Qt::ToolTipRole:
        if (column == FunctionColumn)
            return row.location.empty() ? q(row.function) : q(row.function + "\n" + row.location);
        return q(formatCount(value));
    case Qt::TextAlignmentRole:
        return column == FunctionColumn ? QVariant(Qt::AlignLeft | Qt::AlignVCenter) : QVariant(Qt::AlignRight | Qt::AlignVCenter);
    case Qt::ForegroundRole:
        if (column == DeltaColumn && value != 0)
            return value > 0 ? QColor(0xd3, 0x2f, 0x2f) : QColor(0x2e, 0x8b, 0x3e);
        return {};
    default:
        return {};
    }
}

} // namespace heapline
