#include "SizeHistogram.h"

namespace heapline {

std::string SizeHistogram::classLabel(size_t sizeClass)
{
    if (sizeClass == 0)
        return "0 B";
    static const char* const units[] = { "B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB" };
    const size_t low = sizeClass - 1; // sizes in [2^low, 2^(low+1))
    const size_t unit = low / 10;
    const uint64_t from = uint64_t(1) << (low % 10);
    if (sizeClass == 1)
        return "1 B";
    if (from == 1 && unit > 0)
        return "1–2 " + std::string(units[unit]); // [1 KiB, 2 KiB)
    if (unit == 0)
        return std::to_string(from) + "–" + std::to_string(2 * from - 1) + " B";
    return std::to_string(from) + "–" + std::to_string(2 * from) + " " + units[unit];
}

namespace {

// Adds (sign) the sizes of intervals (from, to] of `profile`, of the callsites `accept` takes.
template <typename Accept>
void addSizes(const Profile& profile, size_t from, size_t to, int sign, SizeHistogram& h, Accept&& accept)
{
    const auto& store = profile.checkpoints();
    for (size_t k = from + 1; k <= to && k < store.size(); ++k)
        store.forEachSize(k, [&](const SizeCount& s) {
            if (s.sizeClass < SizeClasses && accept(s.callsite))
                h.counts[s.sizeClass] += sign * s.count;
        });
}

} // namespace

SizeHistogram sizeHistogram(const Comparison& comparison, const DiffRow* row)
{
    const DiffResult& diff = comparison.diff();
    const Profile& after = comparison.analysis().profile();
    SizeHistogram h;
    h.recorded = after.checkpoints().hasSizes() && (!comparison.base() || comparison.base()->profile().checkpoints().hasSizes());
    if (!h.recorded)
        return h;
    const Grouping grouping = comparison.grouping();
    const auto everything = [](CallsiteId) { return true; };
    // With a base, as the diff counts allocations: the "after" run up to B less the base run up to A.
    const size_t from = comparison.twoFiles() ? 0 : diff.a;
    if (!row) {
        addSizes(after, from, diff.b, +1, h, everything);
        if (const Analysis* base = comparison.base())
            addSizes(base->profile(), 0, diff.a, -1, h, everything);
    } else {
        const std::string key = diff.key(*row);
        if (const auto group = diff.analysisGroup(*row)) {
            const auto& groups = comparison.analysis().groups(grouping);
            addSizes(after, from, diff.b, +1, h, [&](CallsiteId c) {
                return c.value < after.callsiteCount() && groups.of(c) == *group && !comparison.suppressed().contains(c);
            });
        }
        if (const Analysis* base = comparison.base()) {
            // The same key in the base run: its callsites by their group's key.
            const auto& groups = base->groups(grouping);
            const Profile& before = base->profile();
            std::vector<char> matches(groups.count, 0);
            for (uint32_t g = 0; g < groups.count; ++g)
                matches[g] = !groups.isHidden(g) && base->groupKey(grouping, g) == key;
            const SuppressedCallsites* suppressed = comparison.suppressedInBase();
            addSizes(before, 0, diff.a, -1, h, [&](CallsiteId c) {
                return c.value < before.callsiteCount() && matches[groups.of(c)] && !(suppressed && suppressed->contains(c));
            });
        }
    }
    for (int64_t count : h.counts)
        h.allocations += count;
    return h;
}

} // namespace heapline
