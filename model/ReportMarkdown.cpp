// The report as Markdown for tickets and pull requests: the HTML's content, with tables and a
// fenced stack per suspect.

#include "ReportWriters.h"

#include "Units.h"

#include <algorithm>

namespace heapline {

namespace {

// Inside a table cell: nothing may end the cell, start markup, or be read as HTML.
std::string cell(std::string_view text)
{
    std::string out;
    for (char c : validUtf8(text)) {
        switch (c) {
        case '|':
            out += "\\|";
            break;
        case '\\':
        case '`':
        case '*':
        case '_':
        case '[':
        case ']':
            out += '\\';
            out += c;
            break;
        case '<':
            out += "&lt;";
            break;
        case '>':
            out += "&gt;";
            break;
        case '&':
            out += "&amp;";
            break;
        case '\n':
        case '\r':
            out += ' ';
            break;
        default:
            out += c;
        }
    }
    return out;
}

// A fence longer than any run of backticks inside, so that the block cannot be closed early.
std::string fence(const std::string& body)
{
    size_t longest = 0, run = 0;
    for (char c : body) {
        run = c == '`' ? run + 1 : 0;
        longest = std::max(longest, run);
    }
    return std::string(std::max<size_t>(3, longest + 1), '`');
}

std::string evidenceLine(const Growth& growth, TimeUnit unit)
{
    std::string out;
    for (const auto& [label, value] : evidenceFacts(growth, unit))
        out += (out.empty() ? "" : "; ") + label + " " + value;
    return cell(out);
}

std::string sparkText(
    const std::vector<int64_t>& series, const std::vector<int64_t>& highs, const std::vector<double>& times)
{
    // Unicode blocks: a trend that survives a plain-text ticket.
    static const char* const levels[] = { "▁", "▂", "▃", "▄", "▅", "▆", "▇", "█" };
    if (series.size() < 2)
        return {};
    const bool hasHighs = highs.size() == series.size();
    const size_t width = std::min<size_t>(series.size(), 16);
    const int64_t lo = *std::min_element(series.begin(), series.end());
    int64_t hi = *std::max_element(series.begin(), series.end());
    if (hasHighs)
        hi = std::max(hi, *std::max_element(highs.begin(), highs.end()));
    const double span = std::max<double>(1, static_cast<double>(hi - lo));
    std::string out;
    size_t k = 0; // the last sample at or before each column's instant
    for (size_t i = 0; i < width; ++i) {
        const double column = static_cast<double>(i) / static_cast<double>(width - 1);
        const size_t before = k;
        while (k + 1 < series.size() && alongTime(times, k + 1, series.size()) <= column + 1e-9)
            ++k;
        // The level by the column's instant, or, as the HTML's line (envelopeLine) draws it, the
        // highest the row stood since the last column where that is above both: a batch that
        // rose 1.4 MB and fell back between two columns drew a flat line. The last column is
        // where the row ends, at B.
        int64_t level = series[k];
        if (hasHighs && i + 1 < width) {
            int64_t highest = level;
            for (size_t j = before + 1; j <= k; ++j)
                highest = std::max(highest, highs[j]);
            if (highest > std::max(series[before], series[k]))
                level = highest;
        }
        out += levels[std::min<size_t>(7, static_cast<size_t>(7.999 * static_cast<double>(level - lo) / span))];
    }
    return out;
}

} // namespace

std::string reportMarkdown(const Report& r)
{
    return reportText(r, reportMarkdown);
}

void reportMarkdown(const Report& r, ReportSink& out)
{
    std::string m = "# Leak report: " + cell(r.file) + "\n\n";
    m += cell(reportRangeText(r)) + "\n\n";
    if (const std::string alert = reportAlertText(r); !alert.empty()) {
        m += "> **" + alert + "**\n";
        for (const auto& w : r.warnings)
            m += ">\n> - " + cell(w) + "\n";
        m += "\n";
    }

    m += "## The profile\n\n| | |\n|---|---|\n";
    if (!r.info.command.empty())
        m += "| Command | " + cell(r.info.command) + " |\n";
    m += "| Format | " + cell(r.info.format + (r.info.formatVersion.empty() ? "" : " " + r.info.formatVersion)) + " |\n";
    if (const std::string sampling = samplingText(r.info); !sampling.empty())
        m += "| Heap figures | " + cell(capitalized(sampling)) + " |\n";
    m += "| Duration | " + formatTime(r.totals.duration, r.timeUnit) + " |\n";
    m += "| Peak heap | " + formatBytes(r.totals.peakHeapBytes) + " at " + formatTime(r.totals.peakTime, r.timeUnit) + " |\n";
    m += "| Peak RSS | " + figureOrDash(r.totals.peakRssBytes, true) + " |\n";
    m += "| Allocations | " + figureOrDash(r.totals.allocations, false) + " |\n";
    m += "| Temporary allocations | " + figureOrDash(r.totals.temporaryAllocations, false) + " |\n";
    m += "| " + endStateWords(r.info, r.totals.duration, r.runTruncated).caption + " | "
        + formatBytes(r.totals.leakedBytes) + " |\n";
    m += "| Suppressed | " + cell(capitalized(r.suppressions.sentence)) + " |\n\n";

    const auto& t = r.total.row;
    m += "## Between A and B\n\n| | |\n|---|---|\n";
    m += "| Heap at A | " + r.heapText(t.atA) + " |\n";
    m += "| Heap at B | " + r.heapText(t.atB) + " |\n";
    m += "| Δ heap | **" + formatSignedBytes(t.deltaBytes()) + "**"
        + (r.countsBlocks() ? " (" + formatSignedCountOf(t.deltaBlocks(), "block", "blocks") + ")" : std::string())
        + " |\n";
    m += "| Rose by at most | " + formatBytes(t.riseBytes()) + " |\n";
    m += r.countsEvents() ? "| Allocations | " + cell(allocationCountsText(t, !r.baseFile.empty())) + " |\n"
                          : std::string("| Allocations | not counted by this format (it records snapshots) |\n");
    m += "| Growth | **" + std::string(growthClassName(t.cls)) + "**: " + evidenceLine(r.total.growth, r.timeUnit) + " |\n";
    if (r.native)
        m += "| Native growth | **native**: " + evidenceLine(*r.native, r.timeUnit) + " |\n";
    if (r.retained)
        m += "| Retained memory | " + cell(capitalized(retainedFinding(*r.retained))) + " |\n";
    if (r.untouched)
        m += "| Untouched memory | " + cell(untouchedFinding(*r.untouched)) + " |\n";
    for (const auto& kept : keptFindings(r.kept))
        m += "| " + kept.label + " | " + cell(kept.text) + " |\n";
    if (!r.grewAllAtLoad || !r.noBreakdown.empty())
        m += "\n> " + (r.noBreakdown.empty() ? r.totalHint : r.noBreakdown) + "\n\n";
    else
        m += "\n";
    if (const std::string finer = finerSamplingText(t, r.info, r.native); !finer.empty())
        m += "> " + finer + "\n\n";
    if (!r.fewTrees.empty())
        m += "> " + r.fewTrees + "\n\n";
    if (r.native)
        m += "> " + nativeHintText(r.info, *r.native) + "\n\n";
    if (const std::string holders = nativeHoldersText(r.nativeHolders); !holders.empty())
        m += "> " + holders + ".\n\n";
    for (const std::string& note : r.notes)
        m += "> " + note + "\n\n";

    m += "## Suspects\n\n" + formatCountOf(static_cast<int64_t>(r.rowCount), "row", "rows") + " by "
        + groupingName(r.grouping) + ", ranked by Δbytes; ! marks leak-like growth (linear, stepwise)"
        + (r.info.sampleIntervalBytes > 0 ? ", ? a shape from too few samples to tell" : "") + ".\n\n";
    m += "| # | " + std::string(groupingName(r.grouping)) + " | Δ bytes | Δ blocks | at B | class | trend |\n|--:|---|--:|--:|--:|---|---|\n";
    for (size_t i = 0; i < r.suspects.size() && out.good(); ++i) {
        const ReportSuspect s = r.suspects.brief(i);
        m += "| " + std::to_string(s.rank) + " | " + cell(s.key) + " | " + formatSignedBytes(s.row.deltaBytes()) + " | "
            + r.deltaBlocksText(s.row) + " | " + formatBytes(s.row.atB.bytes) + " | " + growthClassName(s.row.cls)
            + (s.row.leakLike                                ? " !"
                    : !fewSamplesText(s.row, r.info).empty() ? " ?"
                                                             : "")
            + " | " + sparkText(s.drawnSeries(), s.drawnHighs(), s.drawnTimes(r.sampleTimes)) + " |\n";
        out.take(m);
    }
    for (size_t i = 0; i < r.suspects.size() && out.good(); ++i) {
        const ReportSuspect s = r.suspects[i];
        m += "\n### #" + std::to_string(s.rank) + " " + cell(s.key) + "\n\n";
        m += "**" + std::string(growthClassName(s.row.cls)) + "**, " + formatSignedBytes(s.row.deltaBytes()) + " ("
            + formatBytes(s.row.atA.bytes) + " → " + formatBytes(s.row.atB.bytes) + ")"
            + (r.countsBlocks() ? ", " + formatSignedCountOf(s.row.deltaBlocks(), "block", "blocks") : std::string())
            + (r.countsEvents() ? "; " + allocationCountsText(s.row, !r.baseFile.empty()) : std::string()) + ". "
            + evidenceLine(s.growth, r.timeUnit) + ".\n\n> " + s.hint(r.info) + "\n";
        if (s.madeAtLoad)
            m += "\n" + capitalized(madeAtLoadNote) + ".\n";
        if (s.heldByThreads)
            m += "\n" + capitalized(heldByThreadsNote) + ".\n";
        if (s.reusedByCPython)
            m += "\n" + capitalized(reusedByCPythonNote) + ".\n";
        for (const auto& line : s.keptWithin)
            m += "\nWithin it, **" + formatSignedBytes(line.bytes) + "** stayed at " + cell(line.label) + ": "
                + keptWithinNote(line) + ".\n";
        if (!s.stack.empty()) {
            std::string body;
            for (const auto& f : s.stack) {
                body += validUtf8(f.function);
                if (!f.file.empty())
                    body += "  " + validUtf8(f.file) + (f.line ? ":" + std::to_string(f.line) : std::string());
                if (!f.module.empty())
                    body += "  in " + validUtf8(f.module);
                body += '\n';
            }
            const std::string marks = fence(body);
            m += "\nStack of its biggest grower" + (s.callsites > 1 ? " (of " + std::to_string(s.callsites) + " callsites)" : std::string())
                + ", allocation first:\n\n" + marks + "\n" + body + marks + "\n";
        }
        out.take(m);
    }

    if (!r.types.empty()) {
        m += "\n## By type\n\n| type | Δ bytes | Δ blocks | at A | at B | class | trend |\n|---|--:|--:|--:|--:|---|---|\n";
        for (const auto& row : r.types)
            m += "| " + cell(row.key) + " | " + formatSignedBytes(row.row.deltaBytes()) + " | "
                + r.deltaBlocksText(row.row) + " | " + formatBytes(row.row.atA.bytes) + " | "
                + formatBytes(row.row.atB.bytes) + " | " + growthClassName(row.row.cls) + " | "
                + sparkText(row.drawnSeries(), row.drawnHighs(), row.drawnTimes(r.sampleTimes)) + " |\n";
    }
    m += "\n*Made by Heapline from " + cell(r.file) + (r.baseFile.empty() ? "" : " and " + cell(r.baseFile)) + ".*\n";
    out.take(m, true);
}

} // namespace heapline
