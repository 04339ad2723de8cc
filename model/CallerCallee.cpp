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
    // `profile`: the frame's, this run's or (two files) the base run's, whose functions are
    // matched to this run's by name.
    void add(const Profile& profile, const Frame& frame, const DiffRow& row)
    {
        auto [it, inserted] = m_index.try_emplace(keyOf(profile, frame), m_entries.size());
        if (inserted)
            m_entries.push_back({ std::string(profile.string(frame.function)), frameLocation(profile, frame), {} });
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
    // This run's StringId of the function's name; a name only the base run has, its own id with
    // the top bit set.
    uint32_t keyOf(const Profile& profile, const Frame& frame)
    {
        if (&profile == &m_profile)
            return frame.function.value;
        auto [it, inserted] = m_baseKeys.try_emplace(frame.function.value, 0);
        if (inserted) {
            const StringId here = m_profile.strings().find(profile.string(frame.function));
            it->second = here.value ? here.value : (frame.function.value | 0x80000000u);
        }
        return it->second;
    }
    const Profile& m_profile;
    absl::flat_hash_map<uint32_t, size_t> m_index; // function's key (keyOf) -> entry
    absl::flat_hash_map<uint32_t, uint32_t> m_baseKeys; // the base run's StringId -> key
    absl::flat_hash_set<size_t> m_seen;
    std::vector<CallerCallee::Neighbour> m_entries;
};

// A row's callsite and the analysis it is of: this run's, or (two files) the base run's for a
// row only that run had; none for a row of neither.
std::pair<const Analysis*, CallsiteId> rowCallsite(const DiffResult& diff, const DiffRow& row)
{
    if (const auto callsite = diff.callsite(row))
        return { diff.analysis.get(), *callsite };
    if (const auto callsite = diff.baseCallsite(row))
        return { diff.baseAnalysis.get(), *callsite };
    return { nullptr, CallsiteId {} };
}

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
        // Two files: a callsite only the base run had (a leak fixed away) by the base's frames.
        const auto [from, callsite] = rowCallsite(diff, row);
        if (!from)
            continue;
        const Profile& p = from->profile();
        stack = p.stackOf(callsite); // allocation first
        bool through = false;
        for (size_t i = 0; i < stack.size(); ++i) {
            const Frame& frame = p.frames()[stack[i]];
            if (p.string(frame.function) != function)
                continue;
            through = true;
            if (i + 1 < stack.size())
                callers.add(p, p.frames()[stack[i + 1]], row);
            if (i > 0)
                callees.add(p, p.frames()[stack[i - 1]], row);
        }
        callers.nextCallsite();
        callees.nextCallsite();
        if (!through)
            continue;
        out.inclusive.add(row);
        if (p.string(p.frames()[from->moduleFrame(callsite)].function) == function)
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
        const auto [from, callsite] = rowCallsite(diff, row);
        if (!from)
            continue;
        const Profile& p = from->profile();
        for (FrameId f : p.stackOf(callsite))
            functions.add(p, p.frames()[f], row);
        functions.nextCallsite();
    }
    return functions.ranked();
}

} // namespace heapline
