#pragma once

#include "model/CallTree.h"

#include <QWidget>
#include <memory>
#include <optional>
#include <vector>

namespace heapline {

// A flame graph (icicle: the root on top) painted by hand over a flat, laid-out vector of
// blocks. Only blocks at least a pixel wide are laid out; narrower siblings merge into one
// block, so that 100 000 stacks draw as fast as 100.
class FlameGraph : public QWidget {
    Q_OBJECT

public:
    enum class Weight {
        BytesB, // widths by live bytes at B
        Delta, // differential: widths by |Δ| of the callsites beneath, red grew, blue shrank
        Allocations, // widths by allocation calls in (A, B]
    };

    explicit FlameGraph(QWidget* parent = nullptr);

    void setTree(std::shared_ptr<const CallTree> tree);
    const std::shared_ptr<const CallTree>& tree() const { return m_tree; }
    // What the tooltips tell beside bytes: blocks, and allocations and frees, where the format
    // counts them (massif counts neither).
    void setCounted(bool blocks, bool allocations)
    {
        m_blocksCounted = blocks;
        m_allocationsCounted = allocations;
    }
    void setWeight(Weight weight);
    Weight weight() const { return m_weight; }
    // Highlights blocks whose label contains `text`; returns their share of the shown root.
    double setSearch(const QString& text);
    // Outlines the path of these frames from the root (a picked callsite's stack).
    void setHighlight(std::vector<FrameId> pathFromRoot);
    void zoomTo(uint32_t node);
    uint32_t zoomRoot() const { return m_zoom; }
    // For tests and tooltips: the node drawn at a point, if any.
    std::optional<uint32_t> nodeAt(QPoint point) const;
    int64_t weightOf(uint32_t node) const;
    // A callsite's (or a node's) weight from its figures; |Δbytes| given apart (a node's is the sum of its callsites').
    int64_t weightOf(const CallTree::CallsiteFigures& figures, int64_t absDelta) const;
    int64_t weightOf(const CallTree::CallsiteFigures& figures) const
    {
        return weightOf(figures, std::llabs(figures.atB.bytes - figures.atA.bytes));
    }
    QString describe(uint32_t node) const;

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

signals:
    void zoomChanged(uint32_t node);
    void nodeClicked(uint32_t node);

protected:
    void paintEvent(QPaintEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    void changeEvent(QEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseDoubleClickEvent(QMouseEvent* event) override;
    void contextMenuEvent(QContextMenuEvent* event) override;
    bool event(QEvent* event) override;

private:
    struct Block {
        QRectF rect;
        uint32_t node; // for a merged block: the parent whose narrow children it stands for
        bool merged;
        uint32_t mergedCount;
        QString label = {}; // elided to the block's width at layout, so that painting allocates nothing
    };
    void relayout();
    QColor colorOf(const Block& block) const;

    std::shared_ptr<const CallTree> m_tree;
    bool m_blocksCounted = true;
    bool m_allocationsCounted = true;
    Weight m_weight = Weight::BytesB;
    uint32_t m_zoom = 0;
    QString m_search;
    std::vector<bool> m_matchingFrames; // by frame id, while searching
    bool matches(const Block& block) const;
    std::vector<bool> m_highlighted;
    std::vector<FrameId> m_highlightPath;
    std::vector<Block> m_blocks;
    int m_depth = 0;
    static constexpr int RowHeight = 20;
};

} // namespace heapline
