#include "CallTreeView.h"

#include "CallTreeModel.h"
#include "FrameActions.h"
#include "Selection.h"

#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QSortFilterProxyModel>
#include <QTreeView>
#include <QVBoxLayout>
#include <deque>

namespace heapline {

CallTreeView::CallTreeView(CallTree::Direction direction, Selection* selection, DiffController* controller, QWidget* parent)
    : QWidget(parent)
    , m_direction(direction)
    , m_selection(selection)
    , m_controller(controller)
    , m_filter(new QLineEdit(this))
    , m_status(new QLabel(this))
    , m_view(new QTreeView(this))
    , m_model(new CallTreeModel(this))
    , m_proxy(new QSortFilterProxyModel(this))
{
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 4, 0, 0);
    m_filter->setPlaceholderText(tr("Filter frames (keeps their callers and callees)"));
    m_filter->setClearButtonEnabled(true);
    layout->addWidget(m_filter);
    layout->addWidget(m_status);
    m_status->hide();
    m_proxy->setSourceModel(m_model);
    m_proxy->setSortRole(CallTreeModel::SortRole);
    // The proxy sorts; the model filters (it knows which frames lie beneath a node without making
    // every node).
    m_view->setModel(m_proxy);
    m_view->setSortingEnabled(true);
    m_view->setUniformRowHeights(true);
    m_view->setAlternatingRowColors(true);
    m_view->sortByColumn(CallTreeModel::DeltaColumn, Qt::DescendingOrder);
    m_view->header()->setStretchLastSection(false);
    m_view->header()->setSectionResizeMode(CallTreeModel::FrameColumn, QHeaderView::Stretch);
    layout->addWidget(m_view, 1);
    m_view->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(m_view, &QWidget::customContextMenuRequested, this, [this](const QPoint& pos) {
        const QModelIndex index = m_view->indexAt(pos);
        const auto& tree = m_model->tree();
        if (!index.isValid() || !tree)
            return;
        const uint32_t node = index.data(CallTreeModel::NodeRole).toUInt();
        QMenu menu(this);
        addFrameActions(menu, frameOfNode(*tree, node), stackOfNode(*tree, node), this);
        menu.exec(m_view->viewport()->mapToGlobal(pos));
    });
    // Enter on a frame opens its source, as a double-click would in an IDE.
    connect(m_view, &QTreeView::activated, this, [this](const QModelIndex& index) {
        if (const auto& tree = m_model->tree(); tree && index.isValid()) {
            const StackFrame frame = frameOfNode(*tree, index.data(CallTreeModel::NodeRole).toUInt());
            if (!frame.file.empty())
                openInEditor(frame, this);
        }
    });
    connect(m_filter, &QLineEdit::textChanged, this, [this](const QString& text) {
        m_model->setFilter(text); // a reset: the rows open as for a new tree
        openFirstLevels();
    });
    connect(m_controller, &DiffController::treeReady, this, [this](CallTree::Direction direction, std::shared_ptr<const CallTree> tree) {
        if (direction == m_direction && isVisible())
            useTree(std::move(tree));
    });
    connect(m_selection, &Selection::treeShapeChanged, this, [this] {
        if (isVisible())
            ensureTree();
    });
}

void CallTreeView::setComparison(ComparisonPtr comparison)
{
    m_comparison = std::move(comparison);
    // Columns a format does not count (massif: blocks, allocations, frees) would be zeros.
    if (m_comparison) {
        const bool countsEvents = m_comparison->countsAllocations();
        m_view->setColumnHidden(CallTreeModel::DeltaBlocksColumn, !m_comparison->countsBlocks());
        m_view->setColumnHidden(CallTreeModel::AllocationsColumn, !countsEvents);
        m_view->setColumnHidden(CallTreeModel::FreesColumn, !countsEvents);
    }
    if (!m_comparison)
        useTree(nullptr);
    else if (isVisible())
        ensureTree();
}

void CallTreeView::showEvent(QShowEvent* event)
{
    QWidget::showEvent(event);
    ensureTree();
}

void CallTreeView::ensureTree()
{
    if (!m_comparison)
        return;
    if (auto tree = m_controller->tree(m_direction)) {
        useTree(tree);
    } else {
        m_status->setText(m_direction == CallTree::Direction::BottomUp ? tr("Building the bottom-up tree …") : tr("Building the top-down tree …"));
        m_status->show();
    }
}

void CallTreeView::revealMatches()
{
    if (m_model->filter().isEmpty())
        return;
    std::deque<QModelIndex> open { QModelIndex() };
    int opened = 0;
    while (!open.empty() && opened < 300) {
        const QModelIndex parent = open.front();
        open.pop_front();
        for (int row = 0; row < m_proxy->rowCount(parent) && opened < 300; ++row) {
            const QModelIndex index = m_proxy->index(row, 0, parent);
            if (m_model->matchesFilter(index.data(CallTreeModel::NodeRole).toUInt()))
                continue;
            m_view->expand(index);
            ++opened;
            open.push_back(index);
        }
    }
}

void CallTreeView::useTree(std::shared_ptr<const CallTree> tree)
{
    if (tree == m_model->tree())
        return;
    m_status->hide();
    m_model->setTree(std::move(tree));
    openFirstLevels();
}

void CallTreeView::openFirstLevels()
{
    // The biggest movers are in view at once; with a filter, what matched.
    m_view->expandToDepth(m_direction == CallTree::Direction::TopDown ? 2 : 0);
    revealMatches();
}

} // namespace heapline
