#include "RateSeries.h"

#include <algorithm>

namespace heapline {

double RateSeries::rate(int64_t count, size_t interval) const
{
    const double span = (times[interval + 1] - times[interval]) * (secondsPerUnit > 0 ? secondsPerUnit : 1);
    return span > 0 ? static_cast<double>(count) / span : 0;
}

int64_t RateSeries::sum(const std::vector<int64_t>& counts, size_t a, size_t b)
{
    int64_t s = 0;
    for (size_t k = a + 1; k <= b && k - 1 < counts.size(); ++k)
        s += counts[k - 1];
    return s;
}

RateSeries rateSeries(const Comparison& comparison, RateMetric metric, size_t top)
{
    const Analysis& analysis = comparison.analysis();
    const Profile& profile = analysis.profile();
    const auto& store = profile.checkpoints();
    RateSeries out;
    out.metric = metric;
    out.recorded = profile.totals().allocations.has_value();
    out.secondsPerUnit = secondsPerUnit(profile.info().timeUnit);
    out.times.assign(store.times().begin(), store.times().end());
    const size_t intervals = store.size() - 1;
    out.total.assign(intervals, 0);
    if (!out.recorded)
        return out;

    const auto valueOf = [metric](const auto& x) -> int64_t {
        switch (metric) {
        case RateMetric::Allocations:
            return x.allocations;
        case RateMetric::Temporary:
            return x.temporary;
        case RateMetric::AllocatedBytes:
            return x.allocatedBytes;
        }
        return 0;
    };
    // The comparison's top rows by this metric in (A, B], as groups of the "after" run.
    const DiffResult& diff = comparison.diff();
    std::vector<const DiffRow*> ranked;
    for (const auto& row : diff.rows)
        if (valueOf(row) > 0 && diff.analysisGroup(row))
            ranked.push_back(&row);
    const size_t n = std::min(top, ranked.size());
    std::partial_sort(ranked.begin(), ranked.begin() + static_cast<ptrdiff_t>(n), ranked.end(),
                      [&](const DiffRow* l, const DiffRow* r) { return valueOf(*l) > valueOf(*r); });
    const auto& groups = analysis.groups(comparison.grouping());
    std::vector<int> slotOfGroup(groups.count, -1);
    for (size_t i = 0; i < n; ++i) {
        slotOfGroup[*diff.analysisGroup(*ranked[i])] = static_cast<int>(i);
        out.keys.push_back(diff.key(*ranked[i]));
        out.rows.emplace_back(intervals, 0);
    }
    const SuppressedCallsites& suppressed = comparison.suppressed();
    for (size_t k = 1; k <= intervals; ++k) {
        int64_t total = 0;
        store.forEachDelta(k, [&](const CallsiteDelta& e) {
            const int64_t v = valueOf(e);
            total += v;
            if (!v || e.callsite.value >= profile.callsiteCount() || suppressed.contains(e.callsite))
                return;
            if (const int slot = slotOfGroup[groups.of(e.callsite)]; slot >= 0)
                out.rows[static_cast<size_t>(slot)][k - 1] += v;
        });
        out.total[k - 1] = total;
    }
    return out;
}

} // namespace heapline
