#pragma once

#include "Comparison.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace heapline {

// Caught exceptions kept alive, told from a Python recording's census: tracebacks that grew
// between A and B. A kept exception keeps its traceback, the traceback every frame it passed
// through, and each frame its locals: what a function allocated stays, at the line that allocated
// it, long after the function returned. The suspects alone then mislead: a worker that kept every
// ParseError "for a report" read "parse +78 MB, linear: keeps every item it is given" for a
// function whose 20 kB buffer was a local; with error.with_traceback(None) kept instead, 0.5 MB.
struct KeptExceptions {
    int64_t tracebacks = 0; // Δ traceback objects between A and B
    int64_t frames = 0; // Δ frame objects (0 where they did not grow)
    // The exception type that grew by the most objects, by its name (…Error, …Exception,
    // …Warning, StopIteration …); empty where no type so named grew.
    std::string exceptionType;
    int64_t exceptions = 0;
};

// Fewer kept tracebacks than this are no finding: a program may keep its last few errors.
inline constexpr int64_t MinKeptTracebacks = 100;

// None without a census, or where tracebacks grew by fewer than MinKeptTracebacks or not in a
// leak-like shape (a batch of failures handled and dropped is no kept exception).
std::optional<KeptExceptions> findKeptExceptions(const Comparison& comparison);
// What it means and what to do ("+8,000 tracebacks and … rather than the exception as it was
// caught"), without a label (kept exceptions) or its full stop.
std::string keptExceptionsFinding(const KeptExceptions& kept);

// asyncio tasks kept alive, told the same way: Task objects (_asyncio.Task) that grew between A
// and B, in a leak-like shape. A service that adds each background task to a set and never
// discards it keeps every finished task, its coroutine and its result; its suspect read
// "handle +7.34 MB, linear" — the request handler, with nothing said of the 14 000 tasks.
struct KeptTasks {
    int64_t tasks = 0; // Δ Task objects between A and B
    int64_t coroutines = 0; // Δ coroutine objects (0 where they did not grow)
};
inline constexpr int64_t MinKeptTasks = 100;
std::optional<KeptTasks> findKeptTasks(const Comparison& comparison);
std::string keptTasksFinding(const KeptTasks& kept);

// Each finding there is, as a label ("Kept exceptions") and its text (the finding's), for the
// Summary, the diff and the reports alike.
struct KeptFinding {
    std::string label;
    std::string text;
};
std::vector<KeptFinding> keptFindings(
    const std::optional<KeptExceptions>& exceptions, const std::optional<KeptTasks>& tasks);

} // namespace heapline
