#pragma once

#include "Ids.h"

#include <cstdint>

namespace heapline {

// What changed at one callsite over an interval: signed live bytes and blocks, plus the
// allocation activity inside the interval. Signed from day one: diffs and merges subtract.
struct CallsiteDelta {
    CallsiteId callsite;
    int64_t bytes = 0;
    int64_t blocks = 0;
    int64_t allocations = 0;
    int64_t allocatedBytes = 0;
    int64_t frees = 0;

    void add(const CallsiteDelta& other)
    {
        bytes += other.bytes;
        blocks += other.blocks;
        allocations += other.allocations;
        allocatedBytes += other.allocatedBytes;
        frees += other.frees;
    }
    void subtract(const CallsiteDelta& other)
    {
        bytes -= other.bytes;
        blocks -= other.blocks;
        allocations -= other.allocations;
        allocatedBytes -= other.allocatedBytes;
        frees -= other.frees;
    }
    bool isZero() const { return !bytes && !blocks && !allocations && !allocatedBytes && !frees; }
    friend bool operator==(const CallsiteDelta&, const CallsiteDelta&) = default;
};

// Live state of one callsite at one instant.
struct LiveState {
    int64_t bytes = 0;
    int64_t blocks = 0;
    friend bool operator==(const LiveState&, const LiveState&) = default;
};

} // namespace heapline
