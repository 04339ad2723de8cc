#pragma once

#include "Comparison.h"

#include <string>
#include <vector>

namespace heapline {

// heaptrack's Allocations / Temporary Allocations / Consumed charts in the A/B frame: per
// interval between checkpoints, what the whole program and the comparison's top rows did, from the
// checkpoint columns (no second pass over the file).
enum class RateMetric { Allocations, Temporary, AllocatedBytes };

struct RateSeries {
    RateMetric metric = RateMetric::Allocations;
    std::vector<double> times; // checkpoint times t_0 … t_K (interval k is (t_{k-1}, t_k])
    std::vector<int64_t> total; // per interval, index k-1: the program's count (or bytes)
    // The comparison's top rows by the metric in (A, B], each with its per-interval counts.
    std::vector<std::string> keys;
    std::vector<std::vector<int64_t>> rows;
    double secondsPerUnit = 0; // 0 when the time axis is not time (instructions, bytes)
    bool recorded = false; // false: the format does not record single allocations

    // The interval's count per second (per time unit when the axis is not time).
    double rate(int64_t count, size_t interval) const;
    // Sum of `counts` over the intervals in (checkpoint a, checkpoint b].
    static int64_t sum(const std::vector<int64_t>& counts, size_t a, size_t b);
};

RateSeries rateSeries(const Comparison& comparison, RateMetric metric, size_t top = 5);

} // namespace heapline
