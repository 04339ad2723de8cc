#include "StackTree.h"

namespace heapline {

StackTree::StackTree()
{
    m_nodes.readAtRandom(); // every trace's parent and its children
    m_nodes.push_back({});
}

NodeId StackTree::childOfLongList(NodeId parent, FrameId frame)
{
    uint32_t previous = 0;
    uint32_t current = m_nodes[parent.value].firstChild.value;
    size_t scanned = 0;
    while (current != 0 && scanned < ListedChildren) {
        const Node& node = m_nodes[current];
        if (node.frame == frame)
            return NodeId { current };
        previous = current;
        current = node.nextSibling.value;
        ++scanned;
    }
    const bool listFull = scanned == ListedChildren;
    if (listFull) {
        if (auto it = m_overflow.find(key(parent, frame)); it != m_overflow.end())
            return NodeId { it->second };
    }
    const auto id = static_cast<uint32_t>(m_nodes.size());
    // Linked after the last listed child: the first ListedChildren positions never change, and
    // every child after them is in the map.
    m_nodes.push_back({ parent, frame, NodeId {}, NodeId { current } });
    if (previous == 0)
        m_nodes[parent.value].firstChild = NodeId { id };
    else
        m_nodes[previous].nextSibling = NodeId { id };
    if (listFull)
        m_overflow.emplace(key(parent, frame), id);
    return NodeId { id };
}

size_t StackTree::depth(NodeId id) const
{
    size_t d = 0;
    while (id.value != 0) {
        id = m_nodes[id.value].parent;
        ++d;
    }
    return d;
}

size_t StackTree::memoryBytes() const
{
    return m_nodes.capacity() * sizeof(Node) + m_overflow.capacity() * (sizeof(uint64_t) + sizeof(uint32_t) + 1);
}

} // namespace heapline
