#pragma once

#include "Diff.h"

#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <vector>

namespace heapline {

// A diff by callsite folded into a tree of frames, for the flame graph and the top-down and
// bottom-up views. Top-down runs from the outermost caller in (main at the root's side);
// bottom-up from the allocation out (what allocated first, then who called it). Every node holds
// the sums of the callsites beneath it; children are sorted by the absolute Δbytes, largest first.
//
// Nodes are made when their parent's children are first asked for: a view shows a few hundred
// nodes of a tree that can have a million (the bottom-up tree of 117 000 callsites has 673 000,
// 54 MB made in full). What the tree keeps instead is each callsite's figures and its path of
// boxes (about 10 MB there); a node's callsites are a range of one array, partitioned by the next
// box when the node is expanded. Nodes and child lists never move once made: references and
// spans handed out stay valid while the tree lives. Expanding is serialised by a mutex; the GUI
// thread is the one that does it after a worker has built the tree.
class CallTree {
public:
    enum class Direction { TopDown, BottomUp };

    struct Node {
        FrameId frame; // FrameId{} for the root
        uint32_t parent = 0;
        LiveState atA;
        LiveState atB;
        int64_t allocations = 0;
        int64_t frees = 0;
        // Of Δbytes, what ends at this node (callsites whose stack ends here).
        int64_t selfDeltaBytes = 0;
        // The sum of |Δbytes| of the callsites beneath: a differential flame graph's widths (a
        // node's net Δ can be smaller than its children's, some of which grew and some shrank).
        int64_t absDeltaBytes = 0;

        int64_t deltaBytes() const { return atB.bytes - atA.bytes; }

    private:
        friend class CallTree;
        const uint32_t* m_children = nullptr; // valid once expanded
        uint32_t m_childCount = 0;
        uint32_t m_depth = 0; // boxes from the root: which box of a path its children are by
        uint32_t m_firstRow = 0; // its callsites: m_order[m_firstRow, m_endRow)
        uint32_t m_endRow = 0;
        bool m_expanded = false;
    };

    // How frames become boxes. The default reads as heaptrack_gui, hotspot and speedscope do: one
    // box per function (its lines merged), and the allocator plumbing and standard-library frames
    // under a user's frame folded into that frame (a std::vector / allocator_traits / new_allocator
    // tower under every user frame is noise). Frames above the first user frame (_start, the
    // interpreter) stay, so a stack with no user frame keeps every frame. Both on: every frame of
    // every stack, one box per line, as the stack tree has them.
    struct Shape {
        bool splitLines = false;
        bool everyFrame = false;
        friend bool operator==(const Shape&, const Shape&) = default;
    };
    static constexpr Shape EveryFrameByLine { true, true };

    static CallTree build(const DiffResult& byCallsite, Direction direction, Shape shape);
    static CallTree build(const DiffResult& byCallsite, Direction direction) { return build(byCallsite, direction, Shape {}); }

    CallTree(CallTree&&) noexcept;
    CallTree& operator=(CallTree&&) noexcept;
    ~CallTree();

    Direction direction() const { return m_direction; }
    Shape shape() const { return m_shape; }
    const Node& node(uint32_t index) const;
    const Node& root() const { return node(0); }
    // The node's children, made on first asking.
    std::span<const uint32_t> children(uint32_t index) const;
    // The nodes made so far (every node once every node's children were asked for).
    size_t size() const;
    const Analysis& analysis() const { return *m_analysis; }
    // "grow (ingest.cpp:54)", or "grow (ingest.cpp)" with lines merged, "?? (in libfoo.so)";
    // location(): the full path and line, for tooltips. frameLabel(): a box's label, by its frame.
    std::string label(uint32_t index) const;
    std::string frameLabel(FrameId frame) const;
    std::string location(uint32_t index) const;
    // Root first: the nodes from the root down to `index`.
    std::vector<uint32_t> pathTo(uint32_t index) const;

    // The callsites beneath `index`: f(figures, boxes) with each one's figures and its boxes below
    // the node (the node's children's first). Makes no nodes. f runs under the tree's lock: it
    // must not call back into the tree.
    struct CallsiteFigures {
        LiveState atA;
        LiveState atB;
        int64_t allocations = 0;
        int64_t frees = 0;
    };
    template <typename F>
    void forEachCallsiteBelow(uint32_t index, F&& f) const
    {
        visitCallsitesBelow(index, [&](const CallsiteFigures& figures, std::span<const uint32_t> boxes) {
            f(figures, boxes);
            return false;
        });
    }
    // Whether p(boxes) holds for a callsite beneath `index` (its boxes below the node); stops at the
    // first. Makes no nodes; p, as f above, must not call back into the tree.
    template <typename P>
    bool anyCallsiteBelow(uint32_t index, P&& p) const
    {
        return visitCallsitesBelow(index, [&](const CallsiteFigures&, std::span<const uint32_t> boxes) { return p(boxes); });
    }

private:
    CallTree() = default;
    // f(figures, boxes) for each callsite beneath `index` until f returns true; whether one did.
    template <typename F>
    bool visitCallsitesBelow(uint32_t index, F&& f) const
    {
        std::lock_guard lock(*m_mutex);
        const Node& n = nodeLocked(index);
        for (uint32_t i = n.m_firstRow; i < n.m_endRow; ++i) {
            const uint32_t row = m_order[i];
            const uint32_t* begin = m_paths.data() + m_pathBegin[row];
            const uint32_t* end = m_paths.data() + m_pathBegin[row + 1];
            if (f(m_figures[row], std::span<const uint32_t>(begin + std::min<size_t>(n.m_depth, end - begin), end)))
                return true;
        }
        return false;
    }
    const Node& nodeLocked(uint32_t index) const;
    Node& makeNode() const;
    void expand(uint32_t index) const;
    void fill(Node& node) const;

    Direction m_direction = Direction::TopDown;
    Shape m_shape;
    std::shared_ptr<const Analysis> m_analysis;
    // Per callsite row: its figures and its path of boxes (frame ids), root side first.
    class BaseFrameBoxes; // two files: where the base run's frames go (CallTree.cpp)
    PodVector<CallsiteFigures> m_figures;
    PodVector<uint32_t> m_pathBegin; // row i: m_paths[m_pathBegin[i], m_pathBegin[i + 1])
    PodVector<uint32_t> m_paths;
    // Made as the tree is explored (const methods expand it).
    mutable PodVector<uint32_t> m_order; // rows, each node's a contiguous range
    static constexpr unsigned ChunkBits = 12;
    mutable std::vector<std::unique_ptr<Node[]>> m_nodeChunks; // 4096 nodes each: nodes never move
    mutable size_t m_nodeCount = 0;
    mutable std::vector<std::unique_ptr<uint32_t[]>> m_childChunks; // child lists, never moved
    mutable size_t m_childUsed = 0; // of the last child chunk
    mutable size_t m_childCapacity = 0;
    std::unique_ptr<std::mutex> m_mutex;
};

} // namespace heapline
