#include "FlameView.h"

#include "Selection.h"

#include <QCheckBox>
#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QScrollArea>
#include <QStandardItemModel>
#include <QToolButton>
#include <QVBoxLayout>
#include <algorithm>

namespace heapline {

FlameView::FlameView(Selection* selection, DiffController* controller, QWidget* parent)
    : QWidget(parent)
    , m_selection(selection)
    , m_controller(controller)
    , m_direction(new QComboBox(this))
    , m_weight(new QComboBox(this))
    , m_search(new QLineEdit(this))
    , m_splitLines(new QCheckBox(tr("By &line"), this))
    , m_everyFrame(new QCheckBox(tr("Every &frame"), this))
    , m_share(new QLabel(this))
    , m_breadcrumb(new QLabel(this))
    , m_scroll(new QScrollArea(this))
    , m_graph(new FlameGraph(this))
{
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 4, 0, 0);
    auto* bar = new QHBoxLayout;
    m_direction->addItem(tr("Top-down"), false);
    m_direction->addItem(tr("Bottom-up"), true);
    m_direction->setToolTip(tr("Top-down: from main in to the allocation. Bottom-up: from the allocation out to its callers"));
    m_weight->addItem(tr("Bytes at B"), static_cast<int>(FlameGraph::Weight::BytesB));
    m_weight->addItem(tr("Δ between A and B (differential)"), static_cast<int>(FlameGraph::Weight::Delta));
    m_weight->addItem(tr("Allocations in (A, B]"), static_cast<int>(FlameGraph::Weight::Allocations));
    m_weight->setToolTip(tr("What the widths measure. Differential: red grew, blue shrank, deeper colour for a more one-sided change"));
    m_search->setPlaceholderText(tr("Search frames"));
    m_search->setClearButtonEnabled(true);
    auto* reset = new QToolButton(this);
    reset->setText(tr("Reset Zoom"));
    reset->setToolTip(tr("Show the whole tree again (double-click empty space does the same)"));
    bar->addWidget(m_direction);
    bar->addWidget(m_weight);
    m_splitLines->setToolTip(tr("One box per line of a function (main:54, main:58 …) instead of one per function"));
    m_everyFrame->setToolTip(tr("Show the allocator and standard-library frames under your own code instead of folding them into it"));
    bar->addWidget(m_splitLines);
    bar->addWidget(m_everyFrame);
    bar->addWidget(m_search, 1);
    bar->addWidget(m_share);
    bar->addWidget(reset);
    layout->addLayout(bar);
    m_breadcrumb->setTextFormat(Qt::RichText);
    m_breadcrumb->setWordWrap(true);
    layout->addWidget(m_breadcrumb);
    m_scroll->setWidget(m_graph);
    m_scroll->setWidgetResizable(true);
    m_scroll->setFrameShape(QFrame::NoFrame);
    layout->addWidget(m_scroll, 1);

    connect(m_direction, &QComboBox::currentIndexChanged, this, &FlameView::ensureTree);
    connect(m_controller, &DiffController::treeReady, this, [this](CallTree::Direction direction, std::shared_ptr<const CallTree> tree) {
        if (direction == this->direction() && isVisible())
            useTree(std::move(tree));
    });
    connect(m_selection, &Selection::treeShapeChanged, this, [this] {
        const auto shape = m_selection->treeShape();
        m_splitLines->setChecked(shape.splitLines);
        m_everyFrame->setChecked(shape.everyFrame);
        ensureTree();
    });
    const auto setShape = [this] { m_selection->setTreeShape({ m_splitLines->isChecked(), m_everyFrame->isChecked() }); };
    connect(m_splitLines, &QCheckBox::toggled, this, setShape);
    connect(m_everyFrame, &QCheckBox::toggled, this, setShape);
    connect(m_weight, &QComboBox::currentIndexChanged, this, [this] {
        m_graph->setWeight(static_cast<FlameGraph::Weight>(m_weight->currentData().toInt()));
        updateSearch();
    });
    connect(m_search, &QLineEdit::textChanged, this, &FlameView::updateSearch);
    connect(reset, &QToolButton::clicked, this, [this] { m_graph->zoomTo(0); });
    connect(m_graph, &FlameGraph::zoomChanged, this, [this] {
        updateBreadcrumb();
        updateSearch();
    });
    connect(m_breadcrumb, &QLabel::linkActivated, this, [this](const QString& link) { m_graph->zoomTo(link.toUInt()); });
    connect(m_selection, &Selection::selectedRowChanged, this, &FlameView::updateHighlight);
}

bool FlameView::bottomUp() const
{
    return m_direction->currentData().toBool();
}

CallTree::Direction FlameView::direction() const
{
    return bottomUp() ? CallTree::Direction::BottomUp : CallTree::Direction::TopDown;
}

void FlameView::ensureTree()
{
    if (!m_comparison)
        return;
    if (auto tree = m_controller->tree(direction()))
        useTree(tree);
    else // made in the background: say so until treeReady
        m_breadcrumb->setText(tr("<i>Building the flame graph of the new A and B …</i>"));
}

void FlameView::setBottomUp(bool bottomUp)
{
    m_direction->setCurrentIndex(bottomUp ? 1 : 0);
}

QStandardItem* FlameView::weightItem(FlameGraph::Weight weight) const
{
    const auto* items = qobject_cast<const QStandardItemModel*>(m_weight->model());
    return items ? items->item(m_weight->findData(static_cast<int>(weight))) : nullptr;
}

void FlameView::setWeight(FlameGraph::Weight weight)
{
    // A weight the format has no figures for (allocations, in a massif file) is not taken.
    if (const QStandardItem* item = weightItem(weight); item && !item->isEnabled())
        weight = FlameGraph::Weight::BytesB;
    m_weight->setCurrentIndex(m_weight->findData(static_cast<int>(weight)));
}

void FlameView::focusSearch()
{
    m_search->setFocus();
    m_search->selectAll();
}

void FlameView::setComparison(ComparisonPtr comparison)
{
    m_comparison = std::move(comparison);
    if (!m_comparison) {
        m_graph->setTree(nullptr);
        return;
    }
    const bool countsEvents = m_comparison->countsAllocations();
    m_graph->setCounted(m_comparison->countsBlocks(), countsEvents);
    // Widths by allocations are all zero where the format counts none (massif, Heapline).
    if (QStandardItem* item = weightItem(FlameGraph::Weight::Allocations)) {
        item->setEnabled(countsEvents);
        item->setToolTip(countsEvents ? QString() : tr("This format records snapshots, not single allocations"));
    }
    if (!countsEvents && m_weight->currentData().toInt() == static_cast<int>(FlameGraph::Weight::Allocations))
        setWeight(FlameGraph::Weight::BytesB);
    if (isVisible())
        ensureTree();
}

void FlameView::showEvent(QShowEvent* event)
{
    QWidget::showEvent(event);
    ensureTree();
}

void FlameView::useTree(std::shared_ptr<const CallTree> tree)
{
    m_graph->setTree(std::move(tree));
    updateHighlight();
    updateBreadcrumb();
    updateSearch();
}

void FlameView::updateSearch()
{
    const double share = m_graph->setSearch(m_search->text());
    m_share->setText(m_search->text().isEmpty() ? QString() : tr("matches: %1%").arg(100.0 * share, 0, 'f', 1));
}

void FlameView::updateHighlight()
{
    std::vector<FrameId> path;
    const auto& tree = m_graph->tree();
    if (tree && m_selection->selectedCallsite()) {
        path = tree->analysis().profile().stackOf(*m_selection->selectedCallsite()); // allocation first
        if (tree->direction() == CallTree::Direction::TopDown)
            std::reverse(path.begin(), path.end());
    }
    m_graph->setHighlight(std::move(path));
}

void FlameView::updateBreadcrumb()
{
    const auto& tree = m_graph->tree();
    if (!tree) {
        m_breadcrumb->clear();
        return;
    }
    QStringList parts;
    for (uint32_t n : tree->pathTo(m_graph->zoomRoot())) {
        QString label = QString::fromStdString(tree->label(n));
        if (label.size() > 40)
            label = label.left(37) + QStringLiteral("…");
        parts << QStringLiteral("<a href='%1'>%2</a>").arg(n).arg(label.toHtmlEscaped());
    }
    m_breadcrumb->setText(parts.join(QStringLiteral(" › ")));
}

} // namespace heapline
