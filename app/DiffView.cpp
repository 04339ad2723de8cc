#include "DiffView.h"

#include "Delegates.h"
#include "DiffTableModel.h"
#include "FrameActions.h"
#include "QtText.h"
#include "Selection.h"
#include "model/HandOver.h"
#include "model/IdleTail.h"
#include "model/Units.h"
#include "model/Wording.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QSplitter>
#include <QTableView>
#include <QTextBrowser>
#include <QVBoxLayout>

namespace heapline {

namespace {


QString esc(const std::string& s)
{
    return QString::fromStdString(s).toHtmlEscaped();
}

} // namespace

DiffView::DiffView(Selection* selection, QWidget* parent)
    : QWidget(parent)
    , m_selection(selection)
    , m_grouping(new QComboBox(this))
    , m_filter(new QLineEdit(this))
    , m_class(new QComboBox(this))
    , m_count(new QLabel(this))
    , m_table(new QTableView(this))
    , m_model(new DiffTableModel(this))
    , m_proxy(new DiffFilterModel(this))
    , m_details(new QTextBrowser(this))
{
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 4, 0, 0);
    auto* bar = new QHBoxLayout;
    bar->addWidget(new QLabel(tr("By"), this));
    for (auto g : AllGroupings)
        m_grouping->addItem(QString::fromLatin1(groupingName(g)), static_cast<int>(g));
    m_grouping->setToolTip(tr("Group the rows by stack, function, file, line, module or type"));
    bar->addWidget(m_grouping);
    m_filter->setPlaceholderText(tr("Filter rows (Ctrl+F)"));
    m_filter->setClearButtonEnabled(true);
    m_filter->setToolTip(tr("Show only the rows whose key contains this text"));
    bar->addWidget(m_filter, 1);
    m_class->addItem(tr("All classes"), -1);
    for (auto c : { GrowthClass::Linear, GrowthClass::Stepwise, GrowthClass::Spiky, GrowthClass::Plateau, GrowthClass::Shrinking, GrowthClass::Flat })
        m_class->addItem(QString::fromLatin1(growthClassName(c)), static_cast<int>(c));
    m_class->setToolTip(tr("Show only the rows of one growth class"));
    bar->addWidget(m_class);
    bar->addWidget(m_count);
    layout->addLayout(bar);

    m_proxy->setSourceModel(m_model);
    m_table->setModel(m_proxy);
    m_table->setSortingEnabled(true);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_table->setAlternatingRowColors(true);
    m_table->setWordWrap(false);
    m_table->setTextElideMode(Qt::ElideMiddle);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 8);
    m_table->horizontalHeader()->setStretchLastSection(false);
    m_table->horizontalHeader()->setSectionResizeMode(DiffTableModel::KeyColumn, QHeaderView::Stretch);
    m_table->setItemDelegateForColumn(DiffTableModel::ClassColumn, new ClassBadgeDelegate(m_table));
    m_table->setItemDelegateForColumn(DiffTableModel::TrendColumn, new SparklineDelegate(m_table));
    // Numbers get just the width of a formatted figure so that the key column, the one a user reads,
    // keeps the rest of the row instead of scrolling off to the left.
    const int numberWidth = m_table->fontMetrics().horizontalAdvance(QStringLiteral("+999.9 MB")) + 18;
    for (int column = DiffTableModel::DeltaColumn; column < DiffTableModel::ColumnCount; ++column)
        m_table->setColumnWidth(column, numberWidth);
    m_table->setColumnWidth(DiffTableModel::ClassColumn, m_table->fontMetrics().horizontalAdvance(QStringLiteral("stepwise !")) + 24);
    m_table->setColumnWidth(DiffTableModel::TrendColumn, 90);
    m_table->horizontalHeader()->setMinimumSectionSize(40);
    m_table->sortByColumn(-1, Qt::DescendingOrder); // the model's own ranking until a header is clicked

    auto* copy = new QAction(tr("Copy Rows"), m_table);
    copy->setShortcut(QKeySequence::Copy);
    copy->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    connect(copy, &QAction::triggered, this, [this] { QApplication::clipboard()->setText(selectedRowsText()); });
    m_table->addAction(copy);
    auto* copyStack = new QAction(tr("Copy &Stack"), m_table);
    copyStack->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_C));
    copyStack->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    copyStack->setToolTip(tr("The picked row's stack as text, one frame per line"));
    connect(copyStack, &QAction::triggered, this, [this] { QApplication::clipboard()->setText(stackText(m_shownStack)); });
    m_table->addAction(copyStack);
    auto* open = new QAction(tr("&Open in Editor"), m_table);
    open->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Return));
    open->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    open->setToolTip(tr("The picked row's first frame of your own code, in the editor set in Edit › Preferences"));
    connect(open, &QAction::triggered, this, [this] {
        // The first frame of the user's own code with a file, else any frame with one.
        const StackFrame* target = nullptr;
        for (const auto& frame : m_shownStack) {
            if (frame.file.empty())
                continue;
            if (frame.role == FrameRole::User) {
                target = &frame;
                break;
            }
            if (!target)
                target = &frame;
        }
        if (target)
            openInEditor(*target, this);
    });
    m_table->addAction(open);
    m_table->setContextMenuPolicy(Qt::ActionsContextMenu);
    connect(m_details, &QTextBrowser::anchorClicked, this, [this](const QUrl& url) {
        bool ok = false;
        const size_t index = url.path().toULongLong(&ok);
        if (url.scheme() == QLatin1String("frame") && ok && index < m_shownStack.size())
            openInEditor(m_shownStack[index], this);
    });

    m_details->setOpenLinks(false);
    // Below the table rather than beside it: the table needs the full width for its eleven columns.
    m_details->setMinimumHeight(80);
    auto* split = new QSplitter(Qt::Vertical, this);
    split->addWidget(m_table);
    split->addWidget(m_details);
    split->setStretchFactor(0, 2);
    split->setStretchFactor(1, 1);
    layout->addWidget(split, 1);

    connect(m_grouping, &QComboBox::currentIndexChanged, this,
            [this] { m_selection->setGrouping(static_cast<Grouping>(m_grouping->currentData().toInt())); });
    connect(m_filter, &QLineEdit::textChanged, m_selection, &Selection::setFilter);
    connect(m_class, &QComboBox::currentIndexChanged, this, [this] {
        const int value = m_class->currentData().toInt();
        m_selection->setClassFilter(value < 0 ? std::nullopt : std::optional<GrowthClass>(static_cast<GrowthClass>(value)));
    });
    connect(m_selection, &Selection::filterChanged, this, [this] {
        m_proxy->setText(m_selection->filter());
        m_proxy->setClass(m_selection->classFilter());
        if (m_filter->text() != m_selection->filter())
            m_filter->setText(m_selection->filter());
        m_count->setText(tr("%1 of %2 rows").arg(m_proxy->rowCount()).arg(m_model->rowCount()));
    });
    connect(m_selection, &Selection::groupingChanged, this, [this](Grouping g) {
        m_grouping->setCurrentIndex(m_grouping->findData(static_cast<int>(g)));
    });
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &DiffView::rowPicked);
    connect(m_selection, &Selection::selectedRowChanged, this, &DiffView::showDetails);
    m_grouping->setCurrentIndex(m_grouping->findData(static_cast<int>(m_selection->grouping())));
}

void DiffView::focusFilter()
{
    m_filter->setFocus();
    m_filter->selectAll();
}

void DiffView::setComparison(ComparisonPtr comparison)
{
    m_comparison = std::move(comparison);
    const QString picked = m_selection->selectedKey();
    m_model->setComparison(m_comparison);
    // Snapshot formats (massif, Heapline) count no single allocations: columns of zeros would mislead.
    const bool countsEvents = m_comparison && m_comparison->countsAllocations();
    for (int column : { DiffTableModel::AllocationsColumn, DiffTableModel::AllocatedColumn, DiffTableModel::FreesColumn })
        m_table->setColumnHidden(column, !countsEvents);
    // Nor does massif count blocks.
    m_table->setColumnHidden(DiffTableModel::DeltaBlocksColumn, m_comparison && !m_comparison->countsBlocks());
    m_count->setText(tr("%1 of %2 rows").arg(m_proxy->rowCount()).arg(m_model->rowCount()));
    // Keep the picked row picked across A/B moves.
    const int row = m_model->rowOfKey(picked);
    if (row >= 0) {
        const QModelIndex index = m_proxy->mapFromSource(m_model->index(row, 0));
        m_table->selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
        m_table->scrollTo(index);
    }
    showDetails();
}

void DiffView::rowPicked()
{
    const QModelIndex current = m_table->currentIndex();
    if (!current.isValid())
        return;
    const qint64 callsite = current.data(DiffTableModel::CallsiteRole).toLongLong();
    m_selection->setSelectedRow(current.data(DiffTableModel::KeyRole).toString(),
                                callsite >= 0 ? std::optional<CallsiteId>(CallsiteId { static_cast<uint32_t>(callsite) }) : std::nullopt);
}

void DiffView::showDetails()
{
    m_shownStack.clear();
    if (!m_comparison) {
        m_details->clear();
        return;
    }
    const int source = m_model->rowOfKey(m_selection->selectedKey());
    const DiffRow* row = m_model->row(source);
    if (!row) {
        m_details->setHtml(tr("<p>Pick a row to see its stack, the shape of its growth and what to do about it.</p>"));
        return;
    }
    const auto& diff = m_comparison->diff();
    const Growth growth = diff.growth(*row);
    const auto& analysis = m_comparison->analysis();
    QString html = QStringLiteral("<h3 style='margin-bottom:2px'>%1</h3>").arg(esc(diff.key(*row)));
    html += tr("<p><b style='color:%1'>%2</b> &mdash; %3</p>")
                .arg(classColor(row->cls).name(), QString::fromLatin1(growthClassName(row->cls)),
                    q(rowHintText(diff, *row, analysis.profile().info())).toHtmlEscaped());
    // A level reached as the program stopped working and held while it idled is no sign of a bound.
    if (const auto& idle = m_comparison->idleTail(); idle && heldOnlyWhileIdle(*m_comparison, *row, *idle))
        html += QStringLiteral("<p>%1</p>")
                    .arg(q(heldOnlyWhileIdleText(*idle, analysis.profile().info().timeUnit)).toHtmlEscaped());
    // A block another row grew, resized or copied whole here: that row is what grew it.
    if (const std::string handedOver = handOverText(*m_comparison, *row); !handedOver.empty())
        html += QStringLiteral("<p>%1</p>").arg(q(capitalized(handedOver)).toHtmlEscaped());
    else if (const std::string handedTo = handedOverToText(*m_comparison, *row); !handedTo.empty())
        html += QStringLiteral("<p>%1</p>").arg(q(handedTo).toHtmlEscaped());
    html += QStringLiteral("<table cellspacing='2'>");
    const auto line = [&](const QString& name, const QString& value) { html += QStringLiteral("<tr><td>%1</td><td align='right'><b>%2</b></td></tr>").arg(name, value); };
    line(tr("Δ bytes"), q(formatSignedBytes(row->deltaBytes())));
    line(tr("At A / at B"), q(formatBytes(row->atA.bytes)) + QStringLiteral(" / ") + q(formatBytes(row->atB.bytes)));
    line(tr("Rose by"), q(formatBytes(row->riseBytes())));
    if (m_comparison->countsBlocks())
        line(tr("Δ blocks"), q(formatCount(row->deltaBlocks())));
    if (m_comparison->countsAllocations())
        line(tr("Allocations / frees"),
            q(formatCount(row->allocations)) + QStringLiteral(" / ") + q(formatCount(row->frees)));
    for (const auto& [label, value] : evidenceFacts(growth, analysis.profile().info().timeUnit))
        line(esc(label), esc(value));
    html += QStringLiteral("</table>");

    // The stack: the row's own for callsites; the group's representative otherwise (the model's
    // one rule, the same as the report's).
    const auto stack = m_comparison->stack(*row);
    m_shownStack = stack;
    if (!stack.empty() && m_comparison->grouping() != Grouping::Callsite)
        html += m_comparison->callsiteCount(*row) == 1
            ? tr("<p><i>The stack of the group's one callsite:</i></p>")
            : tr("<p><i>The stack of the largest grower in this group (of %1 callsites):</i></p>").arg(m_comparison->callsiteCount(*row));
    if (!stack.empty()) {
        html += QStringLiteral("<ol style='margin-left:-20px'>");
        for (size_t i = 0; i < stack.size(); ++i) {
            const auto& frame = stack[i];
            QString item = esc(frame.function);
            item = frame.role == FrameRole::User ? QStringLiteral("<b>%1</b>").arg(item) : QStringLiteral("<span style='color:gray'>%1</span>").arg(item);
            if (!frame.file.empty()) // a link: opens the source in the editor
                item += QStringLiteral("<br><small><a href='frame:%3' title='%4'>%1:%2</a></small>")
                            .arg(esc(frame.file))
                            .arg(frame.line)
                            .arg(i)
                            .arg(tr("Open in Editor"));
            if (!frame.module.empty())
                item += QStringLiteral("<br><small>in %1</small>").arg(esc(frame.module));
            html += QStringLiteral("<li>%1</li>").arg(item);
        }
        html += QStringLiteral("</ol>");
    }
    m_details->setHtml(html);
}

QString DiffView::selectedRowsText() const
{
    QStringList lines;
    QStringList header;
    for (int c = 0; c < m_proxy->columnCount(); ++c)
        if (c != DiffTableModel::TrendColumn)
            header << m_proxy->headerData(c, Qt::Horizontal, Qt::DisplayRole).toString();
    lines << header.join(QLatin1Char('\t'));
    auto rows = m_table->selectionModel()->selectedRows();
    std::sort(rows.begin(), rows.end(), [](const QModelIndex& a, const QModelIndex& b) { return a.row() < b.row(); });
    for (const QModelIndex& index : rows) {
        QStringList cells;
        for (int c = 0; c < m_proxy->columnCount(); ++c) {
            if (c == DiffTableModel::TrendColumn)
                continue;
            const QModelIndex cell = m_proxy->index(index.row(), c);
            // Numbers in full, not rounded as displayed: the clipboard is for spreadsheets.
            cells << (c >= DiffTableModel::DeltaColumn ? cell.data(DiffTableModel::SortRole).toString() : cell.data().toString());
        }
        lines << cells.join(QLatin1Char('\t'));
    }
    return lines.join(QLatin1Char('\n')) + QLatin1Char('\n');
}

} // namespace heapline
