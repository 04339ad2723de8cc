#pragma once

#include "Comparison.h"

#include <string>
#include <vector>

namespace heapline {

// heaptrack's summary lists in the A/B frame, in the comparison's grouping: what was live at the
// heap's highest point in [A, B], and what allocated most often and most temporarily in (A, B].
struct SummaryLists {
    struct Entry {
        std::string key; // a row of the comparison's diff
        int64_t value = 0; // bytes at the peak, allocations, temporary allocations
        int64_t bytes = 0; // allocated bytes (allocation lists); 0 for the peak list
    };
    size_t peakCheckpoint = 0; // the checkpoint in [A, B] with the most live bytes
    double peakTime = 0;
    int64_t peakBytes = 0;
    std::vector<Entry> peak;
    std::vector<Entry> allocations;
    std::vector<Entry> temporary;
    bool countsEvents = false; // the format records single allocations (heaptrack)
    // Which callsites allocated temporarily is known (a heaptrack file; not a Heapline file
    // converted from one, which keeps only the total).
    bool temporaryByCallsite = false;
};

SummaryLists summaryLists(const Comparison& comparison, size_t top = 5);

} // namespace heapline
