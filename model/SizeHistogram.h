#pragma once

#include "Comparison.h"

#include <array>
#include <string>

namespace heapline {

// heaptrack's Sizes view in the A/B frame: allocations in (A, B] by size, in power-of-two classes,
// for the whole program or one row of the comparison. From the size columns the checkpoints keep
// (formats that record single allocations); snapshot formats have none, and say so.
struct SizeHistogram {
    bool recorded = false;
    std::array<int64_t, SizeClasses> counts {};
    int64_t allocations = 0; // the sum of counts

    // "1 B", "2–3 B", "4–7 B" … "1–2 KiB" …: the sizes class c holds.
    static std::string classLabel(size_t sizeClass);
};

// `row`: a row of comparison.diff(), or null for every allocation.
SizeHistogram sizeHistogram(const Comparison& comparison, const DiffRow* row = nullptr);

} // namespace heapline
