#include "FlameGraph.h"

#include "FrameActions.h"
#include "QtText.h"
#include "model/Units.h"

#include <QContextMenuEvent>
#include <QHelpEvent>
#include <QMenu>
#include <QMouseEvent>
#include <QPainter>
#include <QToolTip>
#include <cmath>

namespace heapline {

namespace {


constexpr double MinimumBlockWidth = 1.0;
constexpr double LabelMinimumWidth = 6 * 7.0; // about six characters

} // namespace

FlameGraph::FlameGraph(QWidget* parent)
    : QWidget(parent)
{
    setMouseTracking(true);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
    setFocusPolicy(Qt::ClickFocus);
}

QSize FlameGraph::sizeHint() const
{
    return { 800, std::max(200, (m_depth + 1) * RowHeight) };
}

QSize FlameGraph::minimumSizeHint() const
{
    return { 200, std::max(100, (m_depth + 1) * RowHeight) };
}

void FlameGraph::setTree(std::shared_ptr<const CallTree> tree)
{
    // Keep the zoom where the same frames are still there (A or B moved).
    std::vector<FrameId> zoomPath;
    if (m_tree && m_zoom)
        for (uint32_t n : m_tree->pathTo(m_zoom))
            if (n)
                zoomPath.push_back(m_tree->node(n).frame);
    m_tree = std::move(tree);
    m_zoom = 0;
    if (m_tree) {
        uint32_t node = 0;
        for (FrameId frame : zoomPath) {
            bool found = false;
            for (uint32_t c : m_tree->children(node)) {
                if (m_tree->node(c).frame == frame) {
                    node = c;
                    found = true;
                    break;
                }
            }
            if (!found)
                break;
            m_zoom = node;
        }
    }
    const QString search = m_search;
    m_search.clear();
    setSearch(search);
    setHighlight(m_highlightPath);
}

void FlameGraph::setWeight(Weight weight)
{
    m_weight = weight;
    relayout();
}

int64_t FlameGraph::weightOf(uint32_t index) const
{
    const auto& node = m_tree->node(index);
    return weightOf({ node.atA, node.atB, node.allocations, node.frees }, node.absDeltaBytes);
}

int64_t FlameGraph::weightOf(const CallTree::CallsiteFigures& node, int64_t absDelta) const
{
    switch (m_weight) {
    case Weight::BytesB:
        return std::max<int64_t>(node.atB.bytes, 0);
    case Weight::Delta:
        return absDelta;
    case Weight::Allocations:
        return std::max<int64_t>(node.allocations, 0);
    }
    return 0;
}

double FlameGraph::setSearch(const QString& text)
{
    m_search = text;
    m_matchingFrames.clear();
    double share = 0;
    if (m_tree && !text.isEmpty()) {
        // By frame, not by node: a tree made as it is explored cannot be walked in full here, and
        // a profile has far fewer frames than its trees have nodes.
        m_matchingFrames = framesLabelled(*m_tree, text);
        // The share counts each callsite once, when a box below the shown root matches.
        int64_t matched = 0;
        m_tree->forEachCallsiteBelow(m_zoom, [&](const CallTree::CallsiteFigures& f, std::span<const uint32_t> boxes) {
            if (anyBoxIn(boxes, m_matchingFrames))
                matched += weightOf(f);
        });
        const int64_t total = weightOf(m_zoom);
        share = total > 0 ? std::min(1.0, static_cast<double>(matched) / static_cast<double>(total)) : 0;
    }
    relayout();
    return share;
}

bool FlameGraph::matches(const Block& block) const
{
    if (block.merged || block.node == 0 || m_matchingFrames.empty())
        return false;
    const uint32_t frame = m_tree->node(block.node).frame.value;
    return frame < m_matchingFrames.size() && m_matchingFrames[frame];
}

void FlameGraph::setHighlight(std::vector<FrameId> pathFromRoot)
{
    m_highlightPath = std::move(pathFromRoot);
    m_highlighted.assign(m_tree ? m_tree->size() : 0, false);
    if (m_tree) {
        uint32_t node = 0;
        for (FrameId frame : m_highlightPath) {
            bool found = false;
            for (uint32_t c : m_tree->children(node)) {
                if (m_tree->node(c).frame == frame) {
                    node = c;
                    m_highlighted[c] = true;
                    found = true;
                    break;
                }
            }
            if (!found)
                break;
        }
    }
    update();
}

void FlameGraph::zoomTo(uint32_t node)
{
    if (!m_tree || node >= m_tree->size())
        return;
    m_zoom = node;
    relayout();
    emit zoomChanged(node);
}

void FlameGraph::resizeEvent(QResizeEvent* event)
{
    QWidget::resizeEvent(event);
    relayout();
}

void FlameGraph::changeEvent(QEvent* event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::FontChange)
        relayout(); // the labels were elided in the old font
}

void FlameGraph::relayout()
{
    m_blocks.clear();
    m_depth = 0;
    if (!m_tree) {
        update();
        return;
    }
    const double width = this->width();
    const int64_t rootWeight = weightOf(m_zoom);
    // The path above the zoom root is drawn full width, so the breadcrumb is visible in place.
    const auto path = m_tree->pathTo(m_zoom);
    int row = 0;
    for (uint32_t n : path)
        m_blocks.push_back({ QRectF(0, row++ * RowHeight, width, RowHeight - 1), n, false, 0 });
    if (rootWeight <= 0) {
        m_depth = row;
        updateGeometry();
        update();
        return;
    }
    struct Item {
        uint32_t node;
        double x;
        double w;
        int row;
    };
    std::vector<Item> work { { m_zoom, 0, width, row - 1 } };
    while (!work.empty()) {
        const Item item = work.back();
        work.pop_back();
        const int64_t weight = weightOf(item.node);
        if (weight <= 0)
            continue;
        double x = item.x;
        double mergedWidth = 0;
        uint32_t mergedCount = 0;
        for (uint32_t c : m_tree->children(item.node)) {
            const int64_t cw = weightOf(c);
            if (cw <= 0)
                continue;
            const double w = item.w * static_cast<double>(cw) / static_cast<double>(weight);
            if (w < MinimumBlockWidth) {
                mergedWidth += w;
                ++mergedCount;
                continue;
            }
            m_blocks.push_back({ QRectF(x, (item.row + 1) * RowHeight, w, RowHeight - 1), c, false, 0 });
            work.push_back({ c, x, w, item.row + 1 });
            x += w;
            m_depth = std::max(m_depth, item.row + 2);
        }
        if (mergedCount > 0 && mergedWidth >= 0.5)
            m_blocks.push_back({ QRectF(x, (item.row + 1) * RowHeight, mergedWidth, RowHeight - 1), item.node, true, mergedCount });
    }
    m_depth = std::max(m_depth, row);
    const QFontMetricsF metrics(font());
    for (Block& block : m_blocks) {
        if (block.rect.width() < LabelMinimumWidth)
            continue;
        const QString label = block.merged ? tr("%1 more").arg(block.mergedCount) : q(m_tree->label(block.node));
        block.label = metrics.elidedText(label, Qt::ElideRight, block.rect.width() - 5);
    }
    updateGeometry();
    update();
}

QColor FlameGraph::colorOf(const Block& block) const
{
    const auto& node = m_tree->node(block.node);
    if (block.merged)
        return palette().color(QPalette::Mid);
    const uint32_t hash = static_cast<uint32_t>(std::hash<uint32_t> {}(node.frame.value) * 2654435761u);
    if (m_weight == Weight::Delta) {
        // Red grew, blue shrank; the share of the node's movement that is net sets the depth.
        // Varied by name as the other weights' colours are: where everything grew (A at the
        // start) one red throughout drew a wall in which no box stood apart from its neighbour.
        const double net = static_cast<double>(node.deltaBytes());
        const double moved = std::max<double>(1, static_cast<double>(node.absDeltaBytes));
        const double strength = std::clamp(std::fabs(net) / moved, 0.0, 1.0);
        const int saturation = 30 + static_cast<int>(190 * strength) - static_cast<int>((hash >> 4) % 40);
        const int value = 205 + static_cast<int>((hash >> 12) % 45);
        return QColor::fromHsv(net >= 0 ? static_cast<int>(hash % 10) : 212 + static_cast<int>(hash % 14),
            std::clamp(saturation, 20, 220), value);
    }
    // Warm colours for the user's code, greys for the system and the allocator, varied by name.
    const auto role = block.node == 0 ? FrameRole::System : m_tree->analysis().role(node.frame);
    if (role == FrameRole::User)
        return QColor::fromHsv(10 + static_cast<int>(hash % 40), 140 + static_cast<int>((hash >> 8) % 80), 230);
    return QColor::fromHsv(30, 10 + static_cast<int>((hash >> 8) % 30), 170 + static_cast<int>((hash >> 16) % 40));
}

void FlameGraph::paintEvent(QPaintEvent* event)
{
    QPainter painter(this);
    painter.fillRect(rect(), palette().color(QPalette::Base));
    if (!m_tree) {
        painter.setPen(palette().color(QPalette::PlaceholderText));
        painter.drawText(rect(), Qt::AlignCenter, tr("No profile"));
        return;
    }
    const QRectF visible = event->rect();
    const bool searching = !m_search.isEmpty();
    const QColor text = QColor(20, 20, 20);
    for (const Block& block : m_blocks) {
        if (!block.rect.intersects(visible))
            continue; // culled
        QColor fill = colorOf(block);
        if (searching && !block.merged) {
            if (matches(block))
                fill = QColor(0xd0, 0x30, 0xd0);
            else
                fill = fill.lighter(135);
        }
        painter.fillRect(block.rect, fill);
        if (!block.merged && block.node < m_highlighted.size() && m_highlighted[block.node]) {
            painter.setPen(QPen(palette().color(QPalette::Highlight), 2));
            painter.drawRect(block.rect.adjusted(1, 1, -1, -1));
        }
        if (block.label.isEmpty())
            continue;
        painter.setPen(text);
        painter.drawText(block.rect.adjusted(3, 0, -2, 0), Qt::AlignVCenter | Qt::AlignLeft, block.label);
    }
}

std::optional<uint32_t> FlameGraph::nodeAt(QPoint point) const
{
    for (const Block& block : m_blocks)
        if (!block.merged && block.rect.contains(point))
            return block.node;
    return std::nullopt;
}

QString FlameGraph::describe(uint32_t index) const
{
    const auto& node = m_tree->node(index);
    const int64_t root = std::max<int64_t>(weightOf(m_zoom), 1);
    QString text = QStringLiteral("<b>%1</b>").arg(q(m_tree->label(index)).toHtmlEscaped());
    if (const std::string location = m_tree->location(index); !location.empty())
        text += QStringLiteral("<br><small>%1</small>").arg(q(location).toHtmlEscaped());
    text += tr("<br>Δ %1 (at A %2, at B %3)")
                .arg(q(formatSignedBytes(node.deltaBytes())), q(formatBytes(node.atA.bytes)),
                    q(formatBytes(node.atB.bytes)));
    QStringList counts;
    if (m_blocksCounted)
        counts << tr("Δ blocks %1").arg(q(formatCount(node.atB.blocks - node.atA.blocks)));
    if (m_allocationsCounted)
        counts << tr("%1 allocations, %2 frees").arg(q(formatCount(node.allocations)), q(formatCount(node.frees)));
    if (!counts.isEmpty())
        text += QStringLiteral("<br>") + counts.join(QStringLiteral(", "));
    text += tr("<br>%1% of the shown width")
                .arg(100.0 * static_cast<double>(weightOf(index)) / static_cast<double>(root), 0, 'f', 1);
    return text;
}

bool FlameGraph::event(QEvent* event)
{
    if (event->type() == QEvent::ToolTip && m_tree) {
        auto* help = static_cast<QHelpEvent*>(event);
        for (const Block& block : m_blocks) {
            if (!block.rect.contains(help->pos()))
                continue;
            QToolTip::showText(help->globalPos(),
                               block.merged ? tr("%1 callers too narrow to draw; zoom in to see them").arg(block.mergedCount) : describe(block.node),
                               this);
            return true;
        }
        QToolTip::hideText();
        return true;
    }
    return QWidget::event(event);
}

void FlameGraph::contextMenuEvent(QContextMenuEvent* event)
{
    const auto node = nodeAt(event->pos());
    if (!m_tree || !node || *node == 0)
        return QWidget::contextMenuEvent(event);
    QMenu menu(this);
    addFrameActions(menu, frameOfNode(*m_tree, *node), stackOfNode(*m_tree, *node), this);
    menu.addSeparator();
    menu.addAction(tr("&Zoom Here"), this, [this, n = *node] { zoomTo(n); });
    menu.exec(event->globalPos());
}

void FlameGraph::mousePressEvent(QMouseEvent* event)
{
    if (event->button() != Qt::LeftButton)
        return QWidget::mousePressEvent(event);
    for (const Block& block : m_blocks) {
        if (!block.rect.contains(event->position()))
            continue;
        // A merged block zooms into its parent, where its members get the whole width.
        zoomTo(block.node);
        emit nodeClicked(block.node);
        return;
    }
}

void FlameGraph::mouseDoubleClickEvent(QMouseEvent* event)
{
    if (event->button() == Qt::LeftButton && !nodeAt(event->position().toPoint()))
        zoomTo(0);
}

} // namespace heapline
