#include "StackedRows.h"

#include <algorithm>

namespace heapline {

StackedRows stackRows(
    const std::vector<double>& sampleTimes, const std::vector<std::vector<int64_t>>& series, const Series* heapCap)
{
    StackedRows stacked;
    auto& at = stacked.times;
    at = sampleTimes;
    if (heapCap && !sampleTimes.empty()) {
        for (const auto& point : heapCap->points())
            if (point.time > sampleTimes.front() && point.time < sampleTimes.back())
                at.push_back(point.time);
        std::sort(at.begin(), at.end());
        at.erase(std::unique(at.begin(), at.end()), at.end());
    }
    // Each row's value at each instant, straight between its samples.
    stacked.values.assign(series.size(), std::vector<double>(at.size()));
    for (size_t r = 0; r < series.size(); ++r) {
        const auto& s = series[r];
        if (s.empty())
            continue;
        const size_t known = std::min(sampleTimes.size(), s.size());
        size_t i = 0;
        for (size_t j = 0; j < at.size(); ++j) {
            while (i + 1 < known && sampleTimes[i + 1] <= at[j])
                ++i;
            double v = static_cast<double>(s[i]);
            if (i + 1 < known && at[j] > sampleTimes[i])
                v += (static_cast<double>(s[i + 1]) - v) * (at[j] - sampleTimes[i])
                    / (sampleTimes[i + 1] - sampleTimes[i]);
            stacked.values[r][j] = v;
        }
    }
    if (heapCap) {
        for (size_t j = 0; j < at.size(); ++j) {
            double sum = 0;
            for (const auto& v : stacked.values)
                sum += std::max(v[j], 0.0);
            const double level = std::max(static_cast<double>(heapCap->levelAt(at[j])), 0.0);
            if (sum > level && sum > 0)
                for (auto& v : stacked.values)
                    v[j] *= level / sum;
        }
    }
    return stacked;
}

} // namespace heapline
