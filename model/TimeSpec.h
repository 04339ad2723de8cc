#pragma once

#include "Growth.h"
#include "Profile.h"

#include <optional>
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
//   auto              B's default: before the teardown when the run ends with one (findTeardown), else the end
struct TimeSpec {
    std::string requested; // as written
    size_t checkpoint = 0; // where it snapped
    double time = 0; // the checkpoint's time
    double requestedTime = 0; // the time asked for (before snapping)
    // Why "auto" chose this checkpoint; for "end", that the recording goes on past it in totals only
    // (massif's last snapshots); empty for every other spec.
    std::string reason;
};

// The end of a run that frees its heap as it exits: the heap falls, in the final stretch, to a
// small fraction of where it stood (GrowthThresholds: teardownRemains, teardownStretch,
// teardownMinBytes). Most C++ and Python programs end so; comparing up to the end would then
// compare with an empty heap. Where the heap does not, RSS's growth since the start is read the
// same way (at least nativeMinBytes): memory the tracer never saw, released at the exit.
struct Teardown {
    size_t checkpoint = 0; // the last checkpoint before the fall: the run's working state
    double time = 0;
    int64_t heapBefore = 0; // the heap there
    int64_t heapAtEnd = 0;
    int64_t freedBytes() const { return heapBefore - heapAtEnd; }
    // Not 0 when it is resident memory that fell (the heap did not): what the process released.
    int64_t rssReleased = 0;
};
std::optional<Teardown> findTeardown(const Profile& profile, const GrowthThresholds& thresholds = {});

// Resolves `spec` against `profile`; on failure returns false and says why in `error`.
bool resolveTimeSpec(const Profile& profile, std::string_view spec, TimeSpec& result, std::string& error);

// How a user would write checkpoint k: start, end, auto (the checkpoint before a teardown), peak,
// mark:NAME (a mark at that very instant) or #k. The GUI's A and B fields show it; it resolves
// back to k.
std::string checkpointName(const Profile& profile, size_t checkpoint);
// Checkpoint k as a resolved spec, as if the user had written its name.
TimeSpec timeSpecAt(const Profile& profile, size_t checkpoint);

} // namespace heapline
