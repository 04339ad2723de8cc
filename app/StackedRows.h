#pragma once

#include "model/Series.h"

#include <cstdint>
#include <vector>

namespace heapline {

// The rows the timeline stacks, at the instants it draws them. Each row is known at the sample
// times (its series, straight between them). Where a format knows the rows at fewer instants
// than the heap (massif: the detailed snapshots), `heapCap` is the heap: its own points between
// the samples are drawn too, and there the rows are scaled down to it, since drawn straight they
// stood above the heap's own line where it fell in between (a batch freed).
struct StackedRows {
    std::vector<double> times;
    std::vector<std::vector<double>> values; // per row, at each of times
};
StackedRows stackRows(
    const std::vector<double>& sampleTimes, const std::vector<std::vector<int64_t>>& series, const Series* heapCap);

} // namespace heapline
