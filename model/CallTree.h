#pragma once

#include "Diff.h"

#include <span>
#include <string>
#include <vector>

namespace heapline {

// A diff by callsite folded into a tree of frames, for the flame graph and the top-down and
// bottom-up views. Top-down runs from the outermost caller in (main at the root's side);
// bottom-up from the allocation out (what allocated first, then who called it). Every node holds
// the sums of the callsites beneath it; children are sorted by the absolute Δbytes, largest first.
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
        uint32_t firstChild = 0; // into the children array, childCount entries
        uint32_t childCount = 0;

        int64_t deltaBytes() const { return atB.bytes - atA.bytes; }
    };
    // Only what a view reads: a bottom-up tree of 100 000 callsites has hundreds of thousands.
    static_assert(sizeof(Node) == 80);

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

    Direction direction() const { return m_direction; }
    Shape shape() const { return m_shape; }
    const Node& node(uint32_t index) const { return m_nodes[index]; }
    const Node& root() const { return m_nodes[0]; }
    std::span<const uint32_t> children(uint32_t index) const
    {
        const Node& n = m_nodes[index];
        return { m_children.data() + n.firstChild, n.childCount };
    }
    size_t size() const { return m_nodes.size(); }
    const Analysis& analysis() const { return *m_analysis; }
    // "grow (ingest.cpp:54)", or "grow (ingest.cpp)" with lines merged, "?? (in libfoo.so)";
    // location(): the full path and line, for tooltips.
    std::string label(uint32_t index) const;
    std::string location(uint32_t index) const;
    // Root first: the nodes from the root down to `index`.
    std::vector<uint32_t> pathTo(uint32_t index) const;

private:
    void buildTopDown(const DiffResult& byCallsite);
    void buildFromStacks(const DiffResult& byCallsite);
    void linkChildren();

    Direction m_direction = Direction::TopDown;
    Shape m_shape;
    std::shared_ptr<const Analysis> m_analysis;
    // PodVectors: a bottom-up tree of 100 000 callsites has a million nodes, and a std::vector
    // doubling would hold the old and the new array at once; these grow in place (mremap).
    PodVector<Node> m_nodes;
    PodVector<uint32_t> m_children; // each node's children together, sorted
};

} // namespace heapline
