#pragma once

#include "Frame.h"

#include <absl/container/flat_hash_set.h>
#include <memory>
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
    };

    StackTree();
    StackTree(StackTree&&) noexcept = default;
    StackTree& operator=(StackTree&&) noexcept = default;

    NodeId child(NodeId parent, FrameId frame);

    const Node& operator[](NodeId id) const { return (*m_nodes)[id.value]; }
    size_t size() const { return m_nodes->size(); }
    size_t depth(NodeId id) const;
    size_t memoryBytes() const;

private:
    struct Key {
        NodeId parent;
        FrameId frame;
    };
    // The set stores only node indices; hashing and comparing read the node itself, which keeps
    // the index at a few bytes per node on trees with millions of nodes.
    struct Hash {
        using is_transparent = void;
        const std::vector<Node>* nodes = nullptr;
        size_t operator()(Key key) const { return absl::HashOf(key.parent.value, key.frame.value); }
        size_t operator()(uint32_t index) const { return (*this)(Key { (*nodes)[index].parent, (*nodes)[index].frame }); }
    };
    struct Equal {
        using is_transparent = void;
        const std::vector<Node>* nodes = nullptr;
        Key key(uint32_t index) const { return { (*nodes)[index].parent, (*nodes)[index].frame }; }
        static Key key(Key k) { return k; }
        template <typename A, typename B>
        bool operator()(const A& a, const B& b) const
        {
            const Key ka = key(a), kb = key(b);
            return ka.parent == kb.parent && ka.frame == kb.frame;
        }
    };

    // Behind a pointer so that the hash functors' pointer survives moving the tree.
    std::unique_ptr<std::vector<Node>> m_nodes;
    absl::flat_hash_set<uint32_t, Hash, Equal> m_index;
};

} // namespace heapline
