#include "CallTree.h"

#include <absl/container/flat_hash_map.h>
#include <algorithm>
#include <cstdlib>

namespace heapline {

namespace {

// A callsite's row counted in a node (and in every node on its path).
void addRow(CallTree::Node& node, const DiffRow& row)
{
    node.atA.bytes += row.atA.bytes;
    node.atA.blocks += row.atA.blocks;
    node.atB.bytes += row.atB.bytes;
    node.atB.blocks += row.atB.blocks;
    node.allocations += row.allocations;
    node.allocatedBytes += row.allocatedBytes;
    node.frees += row.frees;
    node.absDeltaBytes += std::llabs(row.deltaBytes());
}

// A child's sums counted in its parent (its own self figures stay its own).
void addChild(CallTree::Node& parent, const CallTree::Node& child)
{
    parent.atA.bytes += child.atA.bytes;
    parent.atA.blocks += child.atA.blocks;
    parent.atB.bytes += child.atB.bytes;
    parent.atB.blocks += child.atB.blocks;
    parent.allocations += child.allocations;
    parent.allocatedBytes += child.allocatedBytes;
    parent.frees += child.frees;
    parent.absDeltaBytes += child.absDeltaBytes;
}

} // namespace

CallTree CallTree::build(const DiffResult& byCallsite, Direction direction)
{
    CallTree tree;
    tree.m_direction = direction;
    tree.m_analysis = byCallsite.analysis;
    tree.m_nodes.emplace_back();
    const Profile& profile = byCallsite.analysis->profile();
    absl::flat_hash_map<uint64_t, uint32_t> childIndex; // (parent << 32 | frame) -> node
    std::vector<FrameId> path;

    const auto childOf = [&](uint32_t parent, FrameId frame) {
        const uint64_t key = (uint64_t(parent) << 32) | frame.value;
        auto [it, inserted] = childIndex.try_emplace(key, static_cast<uint32_t>(tree.m_nodes.size()));
        if (inserted) {
            Node node;
            node.frame = frame;
            node.parent = parent;
            node.depth = tree.m_nodes[parent].depth + 1;
            tree.m_nodes.push_back(std::move(node));
            ++tree.m_nodes[parent].childCount;
        }
        return it->second;
    };
    if (direction == Direction::TopDown) {
        tree.buildTopDown(byCallsite);
        return tree;
    }
    for (const auto& row : byCallsite.rows) {
        const auto callsite = byCallsite.callsite(row);
        path.clear();
        if (callsite)
            path = profile.stackOf(*callsite); // allocation first: bottom-up order
        uint32_t node = 0;
        addRow(tree.m_nodes[0], row);
        for (FrameId frame : path) {
            node = childOf(node, frame);
            addRow(tree.m_nodes[node], row);
        }
        tree.m_nodes[node].selfBytesB += row.atB.bytes;
        tree.m_nodes[node].selfDeltaBytes += row.deltaBytes();
    }
    childIndex = {};
    tree.linkChildren();
    return tree;
}

// Top-down, the profile's stack tree is the call tree already: sums go to each callsite's node
// and flow to the parents in one backward pass (a node always comes after its parent).
void CallTree::buildTopDown(const DiffResult& byCallsite)
{
    const Profile& profile = byCallsite.analysis->profile();
    const auto& stacks = profile.stacks();
    // Each stack node's sums, in the profile's numbering; only nodes with a callsite beneath become tree nodes.
    std::vector<Node> sums(stacks.size());
    std::vector<bool> used(stacks.size(), false);
    used[0] = true;
    for (const auto& row : byCallsite.rows) {
        const auto callsite = byCallsite.callsite(row);
        if (!callsite)
            continue;
        const uint32_t n = profile.callsiteNode(*callsite).value;
        addRow(sums[n], row);
        sums[n].selfBytesB += row.atB.bytes;
        sums[n].selfDeltaBytes += row.deltaBytes();
        used[n] = true;
    }
    for (size_t n = stacks.size(); n-- > 1;) {
        if (!used[n])
            continue;
        const uint32_t parent = stacks[NodeId { n }].parent.value;
        addChild(sums[parent], sums[n]);
        used[parent] = true;
    }
    std::vector<uint32_t> index(stacks.size(), 0);
    m_nodes[0] = sums[0];
    for (size_t n = 1; n < stacks.size(); ++n) {
        if (!used[n])
            continue;
        Node node = sums[n];
        node.frame = stacks[NodeId { n }].frame;
        node.parent = index[stacks[NodeId { n }].parent.value];
        node.depth = m_nodes[node.parent].depth + 1;
        ++m_nodes[node.parent].childCount;
        index[n] = static_cast<uint32_t>(m_nodes.size());
        m_nodes.push_back(node);
    }
    linkChildren();
}

void CallTree::linkChildren()
{
    CallTree& tree = *this;
    // Children side by side (one array, not a vector per node), then sorted per node.
    uint32_t offset = 0;
    for (auto& node : tree.m_nodes) {
        node.firstChild = offset;
        offset += node.childCount;
        node.childCount = 0;
    }
    tree.m_children.resize(offset);
    for (uint32_t i = 1; i < tree.m_nodes.size(); ++i) {
        Node& parent = tree.m_nodes[tree.m_nodes[i].parent];
        tree.m_children[parent.firstChild + parent.childCount++] = i;
    }
    for (const auto& node : tree.m_nodes) {
        auto first = tree.m_children.begin() + node.firstChild;
        std::sort(first, first + node.childCount, [&](uint32_t l, uint32_t r) {
            const int64_t dl = std::llabs(tree.m_nodes[l].deltaBytes()), dr = std::llabs(tree.m_nodes[r].deltaBytes());
            if (dl != dr)
                return dl > dr;
            if (tree.m_nodes[l].atB.bytes != tree.m_nodes[r].atB.bytes)
                return tree.m_nodes[l].atB.bytes > tree.m_nodes[r].atB.bytes;
            return l < r;
        });
    }
}

std::string CallTree::label(uint32_t index) const
{
    if (index == 0)
        return "all callsites";
    return m_analysis->frameLabel(m_nodes[index].frame);
}

std::vector<uint32_t> CallTree::pathTo(uint32_t index) const
{
    std::vector<uint32_t> path;
    for (uint32_t n = index;; n = m_nodes[n].parent) {
        path.push_back(n);
        if (n == 0)
            break;
    }
    std::reverse(path.begin(), path.end());
    return path;
}

} // namespace heapline
