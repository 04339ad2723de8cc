#include "DiffTableModel.h"

#include "QtText.h"
#include "model/Wording.h"
#include "model/Units.h"

namespace heapline {

namespace {


// The model's evidence facts, one per line, for tooltips and the details pane.
QString evidenceHtml(const Growth& g, TimeUnit unit)
{
    QStringList lines;
    for (const auto& [label, value] : evidenceFacts(g, unit))
        lines << QStringLiteral("%1 %2").arg(q(label), q(value)).toHtmlEscaped();
    return lines.join(QStringLiteral("<br>"));
}

} // namespace

DiffTableModel::DiffTableModel(QObject* parent)
    : QAbstractTableModel(parent)
{
}

void DiffTableModel::setComparison(ComparisonPtr comparison)
{
    beginResetModel();
    m_comparison = std::move(comparison);
    m_keys.clear();
    if (m_comparison)
        m_keys.resize(m_comparison->diff().rows.size());
    endResetModel();
}

const DiffRow* DiffTableModel::row(int index) const
{
    if (!m_comparison || index < 0 || static_cast<size_t>(index) >= m_comparison->diff().rows.size())
        return nullptr;
    return &m_comparison->diff().rows[static_cast<size_t>(index)];
}

QString DiffTableModel::key(int row) const
{
    auto& cached = m_keys[static_cast<size_t>(row)];
    if (cached.isNull())
        cached = q(m_comparison->diff().key(m_comparison->diff().rows[static_cast<size_t>(row)]));
    return cached;
}

int DiffTableModel::rowOfKey(const QString& wanted) const
{
    if (!m_comparison || wanted.isEmpty())
        return -1;
    const auto row = m_comparison->rowOfKey(wanted.toStdString());
    return row ? static_cast<int>(*row) : -1;
}

int DiffTableModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() || !m_comparison ? 0 : static_cast<int>(m_comparison->diff().rows.size());
}

int DiffTableModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant DiffTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal)
        return {};
    static const char* const titles[] = { QT_TR_NOOP("Where"), QT_TR_NOOP("Class"), QT_TR_NOOP("Trend"), QT_TR_NOOP("Δ bytes"),
                                          QT_TR_NOOP("Rose by"), QT_TR_NOOP("At A"), QT_TR_NOOP("At B"), QT_TR_NOOP("Δ blocks"),
                                          QT_TR_NOOP("Allocations"), QT_TR_NOOP("Allocated"), QT_TR_NOOP("Frees") };
    static const char* const tips[] = { QT_TR_NOOP("The group's key: stack, function, file, line, module or type"),
                                        QT_TR_NOOP("The shape of the growth between A and B"),
                                        QT_TR_NOOP("Bytes over the checkpoints from A to B"),
                                        QT_TR_NOOP("Live bytes at B minus live bytes at A"),
                                        QT_TR_NOOP("The most it rose above its level at A, at any time up to B"),
                                        QT_TR_NOOP("Live bytes at A"), QT_TR_NOOP("Live bytes at B"),
                                        QT_TR_NOOP("Live blocks at B minus live blocks at A"),
                                        QT_TR_NOOP("Calls to allocation functions in (A, B]"),
                                        QT_TR_NOOP("Bytes allocated in (A, B]"), QT_TR_NOOP("Frees in (A, B]") };
    if (section < 0 || section >= ColumnCount)
        return {};
    // Two runs: a row's counts are this run's up to B less the base run's up to A (0 where both
    // made as many), not what was made between A and B.
    const bool betweenRuns = m_comparison && m_comparison->diff().baseAnalysis;
    const bool counts = section == AllocationsColumn || section == AllocatedColumn || section == FreesColumn;
    if (role == Qt::DisplayRole) {
        if (section == KeyColumn && m_comparison) {
            QString name = QString::fromLatin1(groupingName(m_comparison->grouping()));
            name[0] = name[0].toUpper();
            return name;
        }
        if (betweenRuns && counts)
            return tr("Δ %1").arg(tr(titles[section]).toLower());
        return tr(titles[section]);
    }
    if (role == Qt::ToolTipRole) {
        if (betweenRuns && counts)
            return tr("%1: this run's up to B less the base run's up to A").arg(tr(titles[section]));
        return tr(tips[section]);
    }
    if (role == Qt::TextAlignmentRole)
        return section >= DeltaColumn ? QVariant(Qt::AlignRight | Qt::AlignVCenter) : QVariant(Qt::AlignLeft | Qt::AlignVCenter);
    return {};
}

QVariant DiffTableModel::data(const QModelIndex& index, int role) const
{
    const DiffRow* r = row(index.row());
    if (!r)
        return {};
    const auto& diff = m_comparison->diff();
    const int column = index.column();
    const auto number = [&]() -> qint64 {
        switch (column) {
        case DeltaColumn:
            return r->deltaBytes();
        case RiseColumn:
            return r->riseBytes();
        case BytesAColumn:
            return r->atA.bytes;
        case BytesBColumn:
            return r->atB.bytes;
        case DeltaBlocksColumn:
            return r->deltaBlocks();
        case AllocationsColumn:
            return r->allocations;
        case AllocatedColumn:
            return r->allocatedBytes;
        case FreesColumn:
            return r->frees;
        case ClassColumn:
            return static_cast<qint64>(r->cls);
        case TrendColumn:
            return r->deltaBytes();
        default:
            return 0;
        }
    };
    switch (role) {
    case Qt::DisplayRole:
        switch (column) {
        case KeyColumn:
            return key(index.row());
        case ClassColumn:
            return QString::fromLatin1(growthClassName(r->cls));
        case TrendColumn:
            return {};
        case DeltaColumn:
            return q(formatSignedBytes(r->deltaBytes()));
        case DeltaBlocksColumn: {
            const auto text = q(formatCount(r->deltaBlocks()));
            return r->deltaBlocks() > 0 ? QStringLiteral("+") + text : text;
        }
        case AllocationsColumn:
        case FreesColumn:
            return q(formatCount(number()));
        default:
            return q(formatBytes(number()));
        }
    case SortRole:
        if (column == KeyColumn)
            return key(index.row());
        return number();
    case Qt::TextAlignmentRole:
        return column >= DeltaColumn ? QVariant(Qt::AlignRight | Qt::AlignVCenter) : QVariant(Qt::AlignLeft | Qt::AlignVCenter);
    case Qt::ToolTipRole: {
        if (column == KeyColumn)
            return key(index.row());
        if (column >= DeltaColumn && column != TrendColumn)
            return q(formatCount(number()));
        const Growth g = diff.growth(*r);
        const ProfileInfo& info = m_comparison->analysis().profile().info();
        return tr("<b>%1</b><br>%2<br><i>%3</i>")
            .arg(QString::fromLatin1(growthClassName(r->cls)), evidenceHtml(g, info.timeUnit),
                q(rowHintText(diff, *r, info)).toHtmlEscaped());
    }
    case ClassRole:
        return static_cast<int>(r->cls);
    case LeakLikeRole:
        return r->leakLike;
    case UncertainRole:
        return shapeUncertain(*r, m_comparison->analysis().profile().info().sampleIntervalBytes);
    case SeriesRole:
    case HighsRole:
    case SampleTimesRole: {
        // A massif row spiky between its detailed snapshots is drawn as it was read: with its dips.
        const auto dense = diff.everySnapshotSeries(*r);
        QVariantList list;
        if (role == SampleTimesRole) {
            const auto& times = dense ? dense->times : diff.sampleTimes;
            list.reserve(static_cast<qsizetype>(times.size()));
            for (double t : times)
                list << t;
            return list;
        }
        const auto values = dense ? dense->levels : role == SeriesRole ? diff.series(*r) : diff.highs(*r);
        list.reserve(static_cast<qsizetype>(values.size()));
        for (int64_t v : values)
            list << QVariant::fromValue<qint64>(v);
        return list;
    }
    case KeyRole:
        return key(index.row());
    case CallsiteRole: {
        const auto callsite = diff.callsite(*r);
        return callsite ? qint64(callsite->value) : qint64(-1);
    }
    default:
        return {};
    }
}

DiffFilterModel::DiffFilterModel(QObject* parent)
    : QSortFilterProxyModel(parent)
{
    setSortRole(DiffTableModel::SortRole);
}

void DiffFilterModel::setText(const QString& text)
{
    m_filter = RowFilter(text.toStdString(), m_filter.growthClass());
    invalidateFilter();
}

void DiffFilterModel::setClass(std::optional<GrowthClass> cls)
{
    m_filter = RowFilter(m_filter.text(), cls);
    invalidateFilter();
}

bool DiffFilterModel::filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const
{
    if (m_filter.empty())
        return true;
    // The model's filter, so that the table shows the rows an exported report lists.
    const QModelIndex index = sourceModel()->index(sourceRow, DiffTableModel::KeyColumn, sourceParent);
    return m_filter.accepts(index.data(DiffTableModel::KeyRole).toString().toStdString(),
                            static_cast<GrowthClass>(index.data(DiffTableModel::ClassRole).toInt()));
}

bool DiffFilterModel::lessThan(const QModelIndex& left, const QModelIndex& right) const
{
    const QVariant l = left.data(sortRole()), r = right.data(sortRole());
    if (l.typeId() == QMetaType::QString)
        return QString::localeAwareCompare(l.toString(), r.toString()) < 0;
    return l.toLongLong() < r.toLongLong();
}

} // namespace heapline
