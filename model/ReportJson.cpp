// The report as JSON (schema: resources/report.schema.json) and as CSV, and the pieces every
// form shares.

#include "AtomicFile.h"
#include "ReportWriters.h"
#include "Units.h"

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>

namespace heapline {

using Json = nlohmann::ordered_json;

std::string validUtf8(std::string_view text)
{
    // Symbols are nearly always ASCII: a report of every row passes a gigabyte of them here.
    if (std::all_of(text.begin(), text.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; }))
        return std::string(text);
    std::string out;
    out.reserve(text.size());
    const auto* s = reinterpret_cast<const unsigned char*>(text.data());
    const size_t n = text.size();
    for (size_t i = 0; i < n;) {
        const unsigned char c = s[i];
        size_t length = 0;
        uint32_t lowest = 0;
        if (c < 0x80)
            length = 1;
        else if ((c & 0xE0) == 0xC0)
            length = 2, lowest = 0x80;
        else if ((c & 0xF0) == 0xE0)
            length = 3, lowest = 0x800;
        else if ((c & 0xF8) == 0xF0)
            length = 4, lowest = 0x10000;
        bool ok = length != 0 && i + length <= n;
        uint32_t code = length == 1 ? c : (c & (0x7F >> length));
        for (size_t k = 1; ok && k < length; ++k) {
            ok = (s[i + k] & 0xC0) == 0x80;
            code = (code << 6) | (s[i + k] & 0x3F);
        }
        // Overlong forms, surrogates and code points past U+10FFFF are not UTF-8 either.
        ok = ok && code >= lowest && code <= 0x10FFFF && !(code >= 0xD800 && code <= 0xDFFF);
        if (ok) {
            out.append(text.substr(i, length));
            i += length;
        } else {
            out += "\xEF\xBF\xBD";
            ++i;
        }
    }
    return out;
}

Json jsonNumber(double value)
{
    if (std::isfinite(value) && value == std::floor(value) && std::fabs(value) < 9e15)
        return static_cast<int64_t>(value);
    return value;
}

Json evidenceJson(const Growth& growth)
{
    const auto& e = growth.evidence;
    Json json;
    if (growth.cls == GrowthClass::Native) {
        json["rss_growth_bytes"] = e.rssGrowth;
        json["heap_growth_bytes"] = e.heapGrowth;
        json["rss_minus_heap_growth_bytes"] = e.rssMinusHeapGrowth;
        json["rss_after_heap_high_bytes"] = e.rssAfterHeapHigh >= 0 ? Json(e.rssAfterHeapHigh) : Json(nullptr);
        return json;
    }
    json["net_bytes"] = e.net;
    json["range_bytes"] = e.range;
    json["slope_bytes_per_second"] = e.slopeIsPerSecond ? Json(std::round(e.slopePerSecond)) : Json(nullptr);
    json["late_slope_bytes_per_second"]
        = std::isfinite(e.lateSlopePerSecond) ? Json(std::round(e.lateSlopePerSecond)) : Json(nullptr);
    json["slope_bytes_per_unit"] = e.slope;
    json["r_squared"] = std::round(e.rSquared * 1000) / 1000;
    json["steps"] = e.steps;
    json["largest_step_bytes"] = e.largestStep;
    json["spikes"] = e.spikes;
    json["drop_ratio"] = std::round(e.dropRatio * 1000) / 1000;
    json["growth_done_at"] = std::round(e.growthDoneAt * 1000) / 1000;
    // In the profile's time unit; both 0 unless a pause between steps kept it from a plateau.
    json["pause_since_step"] = e.pauseSinceStep;
    json["longest_step_gap"] = e.longestStepGap;
    // What fell in the window's last interval when that alone would have made the class.
    json["final_fall_bytes"] = e.finalFall;
    // The heap's only: what the libraries' initialisation made, left out of the series its class was read from.
    json["set_aside_at_load_bytes"] = e.setAsideAtLoad;
    json["highs_recorded"] = e.highsRecorded;
    json["lows_estimated"] = e.lowsEstimated;
    json["unlisted_from"] = std::isnan(e.unlistedFrom) ? Json(nullptr) : Json(e.unlistedFrom);
    return json;
}

namespace {

Json rowFields(const std::string& key, const DiffRow& row, const Growth& growth, std::span<const int64_t> series)
{
    Json json;
    json["key"] = key;
    json["bytes_a"] = row.atA.bytes;
    json["bytes_b"] = row.atB.bytes;
    json["delta_bytes"] = row.deltaBytes();
    json["blocks_a"] = row.atA.blocks;
    json["blocks_b"] = row.atB.blocks;
    json["delta_blocks"] = row.deltaBlocks();
    json["allocations"] = row.allocations;
    json["allocated_bytes"] = row.allocatedBytes;
    json["frees"] = row.frees;
    json["temporary_allocations"] = row.temporary;
    json["class"] = growthClassName(row.cls);
    json["evidence"] = evidenceJson(growth);
    json["hint"] = growth.evidence.timeless ? timelessText() : growthHint(row.cls);
    json["series"] = std::vector<int64_t>(series.begin(), series.end());
    return json;
}

Json frameJson(const StackFrame& frame)
{
    Json j;
    j["function"] = frame.function;
    j["file"] = frame.file.empty() ? Json(nullptr) : Json(frame.file);
    j["line"] = frame.line ? Json(frame.line) : Json(nullptr);
    j["module"] = frame.module.empty() ? Json(nullptr) : Json(frame.module);
    return j;
}

// A row that replaces another's blocks, or is replaced: that is its hint, and a field of its own.
void addReplacement(Json& json, const std::string& replacement)
{
    if (replacement.empty())
        return;
    json["hint"] = replacement;
    json["replacement"] = replacement;
}

Json reportRowJson(const ReportRow& row)
{
    auto json = rowFields(row.key, row.row, row.growth, row.series);
    addReplacement(json, row.replacement);
    return json;
}

template <typename T>
Json optional(const std::optional<T>& value)
{
    return value ? Json(*value) : Json(nullptr);
}

Json orNull(const std::string& text)
{
    return text.empty() ? Json(nullptr) : Json(text);
}

Json pointsJson(const std::vector<ReportPoint>& points)
{
    auto array = Json::array();
    for (const auto& p : points)
        array.push_back(Json::array({ jsonNumber(p.time), p.min, p.max, p.value }));
    return array;
}

} // namespace

Json diffRowJson(const DiffResult& result, const DiffRow& row, const std::string& key)
{
    auto json = rowFields(key, row, result.growth(row), result.series(row));
    json["leak_like"] = row.leakLike; // the table's '!'
    addReplacement(json, replacementText(result, row));
    return json;
}

Json stackJson(const std::vector<StackFrame>& stack)
{
    auto frames = Json::array();
    for (const auto& frame : stack)
        frames.push_back(frameJson(frame));
    return frames;
}

Json nativeJson(const std::optional<Growth>& native, const ProfileInfo& info)
{
    return native ? Json { { "class", "native" }, { "evidence", evidenceJson(*native) },
        { "hint", nativeHintText(info, *native) } }
                  : Json(nullptr);
}
Json untouchedJson(const std::optional<UntouchedMemory>& untouched)
{
    if (!untouched)
        return nullptr;
    return Json { { "heap_bytes", untouched->heapBytes }, { "rss_bytes", untouched->rssBytes },
        { "finding", untouchedFinding(*untouched) } };
}

Json nativeHoldersJson(const std::vector<NativeHolder>& holders)
{
    auto json = Json::array();
    for (const NativeHolder& holder : holders)
        json.push_back(Json { { "type", holder.type }, { "objects", holder.objects }, { "grown", holder.grown } });
    return json;
}

Json retainedJson(const std::optional<RetainedMemory>& retained)
{
    if (!retained)
        return Json(nullptr);
    return Json { { "retained_bytes", retained->retainedBytes }, { "rss_growth_bytes", retained->rssGrowth },
                  { "heap_rise_bytes", retained->heapRise }, { "heap_growth_bytes", retained->heapGrowth },
                  { "finding", retainedFinding(*retained) } };
}

Json timeSpecJson(const TimeSpec& spec)
{
    Json json;
    json["requested"] = spec.requested;
    json["time"] = jsonNumber(spec.time);
    json["checkpoint"] = spec.checkpoint;
    if (!spec.reason.empty())
        json["reason"] = spec.reason;
    return json;
}

std::string reportRangeText(const Report& r)
{
    std::string text = r.baseFile.empty()
        ? "A " + formatTime(r.from.time, r.timeUnit) + " (" + r.from.requested + ") → B " + formatTime(r.to.time, r.timeUnit) + " ("
            + r.to.requested + ")"
        : "A: " + r.baseFile + " at " + formatTime(r.from.time, r.baseTimeUnit) + " → B: this file at " + formatTime(r.to.time, r.timeUnit);
    if (!r.baseFile.empty() && !r.from.reason.empty())
        text += " · A " + r.from.reason;
    if (!r.to.reason.empty())
        text += " · B " + r.to.reason;
    text += " · by " + std::string(groupingName(r.grouping));
    if (!r.filter.empty())
        text += " · rows matching “" + r.filter + "”";
    if (r.classFilter)
        text += std::string(" · class ") + growthClassName(*r.classFilter);
    return text;
}

std::string reportAlertText(const Report& r)
{
    if (r.truncated)
        return "This profile was cut off: the figures cover the recording up to the cut.";
    return r.warnings.empty() ? std::string() : "The profile was read with warnings.";
}

Json suppressionsJson(const SuppressionSummary& s)
{
    Json json;
    json["leaked_bytes"] = s.leakedBytes;
    json["callsites"] = s.callsites;
    json["bytes_a"] = s.betweenAandB ? s.betweenAandB->atA.bytes : 0;
    json["bytes_b"] = s.betweenAandB ? s.betweenAandB->atB.bytes : 0;
    auto rules = Json::array();
    for (const auto& use : s.rules)
        rules.push_back({ { "pattern", use.rule.pattern }, { "origin", use.rule.origin }, { "callsites", use.atEnd.callsites },
                          { "leaked_bytes", use.atEnd.bytes } });
    json["rules"] = std::move(rules);
    return json;
}

namespace {

// The JSON of one suspect, as the whole report's dump would write it.
Json suspectJson(const ReportSuspect& s, const ProfileInfo& info)
{
    auto j = reportRowJson(s);
    j["rank"] = s.rank;
    j["leak_like"] = s.row.leakLike;
    j["callsites"] = s.callsites;
    j["stack"] = stackJson(s.stack);
    auto kept = Json::array();
    for (const auto& line : s.keptWithin)
        kept.push_back(
            { { "line", line.label }, { "delta_bytes", line.bytes }, { "by", groupingName(line.grouping) } });
    j["kept_within"] = std::move(kept);
    j["made_at_load"] = s.madeAtLoad;
    j["held_by_threads"] = s.heldByThreads;
    j["recycled_by_cpython"] = s.reusedByCPython;
    const auto samples = sampledCount(s.row, info.sampleIntervalBytes);
    j["samples"] = samples ? jsonNumber(std::round(*samples * 10) / 10) : Json();
    return j;
}

std::string dumped(const Json& json)
{
    // Invalid UTF-8 in a symbol becomes U+FFFD rather than failing the whole report.
    return json.dump(2, ' ', false, nlohmann::json::error_handler_t::replace);
}

} // namespace

std::string reportJson(const Report& r)
{
    return reportText(r, reportJson);
}

void reportJson(const Report& r, ReportSink& out)
{
    Json json;
    json["schema"] = "heapline-report";
    json["schema_version"] = ReportSchemaVersion;
    json["file"] = r.file;
    json["base_file"] = orNull(r.baseFile);
    json["format"] = r.info.format;
    json["format_version"] = orNull(r.info.formatVersion);
    json["command"] = orNull(r.info.command);
    json["sample_interval_bytes"] = r.info.sampleIntervalBytes > 0 ? Json(r.info.sampleIntervalBytes) : Json();
    json["blocks_counted"] = r.countsBlocks();
    json["time_unit"] = timeUnitName(r.timeUnit);
    json["duration"] = jsonNumber(r.totals.duration);
    json["peak_heap_bytes"] = r.totals.peakHeapBytes;
    json["peak_time"] = jsonNumber(r.totals.peakTime);
    json["peak_rss_bytes"] = optional(r.totals.peakRssBytes);
    json["leaked_bytes"] = r.totals.leakedBytes;
    json["allocations"] = optional(r.totals.allocations);
    json["temporary_allocations"] = optional(r.totals.temporaryAllocations);
    json["truncated"] = r.truncated;
    json["warnings"] = r.warnings;
    json["grouping"] = groupingName(r.grouping);
    json["filter"] = { { "text", orNull(r.filter) }, { "class", r.classFilter ? Json(growthClassName(*r.classFilter)) : Json(nullptr) } };
    json["from"] = timeSpecJson(r.from);
    json["to"] = timeSpecJson(r.to);
    json["total"] = reportRowJson(r.total);
    json["native"] = nativeJson(r.native, r.info);
    json["retained"] = retainedJson(r.retained);
    json["untouched"] = untouchedJson(r.untouched);
    writeKeptObjectsJson(json, r.kept);
    json["notes"] = r.notes;
    json["native_holders"] = nativeHoldersJson(r.nativeHolders);
    json["suppressions"] = suppressionsJson(r.suppressions);
    json["row_count"] = r.rowCount;
    auto times = Json::array();
    for (double t : r.sampleTimes)
        times.push_back(jsonNumber(t));
    json["sample_times"] = std::move(times);
    // The suspects go out one at a time where this stands in the dump of the rest.
    json["suspects"] = Json::array();
    auto types = Json::array();
    for (const auto& t : r.types)
        types.push_back(reportRowJson(t));
    json["types"] = std::move(types);
    auto marks = Json::array();
    for (const auto& m : r.marks)
        marks.push_back({ { "time", jsonNumber(m.time) }, { "name", m.name } });
    json["timeline"] = { { "heap", pointsJson(r.heap) }, { "rss", pointsJson(r.rss) }, { "marks", std::move(marks) },
                         { "a_time", jsonNumber(r.timeA) }, { "b_time", jsonNumber(r.timeB) } };
    writeJsonStreamingArray(
        json, "suspects", r.suspects.size(), [&](size_t i) { return suspectJson(r.suspects[i], r.info); }, out);
}

void writeJsonStreamingArray(
    const Json& json, std::string_view key, size_t count, const std::function<Json(size_t)>& element, ReportSink& out)
{
    std::string text = dumped(json) + "\n";
    // A string holds no raw line break, so the key at the top level's indent is this one.
    const std::string empty = "\n  \"" + std::string(key) + "\": []";
    const size_t at = text.find(empty);
    if (count == 0 || at == std::string::npos) {
        out.take(text, true);
        return;
    }
    const std::string rest = text.substr(at + empty.size());
    text.resize(at + empty.size() - 1);
    text += '\n';
    for (size_t i = 0; i < count && out.good(); ++i) {
        text += i == 0 ? "    " : ",\n    ";
        const std::string one = dumped(element(i));
        for (size_t from = 0; from < one.size();) {
            const size_t end = std::min(one.find('\n', from), one.size() - 1) + 1;
            text.append(one, from, end - from);
            if (one[end - 1] == '\n')
                text += "    ";
            from = end;
        }
        out.take(text);
    }
    text += "\n  ]" + rest;
    out.take(text, true);
}

namespace {

std::string csvField(std::string_view text)
{
    const std::string valid = validUtf8(text);
    if (valid.find_first_of(",\"\r\n") == std::string::npos)
        return valid;
    std::string out = "\"";
    for (char c : valid) {
        if (c == '"')
            out += '"';
        out += c;
    }
    return out + "\"";
}

} // namespace

// The diff rows (every row that passed the filter and the top-N), one per line, RFC 4180.
std::string reportCsv(const Report& r)
{
    return reportText(r, reportCsv);
}

void reportCsv(const Report& r, ReportSink& sink)
{
    std::string out = "rank,key,class,leak_like,bytes_a,bytes_b,delta_bytes,blocks_a,blocks_b,delta_blocks,"
                      "allocations,allocated_bytes,frees,rise_bytes,hint\r\n";
    const auto line = [&](const std::string& rank, const ReportRow& row) {
        const auto& d = row.row;
        out += rank + ',' + csvField(row.key) + ',' + growthClassName(d.cls) + ',' + (d.leakLike ? "true" : "false");
        // A figure the format does not count is an empty field, not 0: massif counts no blocks,
        // a snapshot format no allocations.
        const auto field = [&](int64_t v, bool counted) { out += ',' + (counted ? std::to_string(v) : std::string()); };
        for (int64_t v : { d.atA.bytes, d.atB.bytes, d.deltaBytes() })
            field(v, true);
        for (int64_t v : { d.atA.blocks, d.atB.blocks, d.deltaBlocks() })
            field(v, r.countsBlocks());
        for (int64_t v : { d.allocations, d.allocatedBytes, d.frees })
            field(v, r.countsEvents());
        field(d.riseBytes(), true);
        out += ',' + csvField(growthHint(d.cls)) + "\r\n";
    };
    for (size_t i = 0; i < r.suspects.size() && sink.good(); ++i) {
        const ReportSuspect s = r.suspects.brief(i);
        line(std::to_string(s.rank), s);
        sink.take(out);
    }
    line("", r.total);
    sink.take(out, true);
}

void ReportSink::take(std::string& text, bool now)
{
    // A buffer's worth: few enough writes, and nothing held that grows with the rows.
    constexpr size_t Buffer = size_t(1) << 20;
    if (!now && text.size() < Buffer)
        return;
    m_good = m_good && write(text);
    text.clear();
}

void writeReport(const Report& report, ReportFormat format, ReportSink& sink)
{
    switch (format) {
    case ReportFormat::Html:
        return reportHtml(report, sink);
    case ReportFormat::Markdown:
        return reportMarkdown(report, sink);
    case ReportFormat::Json:
        return reportJson(report, sink);
    case ReportFormat::Csv:
        return reportCsv(report, sink);
    }
}

std::string writeReport(const Report& report, ReportFormat format)
{
    StringSink sink;
    writeReport(report, format, sink);
    return std::move(sink.text);
}

std::string reportText(const Report& report, void (*writer)(const Report&, ReportSink&))
{
    StringSink sink;
    writer(report, sink);
    return std::move(sink.text);
}

namespace {

class AtomicFileSink : public ReportSink {
public:
    AtomicFileSink(AtomicFile& file, std::string& error)
        : m_file(file)
        , m_error(error)
    {
    }

protected:
    bool write(std::string_view text) override { return m_file.write(text, m_error); }

private:
    AtomicFile& m_file;
    std::string& m_error;
};

} // namespace

bool writeReportFile(const Report& report, ReportFormat format, const std::string& path, std::string& error)
{
    AtomicFile file(path);
    if (!file.open(error))
        return false;
    AtomicFileSink sink(file, error);
    writeReport(report, format, sink);
    return sink.good() && file.commit(error);
}

} // namespace heapline
