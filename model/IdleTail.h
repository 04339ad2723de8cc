#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace heapline {

class Comparison;
enum class TimeUnit;

// The Python recorder's counter of the CPU time the program used (ms, the recorder's own left out).
inline constexpr std::string_view ProgramCpuCounter = "program cpu ms";

// Where the heap reads "plateau" because the program stopped working, not because something
// bounds it: a service that leaked a record per request through a load test and then idled
// until it was stopped holds its level like a full cache. From the profile's allocation calls
// (heaptrack) or the program's CPU time (the Python recorder's counter): "It held while the
// program was nearly idle: …" (CPU time), "It held once the program all but stopped allocating:
// …" (allocation calls, which also stop where a program computes on what it holds), or empty.
std::string idleTailText(const Comparison& comparison);

struct IdleTail {
    double at = 0; // where the program's work stopped (the profile's time unit)
    size_t sample = 0; // its index in the diff's sample times
    double workRate = 0, tailRate = 0; // calls, or ms of CPU, a second: before and after
    bool cpu = false; // measured by CPU time, not allocation calls
};
std::optional<IdleTail> findIdleTail(const Comparison& comparison);
std::string idleTailText(const IdleTail& idle, TimeUnit unit);

struct DiffRow;
// Whether the row reads "plateau" for the same reason: it rose until the work stopped, then held.
bool heldOnlyWhileIdle(const Comparison& comparison, const DiffRow& row, const IdleTail& idle);
// What such a row's details and report section say: "It held its level only while …".
std::string heldOnlyWhileIdleText(const IdleTail& idle, TimeUnit unit);

} // namespace heapline
