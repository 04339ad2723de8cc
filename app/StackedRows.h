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
//
// Where the format knows how high each row stood inside an interval (heaptrack), `highs` holds
// them (per row, at each sample: the highest since the one before) and `heapHighs` the whole
// heap's: a row that rose above both ends of an interval (a batch built and freed between two
// samples) is drawn up to that high in the interval's middle, the stack no higher than the heap's
// own high there. Drawn from the samples alone, a request's scratch buffer that rose a thousand
// times showed as three bumps.
StackedRows stackRows(const std::vector<double>& sampleTimes, const std::vector<std::vector<int64_t>>& series,
    const Series* heapCap, const std::vector<std::vector<int64_t>>& highs = {},
    const std::vector<int64_t>& heapHighs = {});

} // namespace heapline
