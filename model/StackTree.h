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

    NodeId child(NodeId parent, FrameId frame);

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

    PodVector<Node> m_nodes;
    absl::flat_hash_map<uint64_t, uint32_t> m_overflow;
};

} // namespace heapline
