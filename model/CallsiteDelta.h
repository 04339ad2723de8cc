#pragma once

#include "Ids.h"

#include <bit>
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
    // Allocations freed by the very next event (heaptrack's "temporary"): counted where the
    // format records single events, else 0.
    int64_t temporary = 0;
    // The highest the callsite's live bytes rose above their level at the interval's start
    // (≥ 0). Checkpoints are instants; a batch built and freed between two of them shows only
    // here.
    int64_t peakRise = 0;

    // This interval followed by `later`: sums, and the higher of the two rises.
    void then(const CallsiteDelta& later)
    {
        if (bytes + later.peakRise > peakRise)
            peakRise = bytes + later.peakRise;
        bytes += later.bytes;
        blocks += later.blocks;
        allocations += later.allocations;
        allocatedBytes += later.allocatedBytes;
        frees += later.frees;
        temporary += later.temporary;
    }
    bool isZero() const { return !bytes && !blocks && !allocations && !allocatedBytes && !frees && !temporary && !peakRise; }
    friend bool operator==(const CallsiteDelta&, const CallsiteDelta&) = default;
};

// How many allocations of one size class a callsite made over an interval. Size classes are
// powers of two: class 0 holds 0 bytes, class b ≥ 1 holds sizes in [2^(b-1), 2^b).
struct SizeCount {
    CallsiteId callsite;
    uint8_t sizeClass = 0;
    int64_t count = 0;
    friend bool operator==(const SizeCount&, const SizeCount&) = default;
};
constexpr size_t SizeClasses = 65;
inline uint8_t sizeClassOf(int64_t bytes)
{
    return static_cast<uint8_t>(std::bit_width(static_cast<uint64_t>(bytes < 0 ? 0 : bytes)));
}

// Live state of one callsite at one instant.
struct LiveState {
    int64_t bytes = 0;
    int64_t blocks = 0;
    friend bool operator==(const LiveState&, const LiveState&) = default;
};

} // namespace heapline
