#pragma once

// What the kept-object findings share (KeptObjects.cpp, KeptRuntimeObjects.cpp): the census's
// types that grew, and how a finding told as a count begins.

#include "Comparison.h"

#include <cstdint>
#include <initializer_list>
#include <limits>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

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

// Calls visit(row, callsite) for each callsite that kept blocks between A and B, leak-like.
template <typename Visit>
void visitKeptCallsites(const Comparison& comparison, Visit visit)
{
    const DiffResult& byCallsite = comparison.byCallsite();
    for (const DiffRow& row : byCallsite.rows)
        if (const auto callsite = byCallsite.callsite(row); callsite && row.leakLike && row.deltaBlocks() > 0)
            visit(row, *callsite);
}

// Named counts (types, makers) as the findings list them: `tally` adds to a name's count (a new
// name at the end), `keepMost` keeps the `most` largest, largest first, ties in their order.
using NamedCounts = std::vector<std::pair<std::string, int64_t>>;
void tally(NamedCounts& counts, const std::string& name, int64_t count);
void keepMost(NamedCounts& counts, size_t most);

// Of a module of the interpreter or its standard library whose objects hold only what
// tracemalloc traces: "threading", "logging.Logger", "_frozen_importlib_external.FileFinder".
bool tracedStandardModule(std::string_view key);

// Δ objects of the census types so named, where they grew by at least `least` and one of them in
// a leak-like shape; 0 otherwise (or without a census).
int64_t keptOfTypes(const Comparison& comparison, std::initializer_list<std::string_view> names, int64_t least);

// "+3,000 generators between A and B. " and what such kept objects mean.
std::string countedFinding(int64_t objects, std::string_view noun, std::string_view meaning);

// What the recorder's counter `name` grew by from A to B, where it grew in a leak's shape; 0
// otherwise (or without it, or between two files). Before its first record it stood at its first
// value (threads alive, written at every snapshot) or at zero (a counter written only once it
// matters: the warnings registered).
enum class CounterBefore { FirstValue, Zero };
int64_t counterGrown(const Comparison& comparison, std::string_view name, CounterBefore before);
// The same of any series of the profile's (a memoising cache's entries); `until`: read from A up
// to that time only (where the program stopped working, its idle tail left out).
int64_t seriesGrown(const Comparison& comparison, const Series& series, CounterBefore before,
    double until = std::numeric_limits<double>::infinity());

// Threads grown between A and B: the census's thread classes (threading.Thread, Timer), or the
// recorder's count of threads alive where it grew more in a leak's shape (a program's own
// subclass of Thread is no threading.Thread to the census); 0 without either. Each keeps a
// closure and two bound methods of its own, which kept closures and kept instances leave out.
int64_t threadsGrown(const Comparison& comparison);

} // namespace heapline::kept
