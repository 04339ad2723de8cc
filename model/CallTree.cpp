#include "CallTree.h"

#include "RadixSort.h"
#include "Units.h"

#include <absl/container/flat_hash_map.h>
#include <algorithm>
#include <cstdlib>
#include <tuple>

namespace heapline {

namespace {

constexpr uint32_t NoBox = UINT32_MAX;

} // namespace

// The box in this run of each frame of the "before" run's: by function and file (and line, split
// by line); else by the function's name under the box its caller was placed in, else anywhere;
// among several of that name, the one whose file's name begins most like the frame's (the same
// program under another name: bus-fixed.cpp's main for bus.cpp's, listeners-fixed.py's
// <module> for listeners.py's, beside the <module> of each module it imports). NoBox where none.
class CallTree::BaseFrameBoxes {
public:
    BaseFrameBoxes(const Profile& profile, const std::vector<uint32_t>& boxOf, const Analysis& base, bool splitLines)
        : m_profile(profile)
        , m_base(base.profile())
    {
        const auto keyOf = [&](const Profile& p, const Frame& frame) {
            return std::make_tuple(p.string(frame.function), p.string(frame.file), splitLines ? frame.line : 0);
        };
        absl::flat_hash_map<std::tuple<std::string_view, std::string_view, uint32_t>, uint32_t> byKey;
        for (uint32_t f = 1; f < boxOf.size(); ++f) {
            const Frame& frame = profile.frames()[FrameId { f }];
            byKey.try_emplace(keyOf(profile, frame), boxOf[f]);
            addCandidate(m_byName[profile.string(frame.function)], boxOf[f]);
        }
        m_exact.resize(m_base.frames().size(), NoBox);
        for (uint32_t f = 1; f < m_exact.size(); ++f)
            if (const auto it = byKey.find(keyOf(m_base, m_base.frames()[FrameId { f }])); it != byKey.end())
                m_exact[f] = it->second;
    }

    // A path of this run's boxes, outermost first: which box stands under which, by name.
    void addPath(std::span<const uint32_t> path)
    {
        uint32_t parent = NoBox;
        for (const uint32_t box : path) {
            addCandidate(m_underParent[std::make_pair(parent, nameOf(box))], box);
            parent = box;
        }
    }

    uint32_t boxOf(FrameId frame, uint32_t parent) const
    {
        if (m_exact[frame.value] != NoBox)
            return m_exact[frame.value];
        const Frame& f = m_base.frames()[frame];
        const std::string_view name = m_base.string(f.function);
        if (const auto it = m_underParent.find(std::make_pair(parent, name)); it != m_underParent.end())
            return likest(it->second, m_base.string(f.file));
        const auto it = m_byName.find(name);
        return it != m_byName.end() ? likest(it->second, m_base.string(f.file)) : NoBox;
    }

private:
    std::string_view nameOf(uint32_t box) const
    {
        return m_profile.string(m_profile.frames()[FrameId { box }].function);
    }
    static void addCandidate(std::vector<uint32_t>& candidates, uint32_t box)
    {
        if (std::find(candidates.begin(), candidates.end(), box) == candidates.end())
            candidates.push_back(box);
    }
    uint32_t likest(const std::vector<uint32_t>& candidates, std::string_view file) const
    {
        if (candidates.size() == 1)
            return candidates.front();
        const std::string_view wanted = fileNameOf(file);
        uint32_t best = NoBox;
        size_t bestLength = 0;
        bool tie = false;
        for (const uint32_t box : candidates) {
            const std::string_view name = fileNameOf(m_profile.string(m_profile.frames()[FrameId { box }].file));
            const size_t length = static_cast<size_t>(
                std::mismatch(wanted.begin(), wanted.end(), name.begin(), name.end()).first - wanted.begin());
            if (length > bestLength) {
                best = box;
                bestLength = length;
                tie = false;
            } else if (length == bestLength) {
                tie = true;
            }
        }
        return tie || bestLength == 0 ? NoBox : best;
    }
    const Profile& m_profile;
    const Profile& m_base;
    std::vector<uint32_t> m_exact; // by the base's frame
    absl::flat_hash_map<std::pair<uint32_t, std::string_view>, std::vector<uint32_t>> m_underParent;
    absl::flat_hash_map<std::string_view, std::vector<uint32_t>> m_byName;
};

CallTree::CallTree(CallTree&&) noexcept = default;
CallTree& CallTree::operator=(CallTree&&) noexcept = default;
CallTree::~CallTree() = default;

CallTree CallTree::build(const DiffResult& byCallsite, Direction direction, Shape shape)
{
    CallTree tree;
    tree.m_direction = direction;
    tree.m_shape = shape;
    tree.m_analysis = byCallsite.analysis;
    tree.m_mutex = std::make_unique<std::mutex>();
    const Analysis& analysis = *tree.m_analysis;
    const Profile& profile = analysis.profile();
    // Lines merged: every frame stands for the first frame of its function (function, file, module).
    std::vector<uint32_t> boxOf(profile.frames().size());
    {
        absl::flat_hash_map<std::tuple<uint32_t, uint32_t, uint32_t>, uint32_t> first;
        for (uint32_t f = 0; f < boxOf.size(); ++f) {
            const auto& frame = profile.frames()[FrameId { f }];
            boxOf[f] = shape.splitLines
                ? f
                : first.try_emplace(std::make_tuple(frame.function.value, frame.file.value, frame.module.value), f)
                      .first->second;
        }
    }
    // Each callsite's stack, shaped, in the chosen direction's order.
    tree.m_figures.reserve(byCallsite.rows.size());
    tree.m_pathBegin.reserve(byCallsite.rows.size() + 1);
    tree.m_pathBegin.push_back(0);
    // One callsite's boxes, outermost first, folded as the shape says; `boxOfFrame(frame, parent
    // box)` gives a frame's box, NoBox where this run has none: what is below it then ends there.
    const auto appendPath = [&](auto& out, const Analysis& from, CallsiteId callsite, auto&& boxOfFrame) {
        const size_t pathStart = out.size();
        const auto stack = from.profile().stackOf(callsite); // allocation first
        bool underUser = false;
        for (auto it = stack.rbegin(); it != stack.rend(); ++it) {
            const bool user = from.role(*it) == FrameRole::User;
            // Plumbing and library frames called from the user's code fold into that code.
            if (!user && underUser && !shape.everyFrame)
                continue;
            underUser = underUser || user;
            const uint32_t box = boxOfFrame(*it, out.size() > pathStart ? out.back() : NoBox);
            if (box == NoBox)
                break;
            // A function calling itself through folded frames, or on another line, is one box
            // (every frame by line keeps the stack tree's own shape).
            if (out.size() > pathStart && out.back() == box && !(shape == EveryFrameByLine))
                continue;
            out.push_back(box);
        }
    };
    const auto inDirection = [&](auto& out, size_t pathStart) {
        if (direction == Direction::BottomUp)
            std::reverse(out.begin() + pathStart, out.end());
    };
    const auto ownBox = [&](FrameId f, uint32_t) { return boxOf[f.value]; };
    std::vector<uint32_t> baseOnly; // rows only the "before" run had (two files)
    for (const auto& row : byCallsite.rows) {
        tree.m_figures.push_back({ row.atA, row.atB, row.allocations, row.frees });
        if (const auto callsite = byCallsite.callsite(row)) {
            const size_t pathStart = tree.m_paths.size();
            appendPath(tree.m_paths, analysis, *callsite, ownBox);
            inDirection(tree.m_paths, pathStart);
        } else if (byCallsite.baseCallsite(row))
            baseOnly.push_back(static_cast<uint32_t>(tree.m_figures.size() - 1));
        tree.m_pathBegin.push_back(static_cast<uint32_t>(tree.m_paths.size()));
    }
    // Two files: a callsite only the "before" run had (the leak fixed away) is placed by its
    // frames' names, as far down its stack as this run has them (bus-fixed against bus: its
    // 41 MB drew no box below the root of the differential flame graph).
    if (!baseOnly.empty()) {
        BaseFrameBoxes boxes(profile, boxOf, *byCallsite.baseAnalysis, shape.splitLines);
        // Every callsite of this run's, not only the rows: a fixed run may have no row at all.
        std::vector<uint32_t> path;
        for (uint32_t c = 0; c < profile.callsiteCount(); ++c) {
            path.clear();
            appendPath(path, analysis, CallsiteId { c }, ownBox);
            boxes.addPath(path);
        }
        PodVector<uint32_t> paths, begins;
        begins.push_back(0);
        size_t next = 0;
        for (uint32_t row = 0; row < tree.m_figures.size(); ++row) {
            paths.insert(paths.end(), tree.m_paths.begin() + tree.m_pathBegin[row],
                tree.m_paths.begin() + tree.m_pathBegin[row + 1]);
            if (next < baseOnly.size() && baseOnly[next] == row) {
                const size_t pathStart = paths.size();
                appendPath(paths, *byCallsite.baseAnalysis, *byCallsite.baseCallsite(byCallsite.rows[row]),
                    [&](FrameId f, uint32_t parent) { return boxes.boxOf(f, parent); });
                inDirection(paths, pathStart);
                ++next;
            }
            begins.push_back(static_cast<uint32_t>(paths.size()));
        }
        tree.m_paths = std::move(paths);
        tree.m_pathBegin = std::move(begins);
    }
    tree.m_paths.shrink_to_fit();
    // Room for every node there can be (one per path element, and the root), so that the list of
    // chunks never reallocates under a reader of node().
    tree.m_nodeChunks.reserve(((tree.m_paths.size() + 1) >> ChunkBits) + 1);
    tree.m_order.resize(byCallsite.rows.size());
    for (uint32_t i = 0; i < tree.m_order.size(); ++i)
        tree.m_order[i] = i;
    Node& root = tree.makeNode();
    root.m_endRow = static_cast<uint32_t>(tree.m_order.size());
    tree.fill(root);
    tree.expand(0); // the first level in the worker: it partitions every callsite
    return tree;
}

CallTree::Node& CallTree::makeNode() const
{
    const size_t index = m_nodeCount++;
    if ((index >> ChunkBits) >= m_nodeChunks.size())
        m_nodeChunks.push_back(std::make_unique<Node[]>(size_t(1) << ChunkBits));
    return m_nodeChunks[index >> ChunkBits][index & ((size_t(1) << ChunkBits) - 1)];
}

const CallTree::Node& CallTree::nodeLocked(uint32_t index) const
{
    return m_nodeChunks[index >> ChunkBits][index & ((size_t(1) << ChunkBits) - 1)];
}

const CallTree::Node& CallTree::node(uint32_t index) const
{
    // Without the lock: a made node never moves nor changes (only its child list is set, once).
    return nodeLocked(index);
}

size_t CallTree::size() const
{
    std::lock_guard lock(*m_mutex);
    return m_nodeCount;
}

// A node's sums from its callsites; what ends at it is its self part.
void CallTree::fill(Node& node) const
{
    for (uint32_t i = node.m_firstRow; i < node.m_endRow; ++i) {
        const uint32_t row = m_order[i];
        const CallsiteFigures& f = m_figures[row];
        node.atA.bytes += f.atA.bytes;
        node.atA.blocks += f.atA.blocks;
        node.atB.bytes += f.atB.bytes;
        node.atB.blocks += f.atB.blocks;
        node.allocations += f.allocations;
        node.frees += f.frees;
        const int64_t delta = f.atB.bytes - f.atA.bytes;
        node.absDeltaBytes += std::llabs(delta);
        if (m_pathBegin[row + 1] - m_pathBegin[row] == node.m_depth)
            node.selfDeltaBytes += delta;
    }
}

std::span<const uint32_t> CallTree::children(uint32_t index) const
{
    std::lock_guard lock(*m_mutex);
    const Node& n = nodeLocked(index);
    if (!n.m_expanded)
        expand(index);
    return { n.m_children, n.m_childCount };
}

// The node's callsites grouped by their next box: one child per box, in the order of their
// |Δbytes|, then bytes at B.
void CallTree::expand(uint32_t index) const
{
    Node& n = const_cast<Node&>(nodeLocked(index));
    n.m_expanded = true;
    const uint32_t depth = n.m_depth;
    // Callsites ending here first (key 0), then by box.
    struct Keyed {
        uint32_t key;
        uint32_t row;
    };
    thread_local std::vector<Keyed> keyed, scratch;
    keyed.clear();
    for (uint32_t i = n.m_firstRow; i < n.m_endRow; ++i) {
        const uint32_t row = m_order[i];
        const uint32_t length = m_pathBegin[row + 1] - m_pathBegin[row];
        keyed.push_back({ length > depth ? m_paths[m_pathBegin[row] + depth] + 1 : 0, row });
    }
    radixSort(keyed, scratch, [](const Keyed& k) { return k.key; });
    std::vector<uint32_t> made;
    for (size_t i = 0; i < keyed.size();) {
        size_t end = i + 1;
        while (end < keyed.size() && keyed[end].key == keyed[i].key)
            ++end;
        for (size_t j = i; j < end; ++j)
            m_order[n.m_firstRow + j] = keyed[j].row;
        if (keyed[i].key != 0) {
            const auto childIndex = static_cast<uint32_t>(m_nodeCount);
            Node& child = makeNode();
            child.frame = FrameId { keyed[i].key - 1 };
            child.parent = index;
            child.m_depth = depth + 1;
            child.m_firstRow = n.m_firstRow + static_cast<uint32_t>(i);
            child.m_endRow = n.m_firstRow + static_cast<uint32_t>(end);
            fill(child);
            made.push_back(childIndex);
        }
        i = end;
    }
    std::sort(made.begin(), made.end(), [&](uint32_t l, uint32_t r) {
        const Node& a = nodeLocked(l);
        const Node& b = nodeLocked(r);
        const int64_t dl = std::llabs(a.deltaBytes()), dr = std::llabs(b.deltaBytes());
        if (dl != dr)
            return dl > dr;
        if (a.atB.bytes != b.atB.bytes)
            return a.atB.bytes > b.atB.bytes;
        return l < r;
    });
    if (made.empty())
        return;
    if (m_childCapacity - m_childUsed < made.size()) {
        m_childCapacity = std::max<size_t>(made.size(), 16384);
        m_childChunks.push_back(std::make_unique<uint32_t[]>(m_childCapacity));
        m_childUsed = 0;
    }
    uint32_t* list = m_childChunks.back().get() + m_childUsed;
    std::copy(made.begin(), made.end(), list);
    m_childUsed += made.size();
    n.m_children = list;
    n.m_childCount = static_cast<uint32_t>(made.size());
}

std::string CallTree::label(uint32_t index) const
{
    if (index == 0)
        return "all callsites";
    return frameLabel(node(index).frame);
}

std::string CallTree::frameLabel(FrameId frameId) const
{
    const Profile& p = m_analysis->profile();
    const auto& frame = p.frames()[frameId];
    std::string label(p.string(frame.function));
    if (label.empty())
        label = "??";
    if (frame.file.value) {
        label += " (" + std::string(fileNameOf(p.string(frame.file)));
        if (frame.line && m_shape.splitLines)
            label += ":" + std::to_string(frame.line);
        label += ")";
    } else if (frame.module.value) {
        label += " (in " + std::string(fileNameOf(p.string(frame.module))) + ")";
    }
    return label;
}

std::string CallTree::location(uint32_t index) const
{
    if (index == 0)
        return {};
    const Profile& p = m_analysis->profile();
    const auto& frame = p.frames()[node(index).frame];
    if (frame.file.value)
        return std::string(p.string(frame.file)) + (frame.line ? ":" + std::to_string(frame.line) + (m_shape.splitLines ? "" : " (its first line here; lines merged)") : "");
    return frame.module.value ? std::string(p.string(frame.module)) : std::string();
}

std::vector<uint32_t> CallTree::pathTo(uint32_t index) const
{
    std::vector<uint32_t> path;
    for (uint32_t n = index;; n = node(n).parent) {
        path.push_back(n);
        if (n == 0)
            break;
    }
    std::reverse(path.begin(), path.end());
    return path;
}

} // namespace heapline
