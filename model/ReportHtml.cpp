// The report as one self-contained HTML page: inline CSS and SVG, no script, no font or image
// from anywhere else, so that it opens offline and prints with its tables.

#include "ReportWriters.h"

#include "Units.h"

#include <algorithm>
#include <cmath>

namespace heapline {

namespace {

std::string escape(std::string_view text)
{
    std::string valid = validUtf8(text);
    if (valid.find_first_of("&<>\"'") == std::string::npos)
        return valid;
    std::string out;
    out.reserve(valid.size() + 16);
    for (char c : valid) {
        switch (c) {
        case '&':
            out += "&amp;";
            break;
        case '<':
            out += "&lt;";
            break;
        case '>':
            out += "&gt;";
            break;
        case '"':
            out += "&quot;";
            break;
        case '\'':
            out += "&#39;";
            break;
        default:
            out += c;
        }
    }
    return out;
}

std::string fixed(double value, int decimals = 1)
{
    char text[48];
    std::snprintf(text, sizeof text, "%.*f", decimals, value);
    return text;
}

// Colours match the GUI's class badges.
const char* classColour(GrowthClass cls)
{
    switch (cls) {
    case GrowthClass::Linear:
        return "#c62828";
    case GrowthClass::Stepwise:
        return "#e65100";
    case GrowthClass::Spiky:
        return "#7b1fa2";
    case GrowthClass::Plateau:
        return "#1565c0";
    case GrowthClass::Shrinking:
        return "#2e7d32";
    case GrowthClass::Native:
        return "#6d4c41";
    case GrowthClass::Flat:
        break;
    }
    return "#616161";
}

std::string badge(GrowthClass cls, bool leakLike = false)
{
    return std::string("<span class=\"badge\" style=\"border-color:") + classColour(cls) + ";color:" + classColour(cls) + "\">"
        + growthClassName(cls) + (leakLike ? " !" : "") + "</span>";
}

// The values as a line, and how high each interval rose as a band above it: a batch built and freed
// between two samples shows as a spike, not as a flat line.
std::string sparkline(const std::vector<int64_t>& series, const std::vector<int64_t>& highs,
    const std::vector<double>& times, GrowthClass cls)
{
    constexpr double W = 120, H = 26;
    if (series.size() < 2)
        return {};
    const auto highAt = [&](size_t i) { return i < highs.size() ? std::max(highs[i], series[i]) : series[i]; };
    int64_t lo = series[0], hi = series[0];
    for (size_t i = 0; i < series.size(); ++i) {
        lo = std::min(lo, series[i]);
        hi = std::max(hi, highAt(i));
    }
    const double span = std::max<double>(1, static_cast<double>(hi - lo));
    const auto x = [&](size_t i) { return fixed(W * alongTime(times, i, series.size())); };
    const auto y = [&](int64_t v) { return fixed(H - 2 - (H - 4) * static_cast<double>(v - lo) / span); };
    std::string points, band = x(0) + "," + y(series[0]) + " ";
    bool rose = false;
    for (size_t i = 0; i < series.size(); ++i) {
        points += x(i) + "," + y(series[i]) + " ";
        if (i > 0)
            band += x(i) + "," + y(highAt(i)) + " ";
        rose = rose || highAt(i) > series[i];
    }
    for (size_t i = series.size(); i-- > 0;)
        band += x(i) + "," + y(series[i]) + " ";
    const std::string colour(classColour(cls));
    std::string svg = "<svg class=\"spark\" width=\"120\" height=\"26\" viewBox=\"0 0 120 26\" role=\"img\" aria-label=\"trend\">";
    if (rose)
        svg += "<polygon fill=\"" + colour + "\" fill-opacity=\"0.3\" stroke=\"none\" points=\"" + band + "\"/>";
    return svg + "<polyline fill=\"none\" stroke=\"" + colour + "\" stroke-width=\"1.5\" points=\"" + points + "\"/></svg>";
}

std::string timelineSvg(const Report& r)
{
    if (r.heap.empty())
        return "<p class=\"muted\">This profile has no timeline.</p>";
    constexpr double W = 900, H = 240, left = 64, right = 16, top = 18, bottom = 30;
    const double t0 = r.heap.front().time;
    double t1 = r.heap.back().time;
    for (const auto& p : r.rss)
        t1 = std::max(t1, p.time);
    t1 = std::max(t1, r.timeB);
    // A profile of one instant (one snapshot, or every point at one time) gets one tick, at it: a
    // span of 1e-9 at 11.86 M instr had ticks too small to move t, and the loop never ended.
    const bool oneInstant = !(t1 > t0);
    if (oneInstant)
        t1 = t0 + std::max(1.0, std::abs(t0)) * 1e-6;
    int64_t highest = 1;
    for (const auto* points : { &r.heap, &r.rss })
        for (const auto& p : *points)
            highest = std::max(highest, p.max);
    const auto x = [&](double t) { return left + (W - left - right) * (t - t0) / (t1 - t0); };
    const auto y = [&](double v) { return H - bottom - (H - top - bottom) * v / (static_cast<double>(highest) * 1.05); };
    std::string svg = "<svg class=\"timeline\" viewBox=\"0 0 900 240\" width=\"900\" height=\"240\" role=\"img\" "
                      "aria-label=\"heap over time with A and B\">";
    // Grid and axes.
    const double yStep = niceStep(static_cast<double>(highest) * 1.05, 4);
    for (double v = 0; v <= static_cast<double>(highest) * 1.05; v += yStep) {
        svg += "<line x1=\"" + fixed(left) + "\" x2=\"" + fixed(W - right) + "\" y1=\"" + fixed(y(v)) + "\" y2=\"" + fixed(y(v))
            + "\" stroke=\"#e0e0e0\"/>";
        svg += "<text x=\"" + fixed(left - 6) + "\" y=\"" + fixed(y(v) + 4) + "\" text-anchor=\"end\">"
            + escape(formatBytes(static_cast<int64_t>(v))) + "</text>";
    }
    const double tStep = niceStep(t1 - t0, 8);
    const double firstTick = oneInstant ? t0 : std::ceil(t0 / tStep) * tStep;
    for (int i = 0; i <= (oneInstant ? 0 : 16) && firstTick + i * tStep <= t1 + 1e-9; ++i) {
        const double t = firstTick + i * tStep;
        svg += "<text x=\"" + fixed(x(t)) + "\" y=\"" + fixed(H - bottom + 16) + "\" text-anchor=\"middle\">"
            + escape(formatTime(t, r.timeUnit)) + "</text>";
    }
    svg += "<line x1=\"" + fixed(left) + "\" x2=\"" + fixed(W - right) + "\" y1=\"" + fixed(y(0)) + "\" y2=\"" + fixed(y(0))
        + "\" stroke=\"#9e9e9e\"/>";
    // Between A and B.
    const double xa = x(std::clamp(r.timeA, t0, t1)), xb = x(std::clamp(r.timeB, t0, t1));
    svg += "<rect x=\"" + fixed(std::min(xa, xb)) + "\" y=\"" + fixed(top) + "\" width=\"" + fixed(std::abs(xb - xa)) + "\" height=\""
        + fixed(H - top - bottom) + "\" fill=\"#fff3c4\"/>";
    // The heap up to its highs, so that a peak between two points shows.
    // The same line as the GUI's: a heap freed in the last interval ends where it ended.
    std::string area = "M" + fixed(x(r.heap.front().time)) + "," + fixed(y(0));
    for (const auto& [time, bytes] : envelopeLine(r.heap, (t1 - t0) / ReportTimelineBuckets))
        area += " L" + fixed(x(time)) + "," + fixed(y(static_cast<double>(bytes)));
    area += " L" + fixed(x(r.heap.back().time)) + "," + fixed(y(0)) + " Z";
    svg += "<path d=\"" + area + "\" fill=\"#3b7dd8\" fill-opacity=\"0.35\" stroke=\"#3b7dd8\" stroke-width=\"1\"/>";
    if (!r.rss.empty()) {
        std::string line;
        for (const auto& p : r.rss)
            line += fixed(x(p.time)) + "," + fixed(y(static_cast<double>(p.max))) + " ";
        svg += "<polyline points=\"" + line + "\" fill=\"none\" stroke=\"#d87a1f\" stroke-width=\"1.5\"/>";
    }
    for (const auto& mark : r.marks) {
        if (mark.time < t0 || mark.time > t1)
            continue;
        svg += "<line x1=\"" + fixed(x(mark.time)) + "\" x2=\"" + fixed(x(mark.time)) + "\" y1=\"" + fixed(top) + "\" y2=\""
            + fixed(H - bottom) + "\" stroke=\"#757575\" stroke-dasharray=\"3 3\"><title>" + escape(mark.name) + "</title></line>";
        svg += "<text class=\"mark\" x=\"" + fixed(x(mark.time) + 3) + "\" y=\"" + fixed(top + 22) + "\">" + escape(mark.name) + "</text>";
    }
    for (const auto& [pos, label, colour] : { std::tuple{ xa, "A", "#f9a825" }, std::tuple{ xb, "B", "#d84315" } }) {
        svg += "<line x1=\"" + fixed(pos) + "\" x2=\"" + fixed(pos) + "\" y1=\"" + fixed(top) + "\" y2=\"" + fixed(H - bottom)
            + "\" stroke=\"" + colour + "\" stroke-width=\"2\"/>";
        svg += "<text class=\"marker\" x=\"" + fixed(pos) + "\" y=\"" + fixed(top - 5) + "\" text-anchor=\"middle\" fill=\"" + colour
            + "\">" + label + "</text>";
    }
    svg += "<g class=\"legend\"><rect x=\"" + fixed(W - 190) + "\" y=\"" + fixed(top + 2) + "\" width=\"10\" height=\"10\" fill=\"#3b7dd8\" "
           "fill-opacity=\"0.5\"/><text x=\"" + fixed(W - 176) + "\" y=\"" + fixed(top + 11) + "\">heap</text>";
    if (!r.rss.empty())
        svg += "<rect x=\"" + fixed(W - 130) + "\" y=\"" + fixed(top + 2) + "\" width=\"10\" height=\"10\" fill=\"#d87a1f\"/><text x=\""
            + fixed(W - 116) + "\" y=\"" + fixed(top + 11) + "\">RSS</text>";
    svg += "</g></svg>";
    return svg;
}

std::string frameHtml(const StackFrame& f)
{
    std::string out = "<li><code>" + escape(f.function) + "</code>";
    if (!f.file.empty())
        out += " <span class=\"where\">" + escape(f.file) + (f.line ? ":" + std::to_string(f.line) : std::string()) + "</span>";
    if (!f.module.empty())
        out += " <span class=\"module\">in " + escape(f.module) + "</span>";
    return out + "</li>";
}

std::string evidenceHtml(const Growth& growth, TimeUnit unit)
{
    std::string out = "<dl class=\"evidence\">";
    for (const auto& [label, value] : evidenceFacts(growth, unit))
        out += "<dt>" + escape(label) + "</dt><dd>" + escape(value) + "</dd>";
    return out + "</dl>";
}

std::string fact(std::string_view label, const std::string& value)
{
    return "<tr><th>" + escape(label) + "</th><td>" + escape(value) + "</td></tr>";
}

const char* const Style = R"(
:root { color-scheme: light; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; color: #212121;
       max-width: 1100px; margin: 24px auto; padding: 0 16px; }
h1 { font-size: 22px; margin: 0 0 4px; } h2 { font-size: 17px; margin: 28px 0 8px; border-bottom: 1px solid #e0e0e0; }
h3 { font-size: 15px; margin: 18px 0 6px; word-break: break-all; }
.muted, .subtitle { color: #616161; } .subtitle { margin-bottom: 16px; }
.alert { border: 1px solid #e65100; background: #fff3e0; padding: 8px 12px; border-radius: 4px; margin: 12px 0; }
.alert ul { margin: 4px 0 0; padding-left: 20px; }
table { border-collapse: collapse; width: 100%; margin: 6px 0; }
th, td { text-align: left; padding: 3px 8px; border-bottom: 1px solid #eeeeee; vertical-align: top; }
table.facts th { width: 200px; color: #616161; font-weight: normal; }
td.num, th.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
td.key { word-break: break-all; }
.badge { display: inline-block; border: 1px solid; border-radius: 9px; padding: 0 7px; font-size: 12px; white-space: nowrap; }
dl.evidence { display: grid; grid-template-columns: max-content auto; gap: 0 12px; margin: 6px 0; }
dl.evidence dt { color: #616161; } dl.evidence dd { margin: 0; }
.hint { background: #f5f5f5; border-left: 3px solid #9e9e9e; padding: 4px 10px; margin: 6px 0; }
ol.stack { font-size: 12.5px; padding-left: 28px; margin: 6px 0; }
ol.stack code { font-family: "DejaVu Sans Mono", Menlo, Consolas, monospace; word-break: break-all; }
.where { color: #1565c0; } .module { color: #757575; }
svg.timeline { width: 100%; height: auto; font-size: 11px; fill: #424242; }
svg.timeline text.marker { font-size: 14px; font-weight: bold; }
section.suspect { border-top: 1px solid #e0e0e0; }
footer { margin-top: 32px; color: #9e9e9e; font-size: 12px; }
@media print {
  body { margin: 0; max-width: none; font-size: 11px; }
  section.suspect, table.facts, .alert { break-inside: avoid; }
  h2 { break-after: avoid; }
  a { color: inherit; text-decoration: none; }
}
)";

} // namespace

std::string reportHtml(const Report& r)
{
    return reportText(r, reportHtml);
}

void reportHtml(const Report& r, ReportSink& out)
{
    const std::string title = "Heapline leak report — " + r.file;
    std::string h = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                    "<meta name=\"generator\" content=\"Heapline\">\n<title>"
        + escape(title) + "</title>\n<style>" + Style + "</style>\n</head>\n<body>\n";
    h += "<h1>Leak report: " + escape(r.file) + "</h1>\n";
    h += "<p class=\"subtitle\">" + escape(reportRangeText(r)) + "</p>\n";
    if (const std::string alert = reportAlertText(r); !alert.empty()) {
        h += "<div class=\"alert\"><strong>" + escape(alert) + "</strong><ul>";
        for (const auto& w : r.warnings)
            h += "<li>" + escape(w) + "</li>";
        h += "</ul></div>\n";
    }

    h += "<h2>The profile</h2>\n<table class=\"facts\">";
    if (!r.info.command.empty())
        h += fact("Command", r.info.command);
    h += fact("Format", r.info.format + (r.info.formatVersion.empty() ? "" : " " + r.info.formatVersion));
    if (const std::string sampling = samplingText(r.info); !sampling.empty())
        h += fact("Heap figures", capitalized(sampling));
    h += fact("Duration", formatTime(r.totals.duration, r.timeUnit));
    h += fact("Peak heap", formatBytes(r.totals.peakHeapBytes) + " at " + formatTime(r.totals.peakTime, r.timeUnit));
    h += fact("Peak RSS", figureOrDash(r.totals.peakRssBytes, true));
    h += fact("Allocations", figureOrDash(r.totals.allocations, false));
    h += fact("Temporary allocations", figureOrDash(r.totals.temporaryAllocations, false));
    h += fact(endStateWords(r.info, r.totals.duration, r.runTruncated).caption, formatBytes(r.totals.leakedBytes));
    h += fact("Suppressed", capitalized(r.suppressions.sentence));
    h += "</table>\n";
    h += timelineSvg(r) + "\n";

    const auto& t = r.total.row;
    h += "<h2>Between A and B</h2>\n<table class=\"facts\">";
    h += fact("Heap at A", r.heapText(t.atA));
    h += fact("Heap at B", r.heapText(t.atB));
    h += fact("Δ heap",
        formatSignedBytes(t.deltaBytes())
            + (r.countsBlocks() ? " (" + formatSignedCountOf(t.deltaBlocks(), "block", "blocks") + ")"
                                : std::string()));
    h += fact("Rose by at most", formatBytes(t.riseBytes()));
    if (r.countsEvents()) {
        h += fact("Allocations", allocationCountsText(t, !r.baseFile.empty()));
    } else {
        h += fact("Allocations", "not counted by this format (it records snapshots)");
    }
    const std::string finer = finerSamplingText(t, r.info, r.native);
    h += "<tr><th>Growth</th><td>" + badge(t.cls, t.leakLike) + evidenceHtml(r.total.growth, r.timeUnit)
        + "<div class=\"hint\">"
        + escape(!r.noBreakdown.empty() ? r.noBreakdown
                : r.grewAllAtLoad       ? std::string()
                                        : r.totalHint)
        + (finer.empty() ? "" : " " + escape(finer)) + (r.fewTrees.empty() ? "" : " " + escape(r.fewTrees))
        + "</div></td></tr>";
    if (r.native)
        h += "<tr><th>Native growth</th><td>" + badge(GrowthClass::Native) + evidenceHtml(*r.native, r.timeUnit)
            + "<div class=\"hint\">" + escape(nativeHintText(r.info, *r.native))
            + (r.nativeHolders.empty() ? std::string() : " " + escape(nativeHoldersText(r.nativeHolders)) + ".")
            + "</div></td></tr>";
    if (r.retained)
        h += "<tr><th>Retained memory</th><td>" + escape(capitalized(retainedFinding(*r.retained))) + "</td></tr>";
    if (r.untouched)
        h += "<tr><th>Untouched memory</th><td>" + escape(untouchedFinding(*r.untouched)) + "</td></tr>";
    for (const auto& kept : keptFindings(r.kept))
        h += "<tr><th>" + escape(kept.label) + "</th><td>" + escape(kept.text) + "</td></tr>";
    for (const std::string& note : r.notes)
        h += "<tr><th>Note</th><td>" + escape(note) + "</td></tr>";
    h += "</table>\n";

    h += "<h2>Suspects</h2>\n<p class=\"muted\">"
        + escape(formatCountOf(static_cast<int64_t>(r.rowCount), "row", "rows")) + " by " + groupingName(r.grouping)
        + ", ranked by Δbytes; ! marks leak-like growth (linear, stepwise).</p>\n";
    h += "<table><thead><tr><th class=\"num\">#</th><th>" + escape(groupingName(r.grouping))
        + "</th><th class=\"num\">Δ bytes</th><th class=\"num\">Δ blocks</th><th class=\"num\">at B</th><th>class</th><th>trend</th></tr></thead><tbody>";
    for (size_t i = 0; i < r.suspects.size() && out.good(); ++i) {
        const ReportSuspect s = r.suspects.brief(i);
        h += "<tr><td class=\"num\"><a href=\"#suspect-" + std::to_string(s.rank) + "\">" + std::to_string(s.rank)
            + "</a></td><td class=\"key\">" + escape(s.key) + "</td><td class=\"num\">"
            + escape(formatSignedBytes(s.row.deltaBytes())) + "</td><td class=\"num\">"
            + escape(r.deltaBlocksText(s.row)) + "</td><td class=\"num\">" + escape(formatBytes(s.row.atB.bytes))
            + "</td><td>" + badge(s.row.cls, s.row.leakLike) + "</td><td>"
            + sparkline(s.drawnSeries(), s.drawnHighs(), s.drawnTimes(r.sampleTimes), s.row.cls) + "</td></tr>";
        out.take(h);
    }
    h += "</tbody></table>\n";
    for (size_t i = 0; i < r.suspects.size() && out.good(); ++i) {
        const ReportSuspect s = r.suspects[i];
        h += "<section class=\"suspect\" id=\"suspect-" + std::to_string(s.rank) + "\">\n<h3>#" + std::to_string(s.rank)
            + " " + escape(s.key) + "</h3>\n<p>" + badge(s.row.cls, s.row.leakLike) + " "
            + sparkline(s.drawnSeries(), s.drawnHighs(), s.drawnTimes(r.sampleTimes), s.row.cls)
            + "</p>\n<table class=\"facts\">";
        h += fact("Δ bytes", formatSignedBytes(s.row.deltaBytes()) + " (" + formatBytes(s.row.atA.bytes) + " → " + formatBytes(s.row.atB.bytes) + ")");
        if (r.countsBlocks())
            h += fact("Δ blocks", formatSignedCount(s.row.deltaBlocks()));
        h += fact("Rose by at most", formatBytes(s.row.riseBytes()));
        if (r.countsEvents())
            h += fact("Allocations", allocationCountsText(s.row, !r.baseFile.empty()));
        h += "<tr><th>Evidence</th><td>" + evidenceHtml(s.growth, r.timeUnit) + "</td></tr></table>\n";
        h += "<div class=\"hint\">" + escape(s.hint(r.info)) + "</div>\n";
        if (s.madeAtLoad)
            h += "<p>" + escape(capitalized(madeAtLoadNote)) + ".</p>\n";
        if (s.heldByThreads)
            h += "<p>" + escape(capitalized(heldByThreadsNote)) + ".</p>\n";
        if (s.reusedByCPython)
            h += "<p>" + escape(capitalized(reusedByCPythonNote)) + ".</p>\n";
        for (const auto& line : s.keptWithin)
            h += "<p>Within it, <b>" + escape(formatSignedBytes(line.bytes)) + "</b> stayed at " + escape(line.label)
                + ": " + escape(keptWithinNote(line)) + ".</p>\n";
        if (!s.stack.empty()) {
            h += "<p class=\"muted\">Stack of its biggest grower";
            if (s.callsites > 1)
                h += " (of " + std::to_string(s.callsites) + " callsites)";
            h += ", allocation first:</p>\n<ol class=\"stack\">";
            for (const auto& frame : s.stack)
                h += frameHtml(frame);
            h += "</ol>\n";
        }
        h += "</section>\n";
        out.take(h);
    }

    if (!r.types.empty()) {
        h += "<h2>By type</h2>\n<table><thead><tr><th>type</th><th class=\"num\">Δ bytes</th><th class=\"num\">Δ blocks</th>"
             "<th class=\"num\">at A</th><th class=\"num\">at B</th><th>class</th><th>trend</th></tr></thead><tbody>";
        for (const auto& row : r.types)
            h += "<tr><td class=\"key\">" + escape(row.key) + "</td><td class=\"num\">"
                + escape(formatSignedBytes(row.row.deltaBytes())) + "</td><td class=\"num\">"
                + escape(r.deltaBlocksText(row.row)) + "</td><td class=\"num\">"
                + escape(formatBytes(row.row.atA.bytes)) + "</td><td class=\"num\">"
                + escape(formatBytes(row.row.atB.bytes)) + "</td><td>" + badge(row.row.cls, row.row.leakLike)
                + "</td><td>"
                + sparkline(row.drawnSeries(), row.drawnHighs(), row.drawnTimes(r.sampleTimes), row.row.cls)
                + "</td></tr>";
        h += "</tbody></table>\n";
    }
    h += "<footer>Made by Heapline from " + escape(r.file) + (r.baseFile.empty() ? "" : " and " + escape(r.baseFile))
        + ". Sizes in powers of 1000 (kB, MB), as heaptrack and massif print them.</footer>\n</body>\n</html>\n";
    out.take(h, true);
}

} // namespace heapline
