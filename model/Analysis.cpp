#include "Analysis.h"

#include "TypeInference.h"
#include "Units.h"

#include <absl/container/flat_hash_map.h>
#include <algorithm>
#include <array>
#include <functional>
#include <iterator>
#include <optional>
#include <string_view>

namespace heapline {

namespace {

// The nearest frame of the user's own at or above a stack node, remembered for every node a
// search passes: a deep stack with none (cc1plus's, where all of GCC's frames are the system's)
// is walked to the root once, not once for each of its callsites.
class UserFrameAbove {
public:
    template <typename IsUser>
    UserFrameAbove(const StackTree& stacks, IsUser isUser)
        : m_stacks(stacks)
        , m_isUser(std::move(isUser))
    {
    }

    // Nothing when there is none.
    std::optional<FrameId> at(NodeId start)
    {
        if (m_known.empty())
            m_known.assign(m_stacks.size(), Unknown);
        m_path.clear();
        uint32_t found = None;
        for (NodeId n = start; n.value != 0; n = m_stacks[n].parent) {
            if (m_known[n.value] != Unknown) {
                found = m_known[n.value];
                break;
            }
            m_path.push_back(n.value);
            if (const FrameId f = m_stacks[n].frame; m_isUser(f)) {
                found = f.value + 1;
                break;
            }
        }
        for (const uint32_t n : m_path)
            m_known[n] = found;
        return found == None ? std::nullopt : std::optional<FrameId>(FrameId { found - 1 });
    }

private:
    static constexpr uint32_t Unknown = 0;
    static constexpr uint32_t None = UINT32_MAX;
    const StackTree& m_stacks;
    std::function<bool(FrameId)> m_isUser;
    std::vector<uint32_t> m_known; // by node: the frame + 1, None, or Unknown
    std::vector<uint32_t> m_path;
};

} // namespace

std::string functionKey(std::string name, std::string_view file)
{
    // A lambda's or functor's call operator, as DWARF names an inlined one: any lambda of any
    // file was one row (thrleak.cpp: four threads' lambda, "operator()"). Python's nameless code
    // ("<module>", "<lambda>") stays one row: a program that makes code as it runs (a module per
    // reload, a template compiled per request) grows in that one row, and would read as
    // hundreds of small ones.
    if (file.empty() || name != "operator()")
        return name;
    return name + " (" + std::string(fileNameOf(file)) + ")";
}

const char* groupingName(Grouping g)
{
    switch (g) {
    case Grouping::Callsite:
        return "callsite";
    case Grouping::Function:
        return "function";
    case Grouping::File:
        return "file";
    case Grouping::Line:
        return "line";
    case Grouping::Module:
        return "module";
    case Grouping::Type:
        return "type";
    }
    return "callsite";
}

std::optional<Grouping> parseGrouping(std::string_view name)
{
    for (auto g : AllGroupings)
        if (name == groupingName(g))
            return g;
    return std::nullopt;
}

Analysis::Analysis(std::shared_ptr<const Profile> profile, FrameRules rules)
    : m_profile(std::move(profile))
    , m_rules(std::move(rules))
{
    const Profile& p = *m_profile;
    const auto& frames = p.frames();
    m_frameRoles.resize(frames.size(), FrameRole::User);
    // A role depends on the names, not the line, and each name is matched against the rules of
    // its field once (a module's against the module rules, not once for each of its functions):
    // a frame's role is then three lookups.
    using Field = FrameRules::Field;
    std::array<std::vector<int8_t>, 3> rolesOfString; // by field, by string: -1 not matched yet
    const auto rolesOf = [&](Field field, StringId id) -> unsigned {
        auto& known = rolesOfString[static_cast<size_t>(field)];
        if (known.empty())
            known.assign(p.strings().size(), -1);
        if (id.value >= known.size())
            return m_rules.rolesMatching(field, p.string(id));
        if (known[id.value] < 0)
            known[id.value] = static_cast<int8_t>(m_rules.rolesMatching(field, p.string(id)));
        return static_cast<unsigned>(known[id.value]);
    };
    std::vector<bool> unplaceable(frames.size());
    for (size_t f = 1; f < frames.size(); ++f) {
        const auto& frame = frames[FrameId { f }];
        const unsigned functionRoles = rolesOf(Field::Function, frame.function);
        m_frameRoles[f]
            = FrameRules::roleOf(functionRoles, rolesOf(Field::File, frame.file), rolesOf(Field::Module, frame.module));
        // An address the profiler could place nowhere (JIT code, a frame it lost: "?? in unknown
        // module") is no culprit: the first frame that can be read is (a JVM's allocations read
        // "?? in unknown module +1.33 MB"). A user's rule on "??" still makes it the user's.
        const std::string_view name = p.string(frame.function);
        unplaceable[f]
            = (name.empty() || name == "??" || name == "???") && frame.file.value == 0 && frame.module.value == 0;
        if (unplaceable[f] && m_frameRoles[f] == FrameRole::User
            && !(functionRoles & (1u << static_cast<unsigned>(FrameRole::User))))
            m_frameRoles[f] = FrameRole::System;
    }

    const size_t callsites = p.callsiteCount();
    m_where.resize(callsites);
    m_moduleFrame.resize(callsites);
    m_typeOf.resize(callsites, 0);
    m_typeNames.emplace_back(Untyped);
    absl::flat_hash_map<std::string, uint32_t> typeIndex;
    typeIndex.emplace(Untyped, 0);
    std::vector<std::string_view> functions;
    // Types by the functions they are read from: callsites share their allocator frames, and the
    // inference (string work on template arguments) is done once per distinct run of them.
    absl::flat_hash_map<std::string, uint32_t> typeOfFunctions;
    constexpr size_t MaxTypeFrames = 16;
    std::string functionIds;
    // Frames whose function the inference can read a type from; the others are left out of its
    // input and of the key its results are kept under (cc1plus: 31,000 distinct runs of 16 of
    // GCC's own frames, each read for nothing, became a handful).
    std::vector<bool> typeReadable(frames.size());
    for (size_t f = 1; f < frames.size(); ++f)
        typeReadable[f] = TypeInference::mayRead(p.string(frames[FrameId { f }].function));
    const StackTree& stacks = p.stacks();
    UserFrameAbove userFrames(stacks, [this](FrameId f) { return role(f) == FrameRole::User; });
    for (size_t c = 0; c < callsites; ++c) {
        // From the leaf up, as far as the first frame of the user's own.
        const NodeId leaf = p.callsiteNode(CallsiteId { c });
        FrameId where = leaf.value != 0 ? stacks[leaf].frame : FrameId {};
        FrameId moduleFrame = where;
        bool foundModule = false, moduleChosen = false;
        size_t typeFrames = 0;
        functions.clear();
        functionIds.clear();
        for (NodeId n = leaf; n.value != 0; n = stacks[n].parent) {
            if (foundModule && typeFrames >= MaxTypeFrames) {
                // All that is left to find is the user's frame, if there is one up to the root.
                if (const auto user = userFrames.at(n))
                    where = *user;
                break;
            }
            const FrameId f = stacks[n].frame;
            const FrameRole r = role(f);
            // The first frame past the allocator that can be read (an unplaceable address only
            // where no other follows).
            if (!foundModule && r != FrameRole::Plumbing) {
                if (!unplaceable[f.value] || !moduleChosen)
                    moduleFrame = f;
                moduleChosen = true;
                foundModule = !unplaceable[f.value];
            }
            if (r == FrameRole::User) {
                where = f;
                break;
            }
            // The type is in the allocator's and containers' frames next to the allocation: a stack
            // with no frame of the user's own (an interpreter's) needs no more than its first few.
            if (typeFrames < MaxTypeFrames && typeReadable[f.value]) {
                functions.push_back(p.string(frames[f].function));
                functionIds.append(reinterpret_cast<const char*>(&frames[f].function.value), sizeof(uint32_t));
            }
            ++typeFrames;
        }
        // Without a frame of the user's own (an interpreter's stacks, say), "where" is the leaf
        // past the allocator: the first frame that is not plumbing.
        m_where[c] = role(where) == FrameRole::User ? where : moduleFrame;
        m_moduleFrame[c] = moduleFrame;

        const auto indexOf = [&](const std::string& type) -> uint32_t {
            if (type.empty())
                return 0;
            auto [it, inserted] = typeIndex.try_emplace(type, static_cast<uint32_t>(m_typeNames.size()));
            if (inserted)
                m_typeNames.push_back(type);
            return it->second;
        };
        if (const StringId given = p.callsiteType(CallsiteId { c }); given.value != 0) {
            m_typeOf[c] = indexOf(std::string(p.string(given)));
        } else {
            auto [it, inserted] = typeOfFunctions.try_emplace(functionIds, 0);
            if (inserted)
                it->second = indexOf(TypeInference::infer(functions).value_or(std::string()));
            m_typeOf[c] = it->second;
        }
    }
}

std::string Analysis::frameLabel(FrameId id, bool fileNamesOnly) const
{
    const Profile& p = *m_profile;
    const auto& frame = p.frames()[id];
    const auto place = [&](std::string_view path) {
        return std::string(fileNamesOnly ? path.substr(path.find_last_of('/') + 1) : path);
    };
    std::string label(p.string(frame.function));
    if (label.empty())
        label = "??";
    if (frame.file.value) {
        label += " (" + place(p.string(frame.file));
        if (frame.line)
            label += ":" + std::to_string(frame.line);
        label += ")";
    } else if (frame.module.value) {
        label += " (in " + place(p.string(frame.module)) + ")";
    }
    return label;
}

std::optional<size_t> Analysis::leadingFrame(CallsiteId c, const std::vector<FrameId>& stack) const
{
    const FrameId where = m_where[c.value];
    // A frame with neither file nor module is no place in the code (massif's "below massif's
    // threshold"): it never leads.
    const auto& whereFrame = m_profile->frames()[where];
    if (role(where) != FrameRole::User || (!whereFrame.file.value && !whereFrame.module.value))
        return std::nullopt;
    const auto user = std::find(stack.begin(), stack.end(), where);
    if (user == stack.end())
        return std::nullopt;
    return static_cast<size_t>(user - stack.begin());
}

std::string Analysis::stackKey(CallsiteId c) const
{
    const auto stack = m_profile->stackOf(c);
    if (stack.empty())
        return "(no stack)";
    std::string key;
    size_t from = 0;
    if (const auto lead = leadingFrame(c, stack); lead && *lead > 0) {
        key = frameLabel(stack[*lead]) + " [via ";
        for (size_t i = 0; i < *lead; ++i)
            key += (i ? " <- " : "") + frameLabel(stack[i]);
        key += "]";
        from = *lead + 1;
    }
    for (size_t i = from; i < stack.size(); ++i) {
        if (!key.empty())
            key += " <- ";
        key += frameLabel(stack[i]);
    }
    return key;
}

std::string Analysis::shortStackKey(CallsiteId c, size_t callers, bool plumbing) const
{
    const auto stack = m_profile->stackOf(c);
    if (stack.empty())
        return "(no stack)";
    const auto lead = leadingFrame(c, stack);
    const size_t first = lead.value_or(0);
    std::string key = frameLabel(stack[first], true);
    if (plumbing && first > 0)
        key += " [via " + (first == 1 ? frameLabel(stack[0], true) : std::to_string(first) + " library frames") + "]";
    // The callers: the user's own where a frame of the user's leads, the next frames otherwise.
    size_t told = 0;
    for (size_t i = first + 1; i < stack.size(); ++i) {
        if (lead && role(stack[i]) != FrameRole::User)
            continue;
        if (told == callers) {
            key += " <- …";
            break;
        }
        key += " <- " + frameLabel(stack[i], true);
        ++told;
    }
    return key;
}

uint64_t Analysis::stackHash(CallsiteId c) const
{
    const Profile& p = *m_profile;
    uint64_t hash = 0x9e3779b97f4a7c15ull;
    for (FrameId f : p.stackOf(c)) {
        const auto& frame = p.frames()[f];
        hash = absl::HashOf(hash, p.string(frame.function), p.string(frame.file), frame.line);
    }
    return hash;
}

const Analysis::Groups& Analysis::groups(Grouping grouping) const
{
    const auto index = static_cast<size_t>(grouping);
    std::call_once(m_groupsBuilt[index], [&] { m_groups[index] = std::make_unique<Groups>(build(grouping)); });
    return *m_groups[index];
}

std::string Analysis::groupKey(Grouping grouping, uint32_t group) const
{
    if (grouping == Grouping::Callsite)
        return stackKey(CallsiteId { group });
    const auto& g = groups(grouping);
    return group < g.keys.size() ? g.keys[group] : std::string();
}

Analysis::Groups Analysis::build(Grouping grouping) const
{
    const Profile& p = *m_profile;
    Groups groups;
    const size_t callsites = p.callsiteCount();
    // With a census, the type grouping is the census and every other grouping the traced heap.
    const auto left_out = [&](size_t c) { return p.hasCensus() && p.isCensus(CallsiteId { c }) != (grouping == Grouping::Type); };
    if (grouping == Grouping::Callsite) {
        groups.count = callsites;
        if (p.hasCensus()) {
            groups.hidden = static_cast<uint32_t>(callsites);
            groups.count = callsites + 1;
            groups.groupOf.resize(callsites);
            for (size_t c = 0; c < callsites; ++c)
                groups.groupOf[c] = left_out(c) ? *groups.hidden : static_cast<uint32_t>(c);
        }
        return groups;
    }
    groups.groupOf.resize(callsites);
    absl::flat_hash_map<std::string, uint32_t> index;
    const auto keyOf = [&](size_t c) -> std::string {
        const CallsiteId id { c };
        const auto& frame = p.frames()[whereFrame(id)];
        switch (grouping) {
        case Grouping::Callsite:
            break;
        case Grouping::Function: {
            // An unresolved function is known by its module.
            std::string name(p.string(frame.function));
            if (name.empty() || name == "??" || name == "???")
                return "?? in " + (frame.module.value ? std::string(p.string(frame.module)) : std::string("unknown module"));
            return functionKey(std::move(name), p.string(frame.file));
        }
        case Grouping::File:
            return frame.file.value ? std::string(p.string(frame.file)) : std::string("(unknown file)");
        case Grouping::Line:
            return frame.file.value ? std::string(p.string(frame.file)) + ":" + std::to_string(frame.line) : std::string("(unknown file)");
        case Grouping::Module: {
            const auto& moduleFrame = p.frames()[m_moduleFrame[c]];
            return moduleFrame.module.value ? std::string(p.string(moduleFrame.module)) : std::string("(unknown module)");
        }
        case Grouping::Type:
            return type(id);
        }
        return {};
    };
    std::vector<size_t> leftOut;
    for (size_t c = 0; c < callsites; ++c) {
        if (left_out(c)) {
            leftOut.push_back(c);
            continue;
        }
        auto key = keyOf(c);
        auto [it, inserted] = index.try_emplace(std::move(key), static_cast<uint32_t>(groups.keys.size()));
        if (inserted)
            groups.keys.push_back(it->first);
        groups.groupOf[c] = it->second;
    }
    groups.count = groups.keys.size();
    if (p.hasCensus()) {
        groups.hidden = static_cast<uint32_t>(groups.count++);
        groups.keys.emplace_back("(left out)");
        for (size_t c : leftOut)
            groups.groupOf[c] = *groups.hidden;
    }
    return groups;
}

bool Analysis::madeWhileLoading(CallsiteId c) const
{
    const std::vector<bool>& loaded = callsitesMadeWhileLoading();
    return c.value < loaded.size() && loaded[c.value];
}

const std::vector<bool>& Analysis::callsitesMadeWhileLoading() const
{
    std::call_once(m_loadedFound, [this] {
        const Profile& profile = *m_profile;
        const auto& frames = profile.frames();
        // By frame: 1 the loader running a library's initialisation, 2 Python's import machinery.
        std::vector<uint8_t> marks(frames.size());
        for (size_t f = 0; f < frames.size(); ++f) {
            const Frame& frame = frames[FrameId { static_cast<uint32_t>(f) }];
            marks[f] = profile.string(frame.function) == "_dl_init"                      ? 1
                : profile.string(frame.file).starts_with("<frozen importlib._bootstrap") ? 2
                                                                                         : 0;
        }
        // By node, what a walk from it towards the root sees up to the first frame of the
        // program's own: bit 0 the loader, bit 1 an import, bit 2 that such a frame ends it. A
        // node's parent comes before it, so each node is its parent's walk and its own frame.
        const auto& stacks = profile.stacks();
        std::vector<uint8_t> walk(stacks.size());
        for (size_t n = 1; n < stacks.size(); ++n) {
            const auto& entry = stacks[NodeId { static_cast<uint32_t>(n) }];
            if (m_frameRoles[entry.frame.value] == FrameRole::User)
                walk[n] = 4;
            else if (entry.parent.value < n)
                walk[n] = static_cast<uint8_t>(walk[entry.parent.value] | marks[entry.frame.value]);
        }
        m_loaded.resize(profile.callsiteCount());
        for (size_t i = 0; i < m_loaded.size(); ++i) {
            const NodeId node = profile.callsiteNode(CallsiteId { static_cast<uint32_t>(i) });
            const uint8_t w = node.value < walk.size() ? walk[node.value] : 0;
            // Past a frame of the program's own, only an import between counts.
            m_loaded[i] = (w & 4) ? (w & 2) != 0 : (w & 3) != 0;
        }
    });
    return m_loaded;
}

bool Analysis::madeForThread(CallsiteId c) const
{
    static constexpr std::string_view Makers[] = { "allocate_dtv", "_dl_allocate_tls", "__GI__dl_allocate_tls",
        "_dl_allocate_tls_init", "allocate_dtv_entry", "tls_get_addr_tail", "_dl_resize_dtv", "__tls_get_addr" };
    const Profile& profile = *m_profile;
    const auto& stacks = profile.stacks();
    for (NodeId node = profile.callsiteNode(c); node.value != 0; node = stacks[node].parent) {
        const auto& entry = stacks[node];
        if (role(entry.frame) == FrameRole::User)
            return false;
        const std::string_view function = profile.string(profile.frames()[entry.frame].function);
        if (std::find(std::begin(Makers), std::end(Makers), function) != std::end(Makers))
            return true;
    }
    return false;
}

} // namespace heapline
