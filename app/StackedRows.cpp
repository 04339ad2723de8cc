#include "StackedRows.h"

#include <algorithm>

namespace heapline {

namespace {

// The rows' highs inside the intervals where one rose above both ends, as instants of their own.
void addIntervalHighs(StackedRows& stacked, const std::vector<std::vector<int64_t>>& series,
    const std::vector<std::vector<int64_t>>& highs, const std::vector<int64_t>& heapHighs)
{
    const auto& at = stacked.times;
    StackedRows out;
    out.values.resize(series.size());
    for (size_t j = 0; j < at.size(); ++j) {
        if (j > 0) {
            bool rose = false;
            for (size_t r = 0; r < series.size() && !rose; ++r)
                rose = j < highs[r].size() && j < series[r].size()
                    && highs[r][j] > std::max(series[r][j - 1], series[r][j]);
            if (rose) {
                double sum = 0;
                const size_t first = out.times.size();
                out.times.push_back((at[j - 1] + at[j]) / 2);
                for (size_t r = 0; r < series.size(); ++r) {
                    const double straight = (stacked.values[r][j - 1] + stacked.values[r][j]) / 2;
                    const double high = j < highs[r].size() ? static_cast<double>(highs[r][j]) : 0.0;
                    out.values[r].push_back(std::max(straight, high));
                    sum += std::max(out.values[r][first], 0.0);
                }
                // Rows' highs need not come at one instant: together, no higher than the heap's.
                const double cap = j < heapHighs.size() ? static_cast<double>(heapHighs[j]) : sum;
                if (sum > cap && cap > 0)
                    for (auto& v : out.values)
                        v[first] *= cap / sum;
            }
        }
        out.times.push_back(at[j]);
        for (size_t r = 0; r < series.size(); ++r)
            out.values[r].push_back(stacked.values[r][j]);
    }
    stacked = std::move(out);
}

} // namespace

StackedRows stackRows(const std::vector<double>& sampleTimes, const std::vector<std::vector<int64_t>>& series,
    const Series* heapCap, const std::vector<std::vector<int64_t>>& highs, const std::vector<int64_t>& heapHighs)
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
    // Highs inside intervals go with the samples' own instants (not with a heap cap's points).
    if (!heapCap && highs.size() == series.size())
        addIntervalHighs(stacked, series, highs, heapHighs);
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
