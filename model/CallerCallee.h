#pragma once

#include "Comparison.h"

#include <string>
#include <vector>

namespace heapline {

// Sums over a set of callsites of a comparison (A, B and what happened in between).
struct CostFigures {
    LiveState atA;
    LiveState atB;
    int64_t allocations = 0;
    int64_t allocatedBytes = 0;
    int64_t temporary = 0;
    size_t callsites = 0;

    int64_t deltaBytes() const { return atB.bytes - atA.bytes; }
    void add(const DiffRow& row)
    {
        atA.bytes += row.atA.bytes;
        atA.blocks += row.atA.blocks;
        atB.bytes += row.atB.bytes;
        atB.blocks += row.atB.blocks;
        allocations += row.allocations;
        allocatedBytes += row.allocatedBytes;
        temporary += row.temporary;
        ++callsites;
    }
};

// One function's place in the comparison's call graph (heaptrack_gui's and hotspot's
// Caller/Callee view): what the callsites through it did between A and B (inclusive), what it
// allocated itself (its frame is the first past the allocator), and the same split by the
// function that called it and the ones it called. Functions are named as the stacks name them
// (demangled); a recursive function counts each callsite once.
struct CallerCallee {
    struct Neighbour {
        std::string function;
        std::string location; // the first frame's file:line, or module, for a tooltip
        CostFigures inclusive;
    };
    std::string function;
    CostFigures inclusive;
    CostFigures self;
    std::vector<Neighbour> callers; // ranked by Δbytes, then by rise
    std::vector<Neighbour> callees;
};

CallerCallee callerCallee(const Comparison& comparison, std::string_view function);

// Every function on the comparison's stacks with its inclusive figures, ranked by Δbytes (the
// picker of the view).
std::vector<CallerCallee::Neighbour> functionsOf(const Comparison& comparison);

} // namespace heapline
