#include "CallerCallee.h"

#include <absl/container/flat_hash_map.h>
#include <absl/container/flat_hash_set.h>
#include <algorithm>

namespace heapline {

namespace {

std::string frameLocation(const Profile& profile, const Frame& frame)
{
    if (frame.file.value)
        return std::string(profile.string(frame.file)) + (frame.line ? ":" + std::to_string(frame.line) : std::string());
    if (frame.module.value)
        return "in " + std::string(profile.string(frame.module));
    return {};
}

// Gathers neighbours by function name: each callsite counts once per neighbour.
class NeighbourSums {
public:
    explicit NeighbourSums(const Profile& profile)
        : m_profile(profile)
    {
    }
    void add(const Frame& frame, const DiffRow& row)
    {
        auto [it, inserted] = m_index.try_emplace(frame.function.value, m_entries.size());
        if (inserted)
            m_entries.push_back({ std::string(m_profile.string(frame.function)), frameLocation(m_profile, frame), {} });
        if (m_seen.insert(it->second).second)
            m_entries[it->second].inclusive.add(row);
    }
    void nextCallsite() { m_seen.clear(); }
    std::vector<CallerCallee::Neighbour> ranked()
    {
        std::stable_sort(m_entries.begin(), m_entries.end(), [](const auto& l, const auto& r) {
            if (l.inclusive.deltaBytes() != r.inclusive.deltaBytes())
                return l.inclusive.deltaBytes() > r.inclusive.deltaBytes();
            return l.inclusive.allocations > r.inclusive.allocations;
        });
        return std::move(m_entries);
    }

private:
    const Profile& m_profile;
    absl::flat_hash_map<uint32_t, size_t> m_index; // function's StringId -> entry
    absl::flat_hash_set<size_t> m_seen;
    std::vector<CallerCallee::Neighbour> m_entries;
};

} // namespace

CallerCallee callerCallee(const Comparison& comparison, std::string_view function)
{
    const Analysis& analysis = comparison.analysis();
    const Profile& profile = analysis.profile();
    const DiffResult& diff = comparison.byCallsite();
    CallerCallee out;
    out.function = std::string(function);
    NeighbourSums callers(profile), callees(profile);
    std::vector<FrameId> stack;
    for (const DiffRow& row : diff.rows) {
        const auto callsite = diff.callsite(row);
        if (!callsite)
            continue;
        stack = profile.stackOf(*callsite); // allocation first
        bool through = false;
        for (size_t i = 0; i < stack.size(); ++i) {
            const Frame& frame = profile.frames()[stack[i]];
            if (profile.string(frame.function) != function)
                continue;
            through = true;
            if (i + 1 < stack.size())
                callers.add(profile.frames()[stack[i + 1]], row);
            if (i > 0)
                callees.add(profile.frames()[stack[i - 1]], row);
        }
        callers.nextCallsite();
        callees.nextCallsite();
        if (!through)
            continue;
        out.inclusive.add(row);
        if (profile.string(profile.frames()[analysis.moduleFrame(*callsite)].function) == function)
            out.self.add(row);
    }
    out.callers = callers.ranked();
    out.callees = callees.ranked();
    return out;
}

std::vector<CallerCallee::Neighbour> functionsOf(const Comparison& comparison)
{
    const Profile& profile = comparison.analysis().profile();
    const DiffResult& diff = comparison.byCallsite();
    NeighbourSums functions(profile);
    for (const DiffRow& row : diff.rows) {
        const auto callsite = diff.callsite(row);
        if (!callsite)
            continue;
        for (FrameId f : profile.stackOf(*callsite))
            functions.add(profile.frames()[f], row);
        functions.nextCallsite();
    }
    return functions.ranked();
}

} // namespace heapline
