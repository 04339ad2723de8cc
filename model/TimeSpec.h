#pragma once

#include "Profile.h"

#include <string>
#include <string_view>

namespace heapline {

// A point in time as a user writes it, snapped to a checkpoint:
//   12.5s  800ms      a time (profiles timed in ms or s)
//   12.5   2.5G  40M  a time in the profile's own unit (k, M, G: thousands, millions, billions)
//   start  end  peak  the first checkpoint, the last, the heap peak
//   40%               that fraction of the run's duration
//   #7                checkpoint 7
//   mark:NAME         a mark the program set
struct TimeSpec {
    std::string requested; // as written
    size_t checkpoint = 0; // where it snapped
    double time = 0; // the checkpoint's time
    double requestedTime = 0; // the time asked for (before snapping)
};

// Resolves `spec` against `profile`; on failure returns false and says why in `error`.
bool resolveTimeSpec(const Profile& profile, std::string_view spec, TimeSpec& result, std::string& error);

// How a user would write checkpoint k: start, end, peak, mark:NAME (a mark at that very instant)
// or #k. The GUI's A and B fields show it; it resolves back to k.
std::string checkpointName(const Profile& profile, size_t checkpoint);
// Checkpoint k as a resolved spec, as if the user had written its name.
TimeSpec timeSpecAt(const Profile& profile, size_t checkpoint);

} // namespace heapline
