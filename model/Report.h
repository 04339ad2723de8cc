#pragma once

#include "Comparison.h"
#include "KeptObjects.h"
#include "Series.h"
#include "SummaryLists.h"
#include "TimeSpec.h"

#include <optional>
#include <string>
#include <vector>

namespace heapline {

// The leak report: everything a reader needs to act on a diff, gathered once and written as
// HTML, Markdown, JSON or CSV by the same data (ReportWriters.h). No widgets: the CLI and the
// GUI both build one.

enum class ReportFormat { Html, Markdown, Json, Csv };
const char* reportFormatName(ReportFormat format); // "html", "md", "json", "csv"
std::optional<ReportFormat> parseReportFormat(std::string_view name); // also "markdown"
// By a file name's suffix (.html/.htm, .md/.markdown, .json, .csv).
std::optional<ReportFormat> reportFormatForPath(std::string_view path);

// The JSON schema's version: bumped when a key changes meaning or goes away.
constexpr int ReportSchemaVersion = 1;

// What the report adds to a comparison: the files' names as the reader knows them and how many
// rows to list. A, B, the grouping and the filter are the comparison's.
struct ReportOptions {
    std::string file;
    std::string baseFile;
    size_t top = 20; // suspects; 0 for every row
    size_t typeRows = 30; // rows of the per-type table
};

struct ReportRow {
    std::string key;
    DiffRow row;
    Growth growth;
    std::vector<int64_t> series; // bytes at each sample from A to B
    std::vector<int64_t> highs; // the highest in the interval ending at each sample (≥ series)
    // What a sparkline draws: a massif row spiky between its detailed snapshots as it was read
    // there (DiffResult::everySnapshotSeries), every other row at the samples (`sampleTimes`, the
    // report's). The JSON's series stays at the samples.
    std::optional<TimedSeries> everySnapshot;
    // Where it replaces blocks another row made, or another replaces its own (replacementText):
    // what its hint says instead of its class's.
    std::string replacement;
    // Said after the hint: a plateau held only while the program idled (heldOnlyWhileIdle), a
    // block another row grew and handed over (handOverText).
    std::string note;
    // What its hint says: that, or its class's (classHintText), and the note.
    std::string hint(const ProfileInfo& info) const;
    const std::vector<int64_t>& drawnSeries() const { return everySnapshot ? everySnapshot->levels : series; }
    const std::vector<int64_t>& drawnHighs() const { return everySnapshot ? everySnapshot->levels : highs; }
    const std::vector<double>& drawnTimes(const std::vector<double>& sampleTimes) const
    {
        return everySnapshot ? everySnapshot->times : sampleTimes;
    }
};

struct ReportSuspect : ReportRow {
    size_t rank = 0; // 1-based, in the diff's ranking
    // The stack of the row's representative callsite (Comparison::representativeCallsite),
    // allocation first, and how many callsites the row holds (a function's row may gather many).
    std::vector<StackFrame> stack;
    size_t callsites = 0;
    // The lines that kept most of its growth when its own shape is another story (keptWithin).
    std::vector<KeptLine> keptWithin;
    // Grown only as libraries were loaded (madeAtLoad): told, never a reason to fail a budget.
    bool madeAtLoad = false;
    // Held by threads still running, glibc's storage for their thread-local variables, and not
    // grown leak-like (heldByThreads): told, never a reason to fail a budget.
    bool heldByThreads = false;
    // Only memory CPython reused for objects the recorder could not name (reusedByCPython): told.
    bool reusedByCPython = false;
};

// The suspects of a report, each made when it is read. A report of every row (--top 0) of a
// profile of 100 000 callsites, each row with its stack, runs to a gigabyte: it is written as it
// is made (ReportSink), never held whole, so its suspects are not held either. A form that lists
// them twice (a table, then a section each) makes each twice: the price of not holding them.
class ReportSuspects {
public:
    ReportSuspects() = default;
    ReportSuspects(ComparisonPtr comparison, std::vector<size_t> rows);
    size_t size() const { return m_rows.size(); }
    bool empty() const { return m_rows.empty(); }
    // The i-th suspect in the ranking, whole.
    ReportSuspect operator[](size_t i) const { return make(i, true); }
    // Without the stack, its callsites and the kept lines: what a table of suspects and a budget
    // read.
    ReportSuspect brief(size_t i) const { return make(i, false); }
    // The i-th suspect's diff row, and whether it grew only as libraries were loaded.
    const DiffRow& row(size_t i) const;
    bool madeAtLoad(size_t i) const;
    bool heldByThreads(size_t i) const;
    // Whether it grew by replacing blocks another row made (DiffResult::replacements).
    bool replacing(size_t i) const;

private:
    ReportSuspect make(size_t i, bool whole) const;
    // Whether the i-th suspect's group of the analysis is set in a vector by group (groupsMadeAtLoad …).
    bool flaggedGroup(size_t i, const std::vector<bool>& byGroup) const;

    ComparisonPtr m_comparison;
    std::vector<size_t> m_rows; // indices in the diff's rows, ranked
    std::vector<bool> m_madeAtLoad; // by group of the analysis (groupsMadeAtLoad)
    std::vector<bool> m_madeForThreads; // by group of the analysis (groupsMadeForThreads)
    std::vector<bool> m_reusedByCPython; // by group of the analysis (groupsReusedByCPython)
};

// How many points the report's heap and RSS lines hold at most (the HTML chart is 900 px wide).
inline constexpr size_t ReportTimelineBuckets = 400;

// A point of the heap or RSS line: the series' own (value at its end, low and high in its interval).
using ReportPoint = SeriesPoint;

// Leak suppressions of a comparison: the rules, what each covers at the end of the run, and what
// the suppressed callsites did between A and B (none without a match).
struct SuppressionSummary {
    struct Use {
        Suppression rule;
        SuppressedCallsites::Use atEnd;
    };
    std::vector<Use> rules;
    size_t callsites = 0;
    int64_t leakedBytes = 0; // of the profile's leaked bytes
    std::optional<DiffRow> betweenAandB;
    std::string sentence; // suppressionText()
};
SuppressionSummary summarizeSuppressions(const Comparison& comparison);

struct Report {
    std::string file;
    std::string baseFile;
    ProfileInfo info;
    ProfileTotals totals;
    std::vector<std::string> warnings;
    bool truncated = false;
    bool runTruncated = false; // this run's own recording has no end (not the base's)
    Grouping grouping = Grouping::Function;
    TimeSpec from;
    TimeSpec to;
    TimeUnit timeUnit = TimeUnit::Milliseconds;
    TimeUnit baseTimeUnit = TimeUnit::Milliseconds;
    std::string filter;
    std::optional<GrowthClass> classFilter;

    ReportRow total;
    std::string totalHint; // the hint of the total's class (DiffResult::shapedTotal)
    std::optional<Growth> native;
    std::optional<RetainedMemory> retained;
    std::optional<UntouchedMemory> untouched;
    KeptObjects kept; // objects kept, told from the census or the callsites' types
    // The Summary's notes: growth only at load, a leak beneath a level, where the top suspect's
    // stack comes from or what made its blocks (growerStackNote). Each a sentence or more.
    std::vector<std::string> notes;
    bool grewAllAtLoad = false; // the notes say so; the heap's class has no hint of its own
    std::string noBreakdown; // noBreakdownNote(): nothing to compare, the totals only
    std::string fewTrees; // fewTreesNote(): massif's classes from few trees
    std::vector<NativeHolder> nativeHolders; // beside native growth, what grew in number (findNativeHolders)
    size_t rowCount = 0; // rows of the diff (after the filter)
    ReportSuspects suspects;
    std::vector<ReportRow> types; // the per-type table, in the same ranking
    std::vector<double> sampleTimes; // the series' times

    SuppressionSummary suppressions;

    // Whether the format counts single allocations (heaptrack); snapshot formats do not.
    bool countsEvents() const { return totals.allocations.has_value(); }
    bool countsBlocks() const { return info.blocksCounted; }
    // "16.0 MB in 1,200 blocks", or "16.0 MB" where blocks are not counted (massif).
    std::string heapText(const LiveState& state) const;
    // A row's Δ blocks, or "—" where they are not counted.
    std::string deltaBlocksText(const DiffRow& row) const;

    // The whole run, for the timeline: heap and RSS envelopes, marks, the peak.
    std::vector<ReportPoint> heap;
    std::vector<ReportPoint> rss;
    std::vector<Mark> marks;
    double timeA = 0; // where A and B stand on this run's axis (A is at the start with a base)
    double timeB = 0;
};

// Gathers the report of a comparison: its rows, as filtered, and a diff by type for the per-type
// table when the comparison is not by type already.
// The comparison stays alive with the report: its suspects are made from it as they are written.
Report buildReport(const ComparisonPtr& comparison, const ReportOptions& options);

// --fail-on-growth: "50MB", "1.5GiB", "4096" (bytes) or "10%" (of the heap at A).
struct GrowthBudget {
    std::optional<int64_t> bytes;
    std::optional<double> percent;
};
std::optional<GrowthBudget> parseGrowthBudget(std::string_view text, std::string& error);
// --fail-on-class: "linear,stepwise".
std::optional<std::vector<GrowthClass>> parseClassList(std::string_view text, std::string& error);

// The first budget the report breaks, as one line ("heap grew by +57.3 MB between A and B, over
// the budget of 50 MB"), or nothing when it stays within every budget.
std::optional<std::string> brokenBudget(const Report& report, const std::optional<GrowthBudget>& growth,
                                        const std::vector<GrowthClass>& classes);

} // namespace heapline
