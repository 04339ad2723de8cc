#include "CallerCalleeView.h"

#include "CallerCalleeModel.h"
#include "FrameActions.h"
#include "QtText.h"
#include "model/Units.h"

#include <QAction>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QApplication>
#include <QClipboard>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QTableView>
#include <QToolBar>
#include <QVBoxLayout>
#include <QtConcurrent>

namespace heapline {

CallerCalleeView::CallerCalleeView(QWidget* parent)
    : QWidget(parent)
    , m_filter(new QLineEdit(this))
    , m_functions(new CallerCalleeModel(this))
    , m_callers(new CallerCalleeModel(this))
    , m_callees(new CallerCalleeModel(this))
    , m_functionsProxy(new QSortFilterProxyModel(this))
    , m_header(new QLabel(this))
    , m_back(new QAction(QIcon::fromTheme(QStringLiteral("go-previous")), tr("Back"), this))
    , m_forward(new QAction(QIcon::fromTheme(QStringLiteral("go-next")), tr("Forward"), this))
{
    m_functionsProxy->setSourceModel(m_functions);
    m_functionsProxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_functionsProxy->setFilterKeyColumn(CallerCalleeModel::FunctionColumn);
    m_functionsView = makeTable(m_functions, m_functionsProxy);
    m_callersView = makeTable(m_callers);
    m_calleesView = makeTable(m_callees);
    m_functionsView->setToolTip(tr("Every function on the stacks between A and B; pick one to see its callers and callees"));
    m_callersView->setToolTip(tr("Who called the function, with what went through each caller (double-click walks there)"));
    m_calleesView->setToolTip(tr("What the function called, with what went through each callee (double-click walks there)"));

    // Not Alt+Left/Right: those move B everywhere in the window.
    m_back->setShortcut(QKeySequence(Qt::Key_Backspace));
    m_forward->setShortcut(QKeySequence(Qt::SHIFT | Qt::Key_Backspace));
    m_back->setToolTip(tr("Back to the previous function (%1)").arg(m_back->shortcut().toString(QKeySequence::NativeText)));
    m_forward->setToolTip(tr("Forward again (%1)").arg(m_forward->shortcut().toString(QKeySequence::NativeText)));
    m_back->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    m_forward->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    addAction(m_back);
    addAction(m_forward);
    connect(m_back, &QAction::triggered, this, [this] { go(-1); });
    connect(m_forward, &QAction::triggered, this, [this] { go(+1); });

    m_filter->setPlaceholderText(tr("Filter functions"));
    m_filter->setClearButtonEnabled(true);
    connect(m_filter, &QLineEdit::textChanged, m_functionsProxy, &QSortFilterProxyModel::setFilterFixedString);

    auto* left = new QWidget(this);
    auto* leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    leftLayout->addWidget(m_filter);
    leftLayout->addWidget(m_functionsView, 1);

    auto* right = new QWidget(this);
    auto* rightLayout = new QVBoxLayout(right);
    rightLayout->setContentsMargins(0, 0, 0, 0);
    auto* bar = new QToolBar(right);
    bar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    bar->addAction(m_back);
    bar->addAction(m_forward);
    m_header->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_header->setWordWrap(true);
    rightLayout->addWidget(bar);
    rightLayout->addWidget(m_header);
    auto* lists = new QSplitter(Qt::Vertical, right);
    auto* callersBox = new QWidget(lists);
    auto* callersLayout = new QVBoxLayout(callersBox);
    callersLayout->setContentsMargins(0, 0, 0, 0);
    callersLayout->addWidget(new QLabel(tr("<b>Callers</b>"), callersBox));
    callersLayout->addWidget(m_callersView, 1);
    auto* calleesBox = new QWidget(lists);
    auto* calleesLayout = new QVBoxLayout(calleesBox);
    calleesLayout->setContentsMargins(0, 0, 0, 0);
    calleesLayout->addWidget(new QLabel(tr("<b>Callees</b>"), calleesBox));
    calleesLayout->addWidget(m_calleesView, 1);
    lists->addWidget(callersBox);
    lists->addWidget(calleesBox);
    rightLayout->addWidget(lists, 1);

    auto* split = new QSplitter(Qt::Horizontal, this);
    split->addWidget(left);
    split->addWidget(right);
    split->setStretchFactor(0, 2);
    split->setStretchFactor(1, 3);
    // The list on the left is for picking: the name and the figures that rank it.
    for (int column : { CallerCalleeModel::BytesAColumn, CallerCalleeModel::BytesBColumn, CallerCalleeModel::TemporaryColumn })
        m_functionsView->hideColumn(column);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 4, 0, 0);
    layout->addWidget(split);

    connect(m_functionsView->selectionModel(), &QItemSelectionModel::currentRowChanged, this, [this](const QModelIndex& current) {
        if (current.isValid())
            showFunction(current.data(CallerCalleeModel::FunctionRole).toString());
    });
    for (QTableView* view : { m_callersView, m_calleesView })
        connect(view, &QTableView::activated, this, [this](const QModelIndex& index) {
            showFunction(index.data(CallerCalleeModel::FunctionRole).toString());
        });
    connect(&m_watcher, &QFutureWatcherBase::finished, this, &CallerCalleeView::finished);
    updateHeader();
}

QTableView* CallerCalleeView::makeTable(CallerCalleeModel* model, QSortFilterProxyModel* proxy)
{
    if (!proxy)
        proxy = new QSortFilterProxyModel(this);
    proxy->setSourceModel(model);
    proxy->setSortRole(CallerCalleeModel::SortRole);
    auto* view = new QTableView(this);
    view->setModel(proxy);
    view->setSortingEnabled(true);
    view->sortByColumn(CallerCalleeModel::DeltaColumn, Qt::DescendingOrder);
    view->setSelectionBehavior(QAbstractItemView::SelectRows);
    view->setSelectionMode(QAbstractItemView::SingleSelection);
    view->setAlternatingRowColors(true);
    view->setWordWrap(false);
    view->verticalHeader()->hide();
    view->verticalHeader()->setDefaultSectionSize(view->fontMetrics().height() + 6);
    // Figures as wide as they need, the name takes the rest.
    view->horizontalHeader()->setDefaultSectionSize(view->fontMetrics().horizontalAdvance(QStringLiteral("+88.8 MB")) + 12);
    view->horizontalHeader()->setSectionResizeMode(CallerCalleeModel::FunctionColumn, QHeaderView::Stretch);
    view->horizontalHeader()->setStretchLastSection(false);
    view->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(view, &QWidget::customContextMenuRequested, this, [this, view, model, proxy](const QPoint& pos) {
        const QModelIndex index = proxy->mapToSource(view->indexAt(pos));
        if (!index.isValid())
            return;
        const auto& row = model->rows()[static_cast<size_t>(index.row())];
        // The location is "file:line" or "in module": enough for a frame to open.
        StackFrame frame;
        frame.function = row.function;
        const QString location = q(row.location);
        const int colon = location.lastIndexOf(QLatin1Char(':'));
        if (!location.startsWith(QLatin1String("in ")) && colon > 0) {
            frame.file = location.left(colon).toStdString();
            frame.line = location.mid(colon + 1).toInt();
        }
        QMenu menu(this);
        menu.addAction(tr("&Show Callers and Callees"), this, [this, name = q(row.function)] { showFunction(name); });
        addFrameActions(menu, frame, { frame }, this);
        menu.addAction(tr("Copy &Row"), this, [model, r = index.row()] {
            QStringList cells;
            for (int c = 0; c < CallerCalleeModel::ColumnCount; ++c)
                cells << (c == CallerCalleeModel::FunctionColumn ? model->index(r, c).data().toString()
                                                                  : model->index(r, c).data(CallerCalleeModel::SortRole).toString());
            QApplication::clipboard()->setText(cells.join(QLatin1Char('\t')) + QLatin1Char('\n'));
        });
        menu.exec(view->viewport()->mapToGlobal(pos));
    });
    return view;
}

void CallerCalleeView::setComparison(ComparisonPtr comparison)
{
    if (comparison == m_comparison)
        return;
    m_comparison = std::move(comparison);
    if (!m_comparison) {
        ++m_generation;
        m_functions->setRows({});
        m_callers->setRows({});
        m_callees->setRows({});
        m_current = {};
        updateHeader();
        return;
    }
    // A format of snapshots (massif, Heapline) counts no single allocation: columns of zeros.
    const bool countsEvents = m_comparison->countsAllocations();
    m_functionsView->setColumnHidden(CallerCalleeModel::AllocationsColumn, !countsEvents);
    for (QTableView* view : { m_callersView, m_calleesView })
        for (int column : { CallerCalleeModel::AllocationsColumn, CallerCalleeModel::TemporaryColumn })
            view->setColumnHidden(column, !countsEvents);
    recompute(true);
}

void CallerCalleeView::showFunction(const QString& function)
{
    if (function == m_function)
        return;
    m_function = function;
    // A new step drops what lay ahead of the current one, as a browser does.
    while (m_history.size() > m_historyAt + 1)
        m_history.removeLast();
    m_history.append(function);
    m_historyAt = static_cast<int>(m_history.size()) - 1;
    recompute(false);
}

void CallerCalleeView::go(int step)
{
    const int to = m_historyAt + step;
    if (to < 0 || to >= m_history.size())
        return;
    m_historyAt = to;
    m_function = m_history[to];
    recompute(false);
}

void CallerCalleeView::recompute(bool functionsToo)
{
    m_back->setEnabled(m_historyAt > 0);
    m_forward->setEnabled(m_historyAt + 1 < m_history.size());
    if (!m_comparison)
        return;
    // The newest request wins: one computation at a time, and what was asked meanwhile runs
    // once it ends (never a queue of stale ones).
    if (m_watcher.isRunning()) {
        m_pending = true;
        m_pendingFunctions = m_pendingFunctions || functionsToo;
        return;
    }
    const quint64 generation = ++m_generation;
    m_watcher.setFuture(QtConcurrent::run([comparison = m_comparison, function = m_function.toStdString(), functionsToo, generation] {
        Result result;
        result.generation = generation;
        if (functionsToo)
            result.functions = functionsOf(*comparison);
        // First shown: the function of the top grower's own code (where the diff points), not
        // main or _start, which every callsite passes through.
        std::string focus = function;
        if (focus.empty()) {
            const auto& diff = comparison->byCallsite();
            const auto& analysis = comparison->analysis();
            for (const auto& row : diff.rows) {
                if (const auto callsite = diff.callsite(row)) {
                    const Profile& profile = analysis.profile();
                    focus = std::string(profile.string(profile.frames()[analysis.whereFrame(*callsite)].function));
                    break;
                }
            }
        }
        if (focus.empty() && !result.functions.empty())
            focus = result.functions.front().function;
        if (!focus.empty())
            result.focus = callerCallee(*comparison, focus);
        return result;
    }));
}

void CallerCalleeView::finished()
{
    Result result = m_watcher.result();
    if (m_pending) {
        const bool functionsToo = m_pendingFunctions;
        m_pending = m_pendingFunctions = false;
        // Keep what came if it brought the function list; the next run brings the rest.
        if (!result.functions.empty())
            m_functions->setRows(std::move(result.functions));
        recompute(functionsToo);
        return;
    }
    if (!result.functions.empty() || m_functions->rowCount() == 0)
        m_functions->setRows(std::move(result.functions));
    m_current = std::move(result.focus);
    if (m_function.isEmpty() && !m_current.function.empty()) {
        m_function = q(m_current.function);
        m_history = { m_function };
        m_historyAt = 0;
    }
    m_callers->setRows(m_current.callers);
    m_callees->setRows(m_current.callees);
    updateHeader();
    emit updated();
}

void CallerCalleeView::updateHeader()
{
    m_back->setEnabled(m_historyAt > 0);
    m_forward->setEnabled(m_historyAt + 1 < m_history.size());
    if (m_current.function.empty()) {
        m_header->setText(m_comparison ? tr("Pick a function on the left") : QString());
        return;
    }
    const bool countsEvents = m_comparison && m_comparison->countsAllocations();
    const auto figures = [countsEvents](const CostFigures& c) {
        const QString callsites = q(formatCount(static_cast<int64_t>(c.callsites)));
        const QString bytes
            = tr("%1 (at A %2, at B %3)")
                  .arg(q(formatSignedBytes(c.deltaBytes())), q(formatBytes(c.atA.bytes)), q(formatBytes(c.atB.bytes)));
        return countsEvents
            ? tr("%1, %2 allocations in %3 callsites").arg(bytes, q(formatCount(c.allocations)), callsites)
            : tr("%1 in %2 callsites").arg(bytes, callsites);
    };
    m_header->setText(tr("<b>%1</b><br>Inclusive: %2<br>Self: %3")
                          .arg(q(m_current.function).toHtmlEscaped(), figures(m_current.inclusive).toHtmlEscaped(),
                               figures(m_current.self).toHtmlEscaped()));
}

} // namespace heapline
