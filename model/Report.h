#pragma once

#include "Diff.h"
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

struct ReportOptions {
    std::shared_ptr<const Analysis> analysis; // the profile (the "after" one with a base)
    std::shared_ptr<const Analysis> base; // the "before" profile, or null
    std::string file;
    std::string baseFile;
    TimeSpec from; // in base when there is one
    TimeSpec to;
    Grouping grouping = Grouping::Function;
    size_t top = 20; // suspects; 0 for every row
    size_t typeRows = 30; // rows of the per-type table
    // The GUI's filter, as the user set it: rows whose key contains the text (case-insensitive)
    // and, when set, of that class. Empty and null for all rows.
    std::string filter;
    std::optional<GrowthClass> classFilter;
};

struct ReportFrame {
    std::string function;
    std::string file; // empty when unknown
    int line = 0; // 0 when unknown
    std::string module; // empty when unknown
};

// A callsite's frames, allocation first, as the report and `diff --json` show them.
std::vector<ReportFrame> stackFrames(const Analysis& analysis, CallsiteId callsite);

struct ReportRow {
    std::string key;
    DiffRow row;
    Growth growth;
    std::vector<int64_t> series; // bytes at each sample from A to B
};

struct ReportSuspect : ReportRow {
    size_t rank = 0; // 1-based, in the diff's ranking
    // The stack of the row's biggest growing callsite, allocation first, and how many
    // callsites the row holds (a function's row may gather many).
    std::vector<ReportFrame> stack;
    size_t callsites = 0;
};

struct ReportPoint {
    double time;
    int64_t low;
    int64_t high;
};

struct Report {
    std::string file;
    std::string baseFile;
    ProfileInfo info;
    ProfileTotals totals;
    std::vector<std::string> warnings;
    bool truncated = false;
    Grouping grouping = Grouping::Function;
    TimeSpec from;
    TimeSpec to;
    TimeUnit timeUnit = TimeUnit::Milliseconds;
    TimeUnit baseTimeUnit = TimeUnit::Milliseconds;
    std::string filter;
    std::optional<GrowthClass> classFilter;

    ReportRow total;
    std::optional<Growth> native;
    size_t rowCount = 0; // rows of the diff (after the filter)
    std::vector<ReportSuspect> suspects;
    std::vector<ReportRow> types; // the per-type table, in the same ranking
    std::vector<double> sampleTimes; // the series' times

    // Whether the format counts single allocations (heaptrack); snapshot formats do not.
    bool countsEvents() const { return totals.allocations.has_value(); }

    // The whole run, for the timeline: heap and RSS envelopes, marks, the peak.
    std::vector<ReportPoint> heap;
    std::vector<ReportPoint> rss;
    std::vector<Mark> marks;
    double timeA = 0; // where A and B stand on this run's axis (A is at the start with a base)
    double timeB = 0;
};

// Gathers the report. Time: one diff per grouping asked for, plus a diff by callsite for the
// suspects' stacks.
Report buildReport(const ReportOptions& options);

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
