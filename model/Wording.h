#pragma once

#include "Diff.h"
#include "Suppressions.h"
#include "TimeSpec.h"

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace heapline {

// Every sentence Heapline says about a profile or a comparison, in one place: the GUI, the CLI
// and the reports phrase the same facts with these, so that they cannot disagree. Plain UTF-8
// text; each consumer escapes it for its medium (HTML, Markdown, a terminal).

// The evidence of a class as label/value pairs ("slope", "+1.2 MB/s").
std::vector<std::pair<std::string, std::string>> evidenceFacts(const Growth& growth, TimeUnit unit);

// "RSS grew by 9.99 MB while the traced heap rose at most 4.10 kB above A" (no full stop).
std::string nativeFinding(const Growth& native);

// "The heap went from 1.2 MB to 18.8 MB (+17.6 MB)" (no full stop).
std::string heapChangeText(const DiffRow& total);
// "It grows by 1.20 MB a second (R² 0.99)." for a steady climb in a timed profile; empty otherwise.
std::string growthRateText(const DiffRow& total, const Growth& growth);
// The slope over the window's last third where it is at least a quarter faster than the whole
// window's, or at most half of it.
std::optional<double> notableLateSlope(const GrowthEvidence& evidence);

// "Up to its last interval it climbed; then 5.79 MB was freed at once: the class is the climb's."
// for a class one instant decided (GrowthEvidence::finalFall); empty otherwise.
std::string finalFallText(const Growth& growth);
// The heap's class read without what the libraries' initialisation made
// (GrowthEvidence::setAsideAtLoad): "The class is the shape of the rest of the heap: +72.7 kB of
// it was allocated as the program's libraries were loaded, …"; empty otherwise.
std::string setAsideAtLoadText(const Growth& growth);
inline constexpr const char* setAsideAtLoadWords
    = "allocated as the program's libraries were loaded, left out of the shape";
// A row's allocation counts: made in (A, B]; with a base file (`betweenRuns`), this run's up to
// B less the base run's up to A, which is 0 where both runs made as many, not "none made".
std::string allocationCountsText(const DiffRow& row, bool betweenRuns);
// For a spiky row whose lows rose by a tenth of how far it rose or more (a leak under batches, or
// more batches held at once): "its lows rose by 2.61 MB by 109.46 M instr: what its batches left
// behind, or more of them held at once" (the time of the window's last part's low); empty otherwise.
std::string floorRiseText(const Growth& growth, int64_t riseBytes, TimeUnit unit);
// A spiky row that rose once and has since fallen a little at a time, over many intervals and
// from early on (a load whose entries expire: expire.cpp's sessions), not in batches nor in a
// teardown at the end; and how the Summary says so beside its class.
bool drainedSinceHighest(const DiffRow& row, const Growth* growth);
std::string drainedShortText(const Growth& growth);
// For a row of a sampled profile whose growth rests on too few samples to tell its shape
// (GrowthThresholds::minSamplesForLeak): "from about 4 samples: too few to tell a leak" (linear,
// stepwise: not marked leak-like), "… too few to tell its shape" (other classes); empty otherwise.
std::string fewSamplesText(const DiffRow& row, const ProfileInfo& info, const GrowthThresholds& th = {});
// Where the heap's own growth between A and B, kept at B, rests on too few samples (fewSamplesText
// of the total): how to record it finely enough to tell, "Record again with a finer sample to tell:
// heapline-cli record --sample-interval 65536 (about 65 samples of this growth), or --exact.";
// empty otherwise. Empty too beside native growth ten times the heap's (`native`, the comparison's):
// RSS is the story there (sqlconns.py: 1,500 sqlite3 connections, RSS +143 MB beside 2.66 MB of
// heap, read first "record again with a finer sample" for the 2.66 MB).
std::string finerSamplingText(const DiffRow& total, const ProfileInfo& info, const std::optional<Growth>& native,
    const GrowthThresholds& th = {});
// A massif row unlisted at B (DiffRow::underThreshold): "Under massif's threshold at B (1% of the
// snapshot's memory): …" (a full sentence).
std::string underThresholdText(const ProfileInfo& info);
// The row's class hint (growthHint), or, where its shape rests on too few samples, that sentence
// instead ("From about 1 sample: too few to tell its shape."): a hint would read more into it.
// With the row's growth, a spiky row that rose once and fell back is told as one batch (an
// indexer that built its postings for 85% of its run and flushed them read "builds batches and
// frees them").
std::string classHintText(const DiffRow& row, const ProfileInfo& info, const Growth* growth = nullptr);
// Where the window holds no time (GrowthEvidence::timeless): in place of the class's hint.
std::string timelessText();
// A leak-like row that is one block (two at most), made larger step after step: one buffer,
// array or table that keeps all it is given, copied larger as it goes. npgrow.py's history, a
// numpy array that np.append copied at each batch to 16 MB, read "keeps every item it is given:
// bound the list or cache", no list in sight, and nothing said of the copies that took it to
// twice its size on the way. Where allocations are counted, a few such blocks too (up to 32, the
// metrics' vectors of vecgrow.cpp). Empty otherwise (and without `growth`). classHintText gives
// it for such a row; the Summary and the diff for their top suspect, under the whole heap's hint.
std::string grownByCopiesText(const DiffRow& row, const Growth* growth);
// What to do about native growth, for the profiler that recorded it: heaptrack traces malloc and
// its kin, not the pages a program maps itself (a C program's own store read "look at C
// extensions"); a Python recording's is growthHint(Native).
std::string nativeHintText(const ProfileInfo& info, const Growth& native);
// The same, or where the row replaces blocks another made or is replaced (DiffResult::
// replacements), that, which tells more than its shape.
std::string rowHintText(const DiffResult& diff, const DiffRow& row, const ProfileInfo& info);
std::string replacementText(const DiffResult& diff, const DiffRow& row); // empty when none

// "before teardown at 10.13 s; the program freed 18.7 MB as it exited" (no full stop).
std::string teardownReason(const Teardown& teardown, TimeUnit unit);
// B at the last checkpoint, where `snapshotsAfter` snapshots of totals only follow it (massif's
// after its last detailed one), the last of them `last`.
std::string beyondLastCheckpointReason(
    double lastCheckpoint, size_t snapshotsAfter, const SeriesPoint& last, TimeUnit unit);
// "retained by the allocator after frees: 9.9 MB (the traced heap rose by 18.8 MB and fell back
// to +4 kB while RSS grew by 10 MB); malloc_trim or a different allocator returns it" (no stop).
std::string retainedFinding(const RetainedMemory& retained);
std::string untouchedFinding(const UntouchedMemory& untouched);

// The sentence with its first letter in upper case (ASCII), to start a paragraph.
std::string capitalized(std::string sentence);

// A whole-run figure, or "—" where the format does not record it.
std::string figureOrDash(const std::optional<int64_t>& value, bool bytes);

// One card of a profile's summary: the GUI shows each as a card, the CLI's summary as a line.
struct SummaryFact {
    std::string caption; // "Peak heap"
    std::string value; // "18.8 MB"
    std::string detail; // "at 10.13 s"
    std::string tooltip; // "18,812,345 bytes live at the highest point"
};
std::vector<SummaryFact> summaryFacts(const Profile& profile);
// What the file's last state is, in words. heaptrack and the recorder write the heap as the
// program exits; massif writes only the snapshots it took while the program ran, none at its exit,
// so its last one may come before frees the file never saw (a batch let go, a cache cleared) and
// what it holds is not what leaked.
struct EndStateWords {
    std::string label; // a short one, for the CLI's column: "Leaked" | "Last heap"
    std::string caption; // "Leaked at end" | "Live at last snapshot"
    std::string detail; // under the figure: "still live when the recording ended"
    std::string phrase; // after the figure in a sentence: "live at the end"
    std::string caveat; // what the figure is not, where it needs saying (a sentence, no full stop)
};
// The thread stacks massif measured (--stacks=yes) from A to B, which no heap figure or row
// holds: "Stacks (massif --stacks=yes): 0 B at A, 529 kB at B, at most 560 kB between them; …".
// Empty where the file has none.
std::string stacksText(const Timeline& timeline, double timeA, double timeB, TimeUnit unit);
// `truncated`: the recording has no end (the process was killed): what was live is no leak.
EndStateWords endStateWords(const ProfileInfo& info, double lastTime, bool truncated);
// A format that snapshots knows a high between two snapshots, not its instant: the interval
// whose high is the heap's peak, when the peak was not at a snapshot.
struct PeakInterval {
    double from;
    double to;
    bool dipped; // the heap also fell below both ends in it (a batch freed and built again)
    bool heldAtEnd = false; // the heap still stood at the peak at the interval's end
    // Timed at the interval's start (heaptrack's clock ticks): told "at" that tick, which is as
    // near as the recording's clock can say, but drawn inside the interval, on the heap's line.
    bool timedAtStart = false;
};
std::optional<PeakInterval> peakInterval(const Profile& profile);
// When the heap peaked: "at 4.2 s", or "between 0.5 s and 1.0 s" (peakInterval).
std::string peakWhen(const Profile& profile);
// "sampled, estimates (one allocation per 512 KiB allocated on average)" for a sampled recording,
// empty for one that recorded every block.
std::string samplingText(const ProfileInfo& info);
// For a sampled Python recording whose sampler could not follow objects CPython recycles through
// its free lists (CPython before 3.13, or a recorder before 1.2): what that means for its
// callsites, in a phrase; empty otherwise. samplingText ends with it.
std::string recycledObjectsCaveat(const ProfileInfo& info);

// "2.08 kB of it suppressed: 17 callsites matched 3 of 10 rules" for the bytes the suppressed
// callsites hold (no full stop); "no suppression matched (10 rules)" when none did.
std::string suppressionText(const std::vector<SuppressedCallsites::Use>& uses, size_t callsites);

} // namespace heapline
