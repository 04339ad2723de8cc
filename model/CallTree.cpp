#include "CallTree.h"

#include <absl/container/flat_hash_map.h>
#include <tuple>
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
    parent.frees += child.frees;
    parent.absDeltaBytes += child.absDeltaBytes;
}

} // namespace

CallTree CallTree::build(const DiffResult& byCallsite, Direction direction, Shape shape)
{
    CallTree tree;
    tree.m_direction = direction;
    tree.m_shape = shape;
    tree.m_analysis = byCallsite.analysis;
    tree.m_nodes.emplace_back();
    if (direction == Direction::TopDown && shape == EveryFrameByLine)
        tree.buildTopDown(byCallsite);
    else
        tree.buildFromStacks(byCallsite);
    return tree;
}

// Each callsite's stack, shaped, walked from the root of the chosen direction.
void CallTree::buildFromStacks(const DiffResult& byCallsite)
{
    const Analysis& analysis = *m_analysis;
    const Profile& profile = analysis.profile();
    // Lines merged: every frame stands for the first frame of its function (function, file, module).
    std::vector<uint32_t> boxOf(profile.frames().size());
    {
        absl::flat_hash_map<std::tuple<uint32_t, uint32_t, uint32_t>, uint32_t> first;
        for (uint32_t f = 0; f < boxOf.size(); ++f) {
            const auto& frame = profile.frames()[FrameId { f }];
            boxOf[f] = m_shape.splitLines ? f : first.try_emplace(std::make_tuple(frame.function.value, frame.file.value, frame.module.value), f).first->second;
        }
    }
    absl::flat_hash_map<uint64_t, uint32_t> childIndex; // (parent << 32 | box) -> node
    const auto childOf = [&](uint32_t parent, uint32_t box) {
        const uint64_t key = (uint64_t(parent) << 32) | box;
        auto [it, inserted] = childIndex.try_emplace(key, static_cast<uint32_t>(m_nodes.size()));
        if (inserted) {
            Node node;
            node.frame = FrameId { box };
            node.parent = parent;
            m_nodes.push_back(std::move(node));
            ++m_nodes[parent].childCount;
        }
        return it->second;
    };
    std::vector<uint32_t> path; // outermost caller first
    for (const auto& row : byCallsite.rows) {
        const auto callsite = byCallsite.callsite(row);
        path.clear();
        if (callsite) {
            const auto stack = profile.stackOf(*callsite); // allocation first
            bool underUser = false;
            for (auto it = stack.rbegin(); it != stack.rend(); ++it) {
                const bool user = analysis.role(*it) == FrameRole::User;
                // Plumbing and library frames called from the user's code fold into that code.
                if (!user && underUser && !m_shape.everyFrame)
                    continue;
                underUser = underUser || user;
                const uint32_t box = boxOf[it->value];
                // A function calling itself through folded frames, or on another line, is one box
                // (every frame by line keeps the stack tree's own shape).
                if (!path.empty() && path.back() == box && !(m_shape == EveryFrameByLine))
                    continue;
                path.push_back(box);
            }
            if (m_direction == Direction::BottomUp)
                std::reverse(path.begin(), path.end());
        }
        uint32_t node = 0;
        addRow(m_nodes[0], row);
        for (uint32_t box : path) {
            node = childOf(node, box);
            addRow(m_nodes[node], row);
        }
        m_nodes[node].selfDeltaBytes += row.deltaBytes();
    }
    childIndex = {};
    linkChildren();
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
        ++m_nodes[node.parent].childCount;
        index[n] = static_cast<uint32_t>(m_nodes.size());
        m_nodes.push_back(node);
    }
    linkChildren();
}

void CallTree::linkChildren()
{
    CallTree& tree = *this;
    tree.m_nodes.shrink_to_fit(); // the spare capacity of the last doubling goes back
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
    const Profile& p = m_analysis->profile();
    const auto& frame = p.frames()[m_nodes[index].frame];
    std::string label(p.string(frame.function));
    if (label.empty())
        label = "??";
    const auto baseName = [](std::string_view path) { return std::string(path.substr(path.find_last_of('/') + 1)); };
    if (frame.file.value) {
        label += " (" + baseName(p.string(frame.file));
        if (frame.line && m_shape.splitLines)
            label += ":" + std::to_string(frame.line);
        label += ")";
    } else if (frame.module.value) {
        label += " (in " + baseName(p.string(frame.module)) + ")";
    }
    return label;
}

std::string CallTree::location(uint32_t index) const
{
    if (index == 0)
        return {};
    const Profile& p = m_analysis->profile();
    const auto& frame = p.frames()[m_nodes[index].frame];
    if (frame.file.value)
        return std::string(p.string(frame.file)) + (frame.line ? ":" + std::to_string(frame.line) + (m_shape.splitLines ? "" : " (its first line here; lines merged)") : "");
    return frame.module.value ? std::string(p.string(frame.module)) : std::string();
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
