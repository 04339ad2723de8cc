#include "DiffRows.h"

#include <absl/container/flat_hash_map.h>
#include <algorithm>

namespace heapline {

using namespace diff_detail;

DiffResult computeDiffBetween(std::shared_ptr<const Analysis> before, size_t a, std::shared_ptr<const Analysis> after,
    size_t b, Grouping grouping, const DiffOptions& options)
{
    // The "after" run from its start to B: every row's state at B, activity and shape.
    DiffResult result = computeDiff(after, 0, b, grouping, options);
    result.runTotal = result.total;
    result.baseAnalysis = before;
    const Profile& base = before->profile();
    a = std::min(a, base.checkpointCount() - 1);
    result.a = a;
    result.timeA = base.checkpoints().time(a);

    // Rows are matched by key: a stack hash by callsite (keys are long), the key text otherwise.
    const auto matchKey = [&](const Analysis& analysis, uint32_t group) -> std::string {
        if (grouping == Grouping::Callsite) {
            const uint64_t hash = analysis.stackHash(CallsiteId { group });
            return std::string(reinterpret_cast<const char*>(&hash), sizeof hash);
        }
        return analysis.groupKey(grouping, group);
    };

    struct Before {
        LiveState live;
        int64_t allocations = 0;
        int64_t allocatedBytes = 0;
        int64_t frees = 0;
        int64_t temporary = 0;
        std::optional<uint32_t> group;
    };
    // A row's activity in the "after" run up to B, less the base run's up to A.
    const auto lessBefore = [](DiffRow& row, const Before& b) {
        row.allocations -= b.allocations;
        row.allocatedBytes -= b.allocatedBytes;
        row.frees -= b.frees;
        row.temporary -= b.temporary;
    };
    absl::flat_hash_map<std::string, Before> beforeByKey;
    Before everything; // the whole base run's activity up to A, for the total
    {
        const auto& groups = before->groups(grouping);
        const auto live = base.liveAt(a);
        std::vector<CallsiteDelta> activity(base.callsiteCount());
        base.checkpoints().accumulate(0, a, activity);
        std::vector<Before> perGroup(groups.count);
        const SuppressedCallsites* suppressed = options.suppressedBase.get();
        Before suppressedBefore;
        for (size_t c = 0; c < activity.size(); ++c) {
            everything.allocations += activity[c].allocations;
            everything.allocatedBytes += activity[c].allocatedBytes;
            everything.frees += activity[c].frees;
            everything.temporary += activity[c].temporary;
        }
        for (size_t c = 0; c < live.size(); ++c) {
            const bool isSuppressed = suppressed && suppressed->contains(CallsiteId { c });
            auto& g = isSuppressed ? suppressedBefore : perGroup[groups.of(CallsiteId { c })];
            g.live.bytes += live[c].bytes;
            g.live.blocks += live[c].blocks;
            g.allocations += activity[c].allocations;
            g.allocatedBytes += activity[c].allocatedBytes;
            g.frees += activity[c].frees;
            g.temporary += activity[c].temporary;
            g.group = groups.of(CallsiteId { c });
        }
        if (result.suppressed) {
            result.suppressed->atA = suppressedBefore.live;
            lessBefore(*result.suppressed, suppressedBefore);
        }
        for (const auto& g : perGroup)
            if (g.group && !groups.isHidden(*g.group) && (g.live.bytes || g.live.blocks || g.allocations))
                beforeByKey[matchKey(*before, *g.group)] = g;
    }

    // The rows in place (they are in large pages, see computeDiff), the gone ones after them.
    for (auto& row : result.rows) {
        const std::string key = matchKey(*after, row.group);
        const auto it = beforeByKey.find(key);
        row.atA = {};
        if (it != beforeByKey.end()) {
            row.atA = it->second.live;
            lessBefore(row, it->second);
            beforeByKey.erase(it);
        }
        row.leakLike = markedLeakLike(row, after->profile(), options.thresholds);
        result.m_analysisGroups.push_back(row.group);
        result.m_baseGroups.push_back(DiffResult::NoGroup);
        row.group = static_cast<uint32_t>(result.m_analysisGroups.size() - 1);
    }
    // What only the "before" run had: gone in the "after" run. In the base's group order: the
    // hash map's order changes from run to run, and rows that tie in the ranking (gone rows that
    // held nothing at A) are ranked by their place here.
    std::vector<const Before*> gone;
    gone.reserve(beforeByKey.size());
    for (const auto& entry : beforeByKey)
        gone.push_back(&entry.second);
    std::sort(gone.begin(), gone.end(), [](const Before* l, const Before* r) { return *l->group < *r->group; });
    result.rows.reserve(result.rows.size() + gone.size());
    for (const Before* entry : gone) {
        const Before& g = *entry;
        DiffRow row;
        row.atA = g.live;
        lessBefore(row, g);
        row.cls = GrowthClass::Shrinking;
        row.highest = g.live.bytes;
        result.m_analysisGroups.push_back(DiffResult::NoGroup);
        result.m_baseGroups.push_back(*g.group);
        row.group = static_cast<uint32_t>(result.m_analysisGroups.size() - 1);
        result.rows.push_back(row);
    }
    result.total.atA = base.checkpoints().totalAt(a);
    // All of the total's counts less the base's, as each row's (its allocated bytes and frees
    // had been this run's whole, beside allocations less the base's).
    lessBefore(result.total, everything);
    result.total.leakLike = markedLeakLike(result.total, after->profile(), options.thresholds);
    unmarkNegligible(result.rows, result.total, options.thresholds);
    result.rank();
    return result;
}

} // namespace heapline
