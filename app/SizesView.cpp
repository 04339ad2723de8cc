#include "SizesView.h"

#include "QtText.h"
#include "Selection.h"
#include "Theme.h"
#include "model/Units.h"

#include <QAction>
#include <QApplication>
#include <QBarCategoryAxis>
#include <QClipboard>
#include <QBarSeries>
#include <QBarSet>
#include <QButtonGroup>
#include <QChart>
#include <QChartView>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QRadioButton>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QTableView>
#include <QValueAxis>
#include <QVBoxLayout>
#include <QtConcurrent>

namespace heapline {

void SizeHistogramModel::setHistogram(const SizeHistogram& histogram)
{
    beginResetModel();
    m_histogram = histogram;
    m_classes.clear();
    for (size_t c = 0; c < histogram.counts.size(); ++c)
        if (histogram.counts[c] != 0)
            m_classes.push_back(c);
    endResetModel();
}

int SizeHistogramModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_classes.size());
}

int SizeHistogramModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant SizeHistogramModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || section < 0 || section >= ColumnCount)
        return {};
    if (role == Qt::DisplayRole) {
        static const char* const titles[] = { QT_TR_NOOP("Size"), QT_TR_NOOP("Allocations"), QT_TR_NOOP("Share") };
        return tr(titles[section]);
    }
    if (role == Qt::TextAlignmentRole)
        return section == SizeColumn ? QVariant(Qt::AlignLeft | Qt::AlignVCenter) : QVariant(Qt::AlignRight | Qt::AlignVCenter);
    return {};
}

QVariant SizeHistogramModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() >= static_cast<int>(m_classes.size()))
        return {};
    const size_t c = m_classes[static_cast<size_t>(index.row())];
    const int64_t count = m_histogram.counts[c];
    const double share = m_histogram.allocations ? 100.0 * static_cast<double>(count) / static_cast<double>(m_histogram.allocations) : 0;
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case SizeColumn:
            return q(SizeHistogram::classLabel(c));
        case AllocationsColumn:
            return q(formatCount(count));
        default:
            return QStringLiteral("%1 %").arg(share, 0, 'f', 1);
        }
    case SortRole:
        return index.column() == SizeColumn ? QVariant(static_cast<qulonglong>(c)) : index.column() == AllocationsColumn ? QVariant(qint64(count)) : QVariant(share);
    case Qt::TextAlignmentRole:
        return index.column() == SizeColumn ? QVariant(Qt::AlignLeft | Qt::AlignVCenter) : QVariant(Qt::AlignRight | Qt::AlignVCenter);
    default:
        return {};
    }
}

SizesView::SizesView(Selection* selection, QWidget* parent)
    : QWidget(parent)
    , m_selection(selection)
    , m_everything(new QRadioButton(tr("&Every allocation"), this))
    , m_pickedRow(new QRadioButton(tr("The &picked row"), this))
    , m_status(new QLabel(this))
    , m_choice(new QWidget(this))
    , m_chart(new QChartView(this))
    , m_table(new QTableView(this))
    , m_split(new QSplitter(Qt::Horizontal, this))
    , m_model(new SizeHistogramModel(this))
{
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 4, 0, 0);
    auto* top = new QHBoxLayout(m_choice);
    top->setContentsMargins(0, 0, 0, 0);
    top->addWidget(new QLabel(tr("Allocations between A and B by size, of:"), this));
    top->addWidget(m_everything);
    top->addWidget(m_pickedRow);
    top->addStretch(1);
    layout->addWidget(m_choice);
    m_status->setWordWrap(true);
    m_status->setAlignment(Qt::AlignLeft | Qt::AlignTop); // alone in the tab where no sizes are recorded
    m_status->setTextFormat(Qt::PlainText); // a row's key may hold "<"
    layout->addWidget(m_status);
    auto* group = new QButtonGroup(this);
    group->addButton(m_everything);
    group->addButton(m_pickedRow);
    m_everything->setChecked(true);
    m_pickedRow->setToolTip(tr("The row picked in the diff table, the flame graph or a tree"));

    m_chart->setRenderHint(QPainter::Antialiasing);
    m_chart->chart()->legend()->hide();
    m_chart->setMinimumHeight(160);
    auto* proxy = new QSortFilterProxyModel(this);
    proxy->setSourceModel(m_model);
    proxy->setSortRole(SizeHistogramModel::SortRole);
    m_table->setModel(proxy);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(SizeHistogramModel::SizeColumn, Qt::AscendingOrder);
    m_table->verticalHeader()->hide();
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    auto* copy = new QAction(tr("Copy Rows"), m_table);
    copy->setShortcut(QKeySequence::Copy);
    copy->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    connect(copy, &QAction::triggered, this, [this] {
        // Every row when none is selected: the histogram as a spreadsheet takes it.
        QStringList lines { tr("Size\tAllocations") };
        const auto* model = m_table->model();
        const auto picked = m_table->selectionModel()->selectedRows();
        for (int r = 0; r < model->rowCount(); ++r)
            if (picked.isEmpty() || m_table->selectionModel()->isRowSelected(r, {}))
                lines << model->index(r, SizeHistogramModel::SizeColumn).data().toString() + QLatin1Char('\t')
                        + model->index(r, SizeHistogramModel::AllocationsColumn).data(SizeHistogramModel::SortRole).toString();
        QApplication::clipboard()->setText(lines.join(QLatin1Char('\n')) + QLatin1Char('\n'));
    });
    m_table->addAction(copy);
    m_table->setContextMenuPolicy(Qt::ActionsContextMenu);
    m_split->addWidget(m_chart);
    m_split->addWidget(m_table);
    m_split->setStretchFactor(0, 3);
    m_split->setStretchFactor(1, 1);
    m_split->setSizes({ 700, 300 });
    layout->addWidget(m_split, 1);

    connect(group, &QButtonGroup::buttonToggled, this, [this](QAbstractButton*, bool checked) {
        if (checked)
            recompute();
    });
    connect(m_selection, &Selection::selectedRowChanged, this, [this] {
        if (m_pickedRow->isChecked())
            recompute();
    });
    connect(&m_watcher, &QFutureWatcherBase::finished, this, [this] {
        if (m_pending) {
            m_pending = false;
            recompute();
            return;
        }
        const auto [histogram, what] = m_watcher.result();
        show(histogram, what);
    });
}

void SizesView::setComparison(ComparisonPtr comparison)
{
    if (comparison == m_comparison)
        return;
    m_comparison = std::move(comparison);
    recompute();
}

void SizesView::recompute()
{
    if (!m_comparison) {
        m_model->setHistogram({});
        m_chart->chart()->removeAllSeries();
        m_status->clear();
        return;
    }
    if (m_watcher.isRunning()) {
        m_pending = true;
        return;
    }
    std::optional<size_t> row;
    QString what;
    if (m_pickedRow->isChecked()) {
        const QString key = m_selection->selectedKey();
        row = key.isEmpty() ? std::nullopt : m_comparison->rowOfKey(key.toStdString());
        what = row ? key : QString();
    }
    if (m_pickedRow->isChecked() && !row) {
        m_model->setHistogram({});
        m_chart->chart()->removeAllSeries();
        m_status->setText(tr("Pick a row in the diff table, the flame graph or a tree (in this grouping) to see its sizes."));
        emit updated();
        return;
    }
    m_watcher.setFuture(QtConcurrent::run([comparison = m_comparison, row, what] {
        return std::make_pair(sizeHistogram(*comparison, row ? &comparison->diff().rows[*row] : nullptr), what);
    }));
}

void SizesView::show(const SizeHistogram& histogram, const QString& what)
{
    auto* chart = m_chart->chart();
    chart->removeAllSeries();
    applyChartTheme(chart, palette());
    chart->legend()->hide();
    for (auto* axis : chart->axes()) {
        chart->removeAxis(axis);
        delete axis;
    }
    m_model->setHistogram(histogram);
    // Where the format records no sizes, the sentence that says so is all the tab holds: an
    // empty chart, an empty table and a choice of rows told nothing more.
    m_choice->setVisible(histogram.recorded);
    m_split->setVisible(histogram.recorded);
    if (!histogram.recorded) {
        m_status->setText(tr("This format does not record allocation sizes (massif and Heapline files hold snapshots of live bytes, "
                             "not single allocations): there is no size histogram to show."));
        emit updated();
        return;
    }
    m_status->setText(what.isEmpty() ? tr("%1 allocations between A and B").arg(q(formatCount(histogram.allocations)))
                                     : tr("%1 allocations of %2 between A and B").arg(q(formatCount(histogram.allocations)), what));
    // The classes from the smallest to the largest used, gaps included, so that the axis reads
    // as a size scale.
    size_t first = SizeClasses, last = 0;
    for (size_t c = 0; c < SizeClasses; ++c)
        if (histogram.counts[c] > 0) {
            first = std::min(first, c);
            last = c;
        }
    if (first == SizeClasses) {
        emit updated();
        return;
    }
    auto* set = new QBarSet(tr("Allocations"));
    set->setColor(QColor(0x3b, 0x7d, 0xd8));
    QStringList categories;
    int64_t highest = 1;
    for (size_t c = first; c <= last; ++c) {
        *set << static_cast<double>(histogram.counts[c]);
        // The axis names each bar by its smallest size ("32 B", "1 KiB"); the table gives ranges.
        const QString label = q(SizeHistogram::classLabel(c));
        categories << label.section(QChar(0x2013), 0, 0) + (label.contains(QChar(0x2013)) ? QLatin1Char(' ') + label.section(QLatin1Char(' '), -1) : QString());
        highest = std::max(highest, histogram.counts[c]);
    }
    auto* series = new QBarSeries(chart);
    series->append(set);
    chart->addSeries(series);
    auto* x = new QBarCategoryAxis(chart);
    x->append(categories);
    x->setLabelsAngle(-90);
    QFont small = x->labelsFont();
    small.setPointSizeF(small.pointSizeF() * 0.85);
    x->setLabelsFont(small);
    auto* y = new QValueAxis(chart);
    y->setRange(0, static_cast<double>(highest) * 1.05);
    y->setLabelFormat(QStringLiteral("%.0f"));
    y->setTitleText(tr("allocations"));
    y->applyNiceNumbers();
    chart->addAxis(x, Qt::AlignBottom);
    chart->addAxis(y, Qt::AlignLeft);
    series->attachAxis(x);
    series->attachAxis(y);
    emit updated();
}

QString SizesView::statusText() const
{
    return m_status->text();
}

} // namespace heapline
