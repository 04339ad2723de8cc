#include "StackTree.h"

namespace heapline {

StackTree::StackTree()
    : m_nodes(std::make_unique<std::vector<Node>>())
    , m_index(0, Hash { m_nodes.get() }, Equal { m_nodes.get() })
{
    m_nodes->push_back({ NodeId {}, FrameId {} });
}

NodeId StackTree::child(NodeId parent, FrameId frame)
{
    auto it = m_index.lazy_emplace(Key { parent, frame }, [&](const auto& construct) {
        m_nodes->push_back({ parent, frame });
        construct(static_cast<uint32_t>(m_nodes->size() - 1));
    });
    return NodeId { *it };
}

size_t StackTree::depth(NodeId id) const
{
    size_t d = 0;
    while (id.value != 0) {
        id = (*m_nodes)[id.value].parent;
        ++d;
    }
    return d;
}

size_t StackTree::memoryBytes() const
{
    return m_nodes->capacity() * sizeof(Node) + m_index.capacity() * (sizeof(uint32_t) + 1);
}

} // namespace heapline
