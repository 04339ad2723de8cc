#include "CallTree.h"

#include <absl/container/flat_hash_map.h>
#include <algorithm>
#include <cstdlib>

namespace heapline {

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
    const auto add = [](Node& node, const DiffRow& row) {
        node.atA.bytes += row.atA.bytes;
        node.atA.blocks += row.atA.blocks;
        node.atB.bytes += row.atB.bytes;
        node.atB.blocks += row.atB.blocks;
        node.allocations += row.allocations;
        node.allocatedBytes += row.allocatedBytes;
        node.frees += row.frees;
        node.absDeltaBytes += std::llabs(row.deltaBytes());
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
        add(tree.m_nodes[0], row);
        for (FrameId frame : path) {
            node = childOf(node, frame);
            add(tree.m_nodes[node], row);
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
    struct Sums {
        LiveState atA, atB;
        int64_t allocations = 0, allocatedBytes = 0, frees = 0, selfBytesB = 0, selfDeltaBytes = 0, absDelta = 0;
        bool used = false;
    };
    std::vector<Sums> sums(stacks.size());
    for (const auto& row : byCallsite.rows) {
        const auto callsite = byCallsite.callsite(row);
        if (!callsite)
            continue;
        auto& s = sums[profile.callsiteNode(*callsite).value];
        s.atA.bytes += row.atA.bytes;
        s.atA.blocks += row.atA.blocks;
        s.atB.bytes += row.atB.bytes;
        s.atB.blocks += row.atB.blocks;
        s.allocations += row.allocations;
        s.allocatedBytes += row.allocatedBytes;
        s.frees += row.frees;
        s.selfBytesB += row.atB.bytes;
        s.selfDeltaBytes += row.deltaBytes();
        s.absDelta += std::llabs(row.deltaBytes());
        s.used = true;
    }
    for (size_t n = stacks.size(); n-- > 1;) {
        const auto& s = sums[n];
        if (!s.used)
            continue;
        auto& p = sums[stacks[NodeId { n }].parent.value];
        p.atA.bytes += s.atA.bytes;
        p.atA.blocks += s.atA.blocks;
        p.atB.bytes += s.atB.bytes;
        p.atB.blocks += s.atB.blocks;
        p.allocations += s.allocations;
        p.allocatedBytes += s.allocatedBytes;
        p.frees += s.frees;
        p.absDelta += s.absDelta;
        p.used = true;
    }
    std::vector<uint32_t> index(stacks.size(), 0);
    for (size_t n = 0; n < stacks.size(); ++n) {
        const auto& s = sums[n];
        if (!s.used && n != 0)
            continue;
        Node node;
        if (n != 0) {
            node.frame = stacks[NodeId { n }].frame;
            node.parent = index[stacks[NodeId { n }].parent.value];
            node.depth = m_nodes[node.parent].depth + 1;
            ++m_nodes[node.parent].childCount;
        }
        node.atA = s.atA;
        node.atB = s.atB;
        node.allocations = s.allocations;
        node.allocatedBytes = s.allocatedBytes;
        node.frees = s.frees;
        node.selfBytesB = s.selfBytesB;
        node.selfDeltaBytes = s.selfDeltaBytes;
        node.absDeltaBytes = s.absDelta;
        if (n == 0) {
            m_nodes[0] = node;
            index[0] = 0;
        } else {
            index[n] = static_cast<uint32_t>(m_nodes.size());
            m_nodes.push_back(node);
        }
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
