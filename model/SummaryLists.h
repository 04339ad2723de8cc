#pragma once

#include "Comparison.h"
#include "GrowerStackNote.h"

#include <optional>
#include <string>
#include <vector>

namespace heapline {

// heaptrack's summary lists in the A/B frame, in the comparison's grouping: what was live at the
// heap's highest point in [A, B], and what allocated most often and most temporarily in (A, B].
struct SummaryLists {
    struct Entry {
        std::string key; // a row of the comparison's diff
        std::string label; // the same short, for a list (Comparison::shortKey)
        int64_t value = 0; // bytes at the peak, allocations, temporary allocations
        int64_t bytes = 0; // allocated bytes (allocation lists); 0 for the peak list
    };
    size_t peakCheckpoint = 0; // the checkpoint in [A, B] with the most live bytes
    double peakTime = 0;
    int64_t peakBytes = 0;
    // The run's peak, where it came in [A, B] between two checkpoints and above every one of
    // them (a sampled recording's high between snapshots): who held it is not recorded, and the
    // peak list is of the highest checkpoint instead.
    std::optional<int64_t> peakBetweenCheckpoints;
    std::vector<Entry> peak;
    std::vector<Entry> allocations;
    std::vector<Entry> temporary;
    bool countsEvents = false; // the format records single allocations (heaptrack)
    // Which callsites allocated temporarily is known (a heaptrack file; not a Heapline file
    // converted from one, which keeps only the total).
    bool temporaryByCallsite = false;
};

SummaryLists summaryLists(const Comparison& comparison, size_t top = 5);

// The rows the first screen names (the Summary's suspects, the timeline's stacked rows).
// Growers: rows that grew, largest first, down to a hundredth of the first and not negligible
// beside what the whole heap did (negligibleGrowth). Risers: rows that rose and fell back, by how
// far they rose, where that dwarfs every grower's growth (a batch is the story of a window where
// nothing else grew), and not negligible either.
// Rows that grew only as libraries were loaded (madeAtLoad), only in memory CPython reused for
// objects the recorder could not name (reusedByCPython), or only by replacing blocks another row
// made (DiffResult::replacements), are neither: they are told apart.
struct FirstScreenRows {
    std::vector<const DiffRow*> growers;
    std::vector<const DiffRow*> risers;
    std::vector<const DiffRow*> atLoad;
    std::vector<const DiffRow*> threads; // held by running threads (heldByThreads)
    std::vector<const DiffRow*> reused;
    std::vector<const DiffRow*> replacing; // growers that replace blocks another row made
};
FirstScreenRows firstScreenRows(const Comparison& comparison, size_t topGrowers = 5, size_t topRisers = 3);

// Where the heap grew only in rows made as libraries loaded (the C++ runtime's pool for exceptions
// in a program that freed everything else: "+72.7 kB: plateau. Rises, then holds: a bounded
// cache") and nothing of the program's own grew, says so; empty otherwise.
std::string grewOnlyAtLoadText(const Comparison& comparison, const FirstScreenRows& rows);
// Whether the heap's growth was at load (that text, with no grower marked leak-like beside) and its class
// reads as a leak's: that class then has no hint of its own to give ("linear: keeps every item it
// is given: bound the list or cache" of a script that imports numpy). A spiky heap's batches, or
// a plateau's warm-up, keep theirs.
bool grewAllAtLoad(const Comparison& comparison, const FirstScreenRows& rows);

// A heap that holds a level from A to B (plateau) while suspects under it climb, leak-like: a
// 48 MB cache warmed at start-up beside a leak of 4 MB over the run read "plateau: rises, then
// holds", the leak second in the list. "Beneath that level, make_context climbs: +4.00 MB,
// linear (leak-like)"; empty otherwise. Only rows the tables mark leak-like ('!'), of enough
// samples to tell a shape, of 2% of the heap's growth or more, and risen by a tenth of it by the
// window's middle.
std::string climbingUnderLevelText(const Comparison& comparison, const FirstScreenRows& rows);

// Whether every callsite of the row that did anything between A and B allocated while the dynamic
// loader ran a library's initialisation (glibc's _dl_init: its static constructors), with no frame
// of the program's own: the C++ runtime's emergency pool for exceptions (72.7 kB, "?? in
// libstdc++.so.6" without its debug information) is made so in every C and C++ program heaptrack
// or massif records. It is made once and never grows; beside a heap that does nothing else it
// read as the top suspect. Or, in a Python recording, while Python imported a library (its
// import machinery between the allocation and the program's import statement).
bool madeAtLoad(const Comparison& comparison, const DiffRow& row);
// The same for every group of the comparison's grouping at once (by the analysis's group index,
// DiffResult::analysisGroup): one pass over the callsites, for a report of every row.
std::vector<bool> groupsMadeAtLoad(const Comparison& comparison);
// What such rows are, after "Left out, ".
inline constexpr const char* madeAtLoadNote
    = "allocated as the program's libraries were loaded, by their initialisation (the C++ runtime's pool for "
      "exceptions, a Python module's code as it is imported): no suspect";

// Whether every callsite of the row that did anything between A and B is glibc's storage for a
// thread's thread-local variables (made by pthread_create, or at a thread's first use of a
// library's), and the row did not grow leak-like: threads kept running, a pool's or a runtime's
// (a Go program's five threads, 1.68 kB in glibc's allocate_dtv, read as its only suspect). A row
// that grows so step after step is threads started and never ended, and stays a suspect.
bool heldByThreads(const Comparison& comparison, const DiffRow& row);
// Its figures' part of that: grown, and not leak-like (the callsites' part: groupsMadeForThreads).
bool mayBeHeldByThreads(const DiffRow& row);
// Whether every callsite of each group of the comparison's grouping that did anything is such
// storage (by the analysis's group index), whatever the group's class.
std::vector<bool> groupsMadeForThreads(const Comparison& comparison);
// What such rows are, after "Left out, ".
inline constexpr const char* heldByThreadsNote
    = "held by threads still running: glibc's storage for each thread's thread-local variables, made as the "
      "thread starts and freed as it ends (joined, or detached and returned): no suspect";

// What replacing rows are, after "Left out, ".
inline constexpr const char* replacingNote
    = "grown only by replacing blocks another row made, the two holding steady together (the Diff tab says which)";

// Whether every callsite of the row that did anything between A and B is the Python recorder's
// for sampled blocks CPython took back from its free lists for objects it could not name (before
// CPython 3.13, heapline_freelists.c): growth that is some other row's, not a suspect of its own.
bool reusedByCPython(const Comparison& comparison, const DiffRow& row);
// The same for every group of the comparison's grouping at once, as groupsMadeAtLoad.
std::vector<bool> groupsReusedByCPython(const Comparison& comparison);
// That callsite's one frame's file, as the recorder writes it.
inline constexpr const char* reusedByCPythonFile = "<CPython free list>";
// What such rows are, after "Left out, ".
inline constexpr const char* reusedByCPythonNote
    = "grown in floats, lists, tuples and dicts CPython made from the memory of dropped ones, whose owners a sampled "
      "recording under CPython before 3.13 cannot name (under 3.13 they are named)";

// The top suspect's blocks made larger step after step (grownByCopiesText), where the heap's own
// line does not say it already (the whole heap that one block: an array appended to). Empty
// otherwise.
std::string topGrownByCopiesText(const Comparison& comparison, const DiffRow& top);

// A profile with nothing to compare (massif snapshots none of which is detailed: the heap's total
// at each, no tree) read "0 B to 0 B: flat, nothing grew" beside a timeline that climbed. What it
// does record, and that it cannot say where; empty where there is a checkpoint past the start.
std::string noBreakdownNote(const Profile& profile);

// massif writes the heap's tree at every tenth snapshot (and the peak): a program with few
// allocations gets a handful of snapshots, and a window of two or three trees, beside a dozen
// totals, gives every row a class from those two or three (a journal buffer doubling 13 times read
// "linear, R² 1.00" from three points). How many, and how to record each snapshot's tree; empty
// where the window holds enough trees, or the format is not massif.
std::string fewTreesNote(const Comparison& comparison);

// Within a row of a grouping coarser than the callsite (a function, file, module or type) whose
// shape tells another story than what it kept — a batch beside a leak in one function (everything
// inlined into main) — the lines (a callsite's frame) that kept a twentieth of what the heap rose
// by and: at least half of what the row grew by, where the row rose far above that; or, where B
// caught a batch alive (the row stood at most half as high at the heap's lowest in the window's
// later half), half of what the line grew by at that low as well. Empty when the row is leak-like
// itself, did not grow, is one line, or with two files.
struct KeptLine {
    std::string label; // "function (file:line)"
    std::string key; // its row's key by line ("file:line"), or by callsite where no line is known
    int64_t bytes = 0; // Δbytes between A and B
    Grouping grouping = Grouping::Line; // of `key`
};
std::vector<KeptLine> keptWithin(const Comparison& comparison, const DiffRow& row, size_t top = 2);
// What such a line means, after "Within it, +960 kB stayed at main (batch.cpp:17): ".
inline std::string keptWithinNote(const KeptLine& line)
{
    return std::string("a shape of its own under the row's, which the diff by ") + groupingName(line.grouping)
        + " shows";
}

} // namespace heapline
