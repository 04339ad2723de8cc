#pragma once

#include "CheckpointStore.h"
#include "FrameTable.h"
#include "PodVector.h"
#include "StackTree.h"
#include "StringTable.h"
#include "SuppressionSettings.h"
#include "Timeline.h"

#include <future>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace heapline {

// Where a Go program's heap is told: its runtime maps it itself, where heaptrack and massif do not
// look. One wording for every message that sends a reader there.
inline constexpr const char* GoHeapProfileAdvice
    = "Go's own heap profile (runtime/pprof's WriteHeapProfile, or net/http/pprof's /debug/pprof/heap, read "
      "with go tool pprof)";

enum class TimeUnit {
    Milliseconds,
    Seconds,
    Instructions,
    Bytes,
};

// Short name as the formats spell it ("ms", "s", "i", "B").
const char* timeUnitName(TimeUnit unit);
// How many seconds one unit is; 0 when the axis is not time (instructions, bytes).
double secondsPerUnit(TimeUnit unit);

struct ProfileInfo {
    std::string format; // "heaptrack" | "massif" | "heapline"
    // A Heapline file converted from another format: that format ("heaptrack", "massif"). What
    // the first screen says of a recording (who else is in its RSS, whether its end is an exit or
    // massif's last snapshot) is the recording's, whatever file it was saved to since.
    std::string origin;
    const std::string& recordedFormat() const { return origin.empty() ? format : origin; }
    std::string formatVersion;
    std::string producer; // e.g. "heaptrack 1.4.0"
    std::string command;
    std::string description; // what the profiler was told (massif's desc: lines)
    std::string sourcePath;
    TimeUnit timeUnit = TimeUnit::Milliseconds;
    // Whether the file counts live blocks: massif gives bytes only (its snapshots list no block
    // counts), and "16.0 MB in 0 blocks" was told of it.
    bool blocksCounted = true;
    // Whether the file says how high the heap rose between checkpoints (heaptrack's events do; a
    // massif file or an older Heapline recording knows only its snapshots).
    bool intervalHighs = true;
    // Leak suppression patterns the recording carries (heaptrack copies a program's
    // __lsan_default_suppressions into its file as "S leak:PATTERN" lines).
    std::vector<std::string> embeddedSuppressions;
    // A sampled recording (the Python recorder's native sampler): one allocation per this many
    // bytes allocated, on average, was kept, and the heap's figures are estimates scaled back from
    // them. 0: every block was recorded.
    int64_t sampleIntervalBytes = 0;
    // massif: a detailed snapshot lists only the entries that stand at this share of its total
    // (heap, extra heap, stacks) or above (--threshold, 1% by default); the rest are summed under
    // "below massif's threshold". 0: every entry is listed.
    double listingThreshold = 0;
    // heaptrack: a malloc of its own the program loaded (libtcmalloc, libjemalloc, libmimalloc),
    // as the file names it. heaptrack 1.4 traces glibc's malloc only: what such an allocator hands
    // out is not in the recording.
    std::string replacementAllocator;
    // heaptrack: the program is Go's (its frames name Go's runtime: runtime.rt0_go, x_cgo_init).
    // Its runtime maps its own heap, unseen, and ends the process without the C library's exit
    // handlers, where heaptrack writes its closing timestamp.
    bool goRuntime = false;
    // heaptrack: the files of the modules its frames run in (the executable and its libraries),
    // with their size on disk where they are on this machine and no newer than the recording,
    // largest first. heaptrack's RSS counts their pages as the program first runs their code.
    struct ModuleFile {
        std::string path;
        int64_t bytes = 0;
    };
    std::vector<ModuleFile> moduleFiles;
};

// Whole-run figures. std::nullopt where the format does not carry the figure.
struct ProfileTotals {
    std::optional<int64_t> allocations;
    std::optional<int64_t> temporaryAllocations;
    std::optional<int64_t> frees;
    int64_t peakHeapBytes = 0;
    double peakTime = 0;
    std::optional<int64_t> peakRssBytes;
    int64_t leakedBytes = 0;
    double duration = 0;
    // Formats that sample the heap (massif, Heapline): how many samples the file holds.
    std::optional<int64_t> snapshots;
};

// Rows of diff(A, B) per callsite: state at both checkpoints and the activity in (A, B].
struct CallsiteDiff {
    CallsiteId callsite;
    LiveState atA;
    LiveState atB;
    CallsiteDelta activity; // bytes/blocks = atB - atA; allocations, allocated bytes and frees in (A, B]
};

class SuppressedCallsites;

// An immutable profile, produced by ProfileBuilder and shared between threads as
// std::shared_ptr<const Profile>.
class Profile {
public:
    const ProfileInfo& info() const { return m_info; }
    const ProfileTotals& totals() const { return m_totals; }
    const std::vector<std::string>& warnings() const { return m_warnings; }
    // True when the recording ends early (cut stream, killed process): the data is a prefix.
    bool truncated() const { return m_truncated; }
    // Whether live blocks, and single allocations and frees, are counted: where not (massif), a
    // column of them is zeros that mean nothing, and is not shown.
    bool countsBlocks() const { return m_info.blocksCounted; }
    bool countsAllocations() const { return m_totals.allocations.has_value(); }

    const StringTable& strings() const { return m_strings; }
    const FrameTable& frames() const { return m_frames; }
    const StackTree& stacks() const { return m_stacks; }
    std::string_view string(StringId id) const { return m_strings.view(id); }

    size_t callsiteCount() const { return m_callsiteNodes.size(); }
    NodeId callsiteNode(CallsiteId c) const { return m_callsiteNodes[c.value]; }
    // The allocated type where the format gives it or analysis inferred it; 0 = untyped.
    StringId callsiteType(CallsiteId c) const { return c.value < m_callsiteTypes.size() ? m_callsiteTypes[c.value] : StringId {}; }
    // A census row (Heapline's own format: objects and bytes of one type, counted by the garbage
    // collector) rather than traced allocations. Census rows are the "type" grouping of such a
    // profile and stay out of every other grouping and out of the heap totals, which they would
    // count a second time.
    bool isCensus(CallsiteId c) const { return c.value < m_census.size() && m_census[c.value]; }
    bool hasCensus() const { return !m_census.empty(); }
    // Frames from the allocation outward (leaf first).
    std::vector<FrameId> stackOf(CallsiteId c) const;

    const CheckpointStore& checkpoints() const { return m_checkpoints; }
    size_t checkpointCount() const { return m_checkpoints.size(); }
    // The instants a user can compare: every checkpoint but the empty start.
    size_t comparableCheckpoints() const { return m_checkpoints.size() - 1; }
    // The checkpoint holding the state at the heap peak, where there is one.
    std::optional<size_t> peakCheckpoint() const { return m_peakCheckpoint; }
    const Timeline& timeline() const { return m_timeline; }

    // Live bytes and blocks of every callsite at checkpoint k (dense, indexed by callsite).
    std::vector<LiveState> liveAt(size_t k) const { return m_checkpoints.liveAt(k, callsiteCount()); }
    LiveState live(CallsiteId c, size_t k) const { return m_checkpoints.liveAt(k, c); }
    // Every callsite whose state or activity is non-zero between checkpoints a ≤ b.
    std::vector<CallsiteDiff> diff(size_t a, size_t b) const;

    size_t memoryBytes() const;

private:
    friend class ProfileBuilder;
    friend std::shared_ptr<const SuppressedCallsites> suppressedCallsites(const Profile&, const SuppressionSettings&);
    Profile() = default;

    ProfileInfo m_info;
    ProfileTotals m_totals;
    std::vector<std::string> m_warnings;
    bool m_truncated = false;
    StringTable m_strings;
    FrameTable m_frames;
    StackTree m_stacks;
    PodVector<NodeId> m_callsiteNodes;
    std::vector<StringId> m_callsiteTypes;
    std::vector<bool> m_census; // empty without a census
    CheckpointStore m_checkpoints;
    std::optional<size_t> m_peakCheckpoint;
    Timeline m_timeline;
    // The suppressed callsites made on another core while the load's last step ran, for these
    // settings (BuilderOptions::suppressions). Last: destroyed first, it waits for the thread that
    // reads the rest.
    std::optional<SuppressionSettings> m_suppressedAtLoadFor;
    std::shared_future<std::shared_ptr<const SuppressedCallsites>> m_suppressedAtLoad;
};

} // namespace heapline
