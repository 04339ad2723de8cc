#pragma once

#include "PodVector.h"
#include "Frame.h"

#include <absl/container/flat_hash_map.h>
#include <vector>

namespace heapline {

// The tree of call stacks, root first. Node 0 is the root; every other node is (parent, frame),
// interned so that the same path from the root is always the same node, whichever format or
// address it came from.
class StackTree {
public:
    struct Node {
        NodeId parent;
        FrameId frame;
        NodeId firstChild;
        NodeId nextSibling;
    };

    StackTree();

    // Inline for the lists of fewer than ListedChildren children that make up almost every tree
    // (a call per frame of each trace: 1.3 million on cc1plus); a longer one out of line.
    NodeId child(NodeId parent, FrameId frame)
    {
        uint32_t previous = 0;
        uint32_t current = m_nodes[parent.value].firstChild.value;
        for (size_t scanned = 0; current != 0; ++scanned) {
            if (scanned == ListedChildren - 1)
                return childOfLongList(parent, frame);
            const Node& node = m_nodes[current];
            if (node.frame == frame)
                return NodeId { current };
            previous = current;
            current = node.nextSibling.value;
        }
        // Not among them: the last of the list.
        const auto id = static_cast<uint32_t>(m_nodes.size());
        m_nodes.push_back({ parent, frame, NodeId {}, NodeId {} });
        (previous == 0 ? m_nodes[parent.value].firstChild : m_nodes[previous].nextSibling) = NodeId { id };
        return NodeId { id };
    }

    const Node& operator[](NodeId id) const { return m_nodes[id.value]; }
    size_t size() const { return m_nodes.size(); }
    size_t depth(NodeId id) const;
    size_t memoryBytes() const;

    // Calls f(NodeId) for each child of `parent`, oldest first.
    template <typename F>
    void forEachChild(NodeId parent, F&& f) const
    {
        for (NodeId c = m_nodes[parent.value].firstChild; c.value != 0; c = m_nodes[c.value].nextSibling)
            f(c);
    }

private:
    // Children are found by walking the sibling list, which stays in cache for the short lists
    // that make up almost every tree. Beyond the first few children of a node, the rest are
    // indexed in a hash map, so a dispatcher with thousands of callees stays O(1).
    static constexpr size_t ListedChildren = 8;
    static uint64_t key(NodeId parent, FrameId frame) { return (uint64_t(parent.value) << 32) | frame.value; }
    // child() where the list holds ListedChildren children or more.
    [[gnu::noinline]] NodeId childOfLongList(NodeId parent, FrameId frame);

    PodVector<Node> m_nodes;
    absl::flat_hash_map<uint64_t, uint32_t> m_overflow;
};

} // namespace heapline
