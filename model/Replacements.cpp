#include "Replacements.h"

#include "Diff.h"
#include "Units.h"

#include <algorithm>
#include <cmath>
#include <vector>

namespace heapline {

namespace {

// The most rows on each side that are compared: the growers a user reads first, and the rows that
// fell the most. Each pair decodes two series, so a diff by callsite of 100 000 rows stays cheap.
constexpr size_t MaxGrowers = 32;
constexpr size_t MaxFallers = 32;
// The replacer's growth from the other's highest on, against what it grew by in all; the other's
// fall against that growth (at least and at most); the samples after that highest.
constexpr double GrewAfterShare = 0.8;
constexpr double FellAtLeast = 0.8;
constexpr double FellAtMost = 1.25;
constexpr double SumHeldShare = 0.1;
constexpr size_t MinSamplesAfter = 4;

} // namespace

void findReplacements(DiffResult& result, const GrowthThresholds& th)
{
    // Exact figures only: a sampled estimate's noise lets two unrelated rows' sum hold within it
    // (a Python recording's __main__ "replacing" json.decoder's blocks).
    if (result.baseAnalysis || result.grouping == Grouping::Type || th.sampleIntervalBytes > 0)
        return;
    // Where the format counts single allocations, the other freed about as many blocks as the
    // grower kept; and a replacement worth telling is no smaller than a suspect (a hundredth of
    // what the heap rose by: cc1plus's 7 kB of ira_init_costs against 6.7 kB freed elsewhere).
    const bool countsEvents = result.total.allocations > 0;
    const double smallest = th.leakShareOfHeapRise * static_cast<double>(result.total.riseBytes());
    std::vector<size_t> growers, fallers;
    for (size_t i = 0; i < result.rows.size() && growers.size() < MaxGrowers; ++i)
        if (result.rows[i].leakLike && result.rows[i].deltaBytes() > 0 && !result.rows[i].census)
            growers.push_back(i);
    // The rows that fell most, kept as they come (a diff by callsite has 100 000 rows: no list of
    // them all), largest fall first.
    const auto fall = [&](size_t i) { return result.rows[i].highest - result.rows[i].atB.bytes; };
    const auto larger = [&](size_t l, size_t r) { return fall(l) > fall(r); };
    for (size_t i = 0; i < result.rows.size(); ++i) {
        const DiffRow& row = result.rows[i];
        if (row.census || row.underThreshold || fall(i) <= 0)
            continue;
        if (fallers.size() == MaxFallers) {
            if (!larger(i, fallers.back()))
                continue;
            fallers.pop_back();
        }
        fallers.insert(std::upper_bound(fallers.begin(), fallers.end(), i, larger), i);
    }
    if (growers.empty() || fallers.empty())
        return;

    // By callsite, a row's key is its whole stack: its leaf and two callers say which in prose.
    const auto named = [&](const DiffRow& row) {
        if (const auto callsite = result.callsite(row))
            return result.analysis->shortStackKey(*callsite);
        return result.key(row);
    };
    std::vector<std::vector<int64_t>> fallerSeries(fallers.size());
    std::vector<bool> taken(fallers.size());
    for (size_t g : growers) {
        DiffRow& grower = result.rows[g];
        const std::vector<int64_t> grown = result.series(grower);
        for (size_t f = 0; f < fallers.size(); ++f) {
            if (taken[f] || fallers[f] == g)
                continue;
            if (fallerSeries[f].empty())
                fallerSeries[f] = result.series(result.rows[fallers[f]]);
            const std::vector<int64_t>& fell = fallerSeries[f];
            const size_t n = std::min(grown.size(), fell.size());
            if (n == 0)
                continue;
            const size_t high = static_cast<size_t>(
                std::max_element(fell.begin(), fell.begin() + static_cast<std::ptrdiff_t>(n)) - fell.begin());
            if (n - high <= MinSamplesAfter)
                continue;
            const double grewAfter = static_cast<double>(grown[n - 1] - grown[high]);
            const double fellAfter = static_cast<double>(fell[high] - fell[n - 1]);
            if (grewAfter < GrewAfterShare * static_cast<double>(grower.deltaBytes())
                || fellAfter < FellAtLeast * grewAfter || fellAfter > FellAtMost * grewAfter || grewAfter < smallest)
                continue;
            if (countsEvents
                && static_cast<double>(result.rows[fallers[f]].frees)
                    < FellAtLeast * static_cast<double>(grower.deltaBlocks()))
                continue;
            // Together they hold: every sample from the other's highest on within a tenth of what
            // the grower grew by of where the two stood there.
            const int64_t together = grown[high] + fell[high];
            const double tolerance = SumHeldShare * grewAfter;
            bool held = true;
            for (size_t j = high; j < n && held; ++j)
                held = std::fabs(static_cast<double>(grown[j] + fell[j] - together)) <= tolerance;
            if (!held)
                continue;
            taken[f] = true;
            grower.leakLike = false;
            const DiffRow& replaced = result.rows[fallers[f]];
            result.replacements.push_back({ grower.group, replaced.group, named(grower), named(replaced),
                static_cast<int64_t>(grewAfter), static_cast<int64_t>(fellAfter) });
            break;
        }
    }
}

std::string replacerText(const Replacement& r)
{
    return "grew by " + formatBytes(r.grew) + " as " + r.replacedKey + " fell by " + formatBytes(r.fell)
        + ": it replaces blocks " + r.replacedKey
        + " made (a table or cache renewed entry by entry), and the two "
          "hold steady together";
}

std::string replacedText(const Replacement& r)
{
    return "fell by " + formatBytes(r.fell) + " as " + r.replacerKey + " grew by " + formatBytes(r.grew) + ": "
        + r.replacerKey + " replaces blocks it made, and the two hold steady together";
}

} // namespace heapline
