#pragma once

// The callsites behind a grower's row, shared by the notes that read their stacks
// (SummaryLists.cpp, LibraryMadeNote.cpp).

#include "Comparison.h"

#include <algorithm>
#include <string>
#include <vector>

namespace heapline {

// A frame's module by its file name alone (libc.so.6).
inline std::string_view moduleName(const StackFrame& frame)
{
    return std::string_view(frame.module).substr(frame.module.find_last_of('/') + 1);
}

// The grower's callsites (by callsite, itself) that kept bytes between A and B and pass `keep`,
// the largest first.
template <typename Keep>
std::vector<const DiffRow*> keptCallsitesOf(const Comparison& comparison, const DiffRow& grower, Keep keep)
{
    std::vector<const DiffRow*> kept;
    const auto group = comparison.diff().analysisGroup(grower);
    if (!group || grower.deltaBytes() <= 0)
        return kept;
    const auto& groups = comparison.analysis().groups(comparison.grouping());
    const DiffResult& byCallsite = comparison.byCallsite();
    for (const DiffRow& row : byCallsite.rows) {
        const auto c = byCallsite.callsite(row);
        if (c && row.deltaBytes() > 0 && keep(row)
            && (comparison.grouping() == Grouping::Callsite ? &row == &grower : groups.of(*c) == *group))
            kept.push_back(&row);
    }
    std::stable_sort(
        kept.begin(), kept.end(), [](const DiffRow* l, const DiffRow* r) { return l->deltaBytes() > r->deltaBytes(); });
    return kept;
}

// "function (file:line)", the file by its name alone.
inline std::string frameWhere(const StackFrame& frame)
{
    std::string where = frame.function;
    if (!frame.file.empty())
        where += " (" + frame.file.substr(frame.file.find_last_of('/') + 1)
            + (frame.line ? ":" + std::to_string(frame.line) : std::string()) + ")";
    return where;
}

} // namespace heapline
