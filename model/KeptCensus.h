#pragma once

// What the kept-object findings share (KeptObjects.cpp, KeptRuntimeObjects.cpp): the census's
// types that grew, and how a finding told as a count begins.

#include "Comparison.h"

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>

namespace heapline::kept {

// Calls visit(key, row) for each census type that grew between A and B; false without a census.
template <typename Visit>
bool visitGrownTypes(const Comparison& comparison, Visit visit)
{
    if (!comparison.analysis().profile().hasCensus())
        return false;
    const DiffResult& types = comparison.byType();
    for (const DiffRow& row : types.rows)
        if (row.census && row.deltaBlocks() > 0)
            visit(types.key(row), row);
    return true;
}

// Δ objects of the census types so named, where they grew by at least `least` and one of them in
// a leak-like shape; 0 otherwise (or without a census).
int64_t keptOfTypes(const Comparison& comparison, std::initializer_list<std::string_view> names, int64_t least);

// "+3,000 generators between A and B. " and what such kept objects mean.
std::string countedFinding(int64_t objects, std::string_view noun, std::string_view meaning);

// The census's thread classes: each thread Python starts also makes one closure of its own
// (threading's _make_invoke_excepthook), and a Timer is a thread.
bool isThreadType(std::string_view key);
// What the recorder's count of threads alive (from recorder 1.3 on) grew by from A to B, where it
// grew in a leak's shape; 0 otherwise. A program's own subclass of threading.Thread is no
// threading.Thread to the census (workers.py: 1 500 SessionWatcher threads read "kept
// instances", and their threads' own closures "kept closures").
int64_t threadsAliveGrown(const Comparison& comparison);

} // namespace heapline::kept
