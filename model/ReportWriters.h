#pragma once

#include "Report.h"
#include "Wording.h"

#include <nlohmann/json_fwd.hpp>
#include <string>
#include <utility>
#include <vector>

namespace heapline {

// One report, four forms. Every string from the profile is escaped for its form: a symbol named
// "<script>" is text in HTML, a "|" does not break a Markdown table, invalid UTF-8 becomes U+FFFD.
std::string writeReport(const Report& report, ReportFormat format);
std::string reportHtml(const Report& report);
std::string reportMarkdown(const Report& report);
std::string reportJson(const Report& report);
std::string reportCsv(const Report& report);

// The text every form shares, before its own escaping: what A and B are and what the rows are
// ("A 1.0 s (mark:warm) → B 8.0 s (end) · by function · rows matching …"); the headline above the
// warnings (empty when there are none). Other sentences and figures: Wording.h.
std::string reportRangeText(const Report& report);
std::string reportAlertText(const Report& report);

// How far along [first, last sample time] sample i of n stands, 0 to 1: trends are drawn along
// time, since samples need not be even (massif's snapshots, the recorder's first ones). By index
// where the times are missing.
inline double alongTime(const std::vector<double>& times, size_t i, size_t n)
{
    if (times.size() == n && n > 1 && times.back() > times.front())
        return (times[i] - times.front()) / (times.back() - times.front());
    return n > 1 ? static_cast<double>(i) / static_cast<double>(n - 1) : 0.0;
}

// Valid UTF-8: every byte that does not start or continue a well-formed sequence is U+FFFD.
std::string validUtf8(std::string_view text);

// The JSON pieces the CLI's diff shares with the report.
nlohmann::ordered_json jsonNumber(double value);
nlohmann::ordered_json evidenceJson(const Growth& growth);
nlohmann::ordered_json diffRowJson(const DiffResult& result, const DiffRow& row, const std::string& key);
nlohmann::ordered_json stackJson(const std::vector<StackFrame>& stack);
nlohmann::ordered_json nativeJson(const std::optional<Growth>& native); // null when there is no native finding
nlohmann::ordered_json retainedJson(const std::optional<RetainedMemory>& retained); // null when none
nlohmann::ordered_json untouchedJson(const std::optional<UntouchedMemory>& untouched); // null when none
nlohmann::ordered_json timeSpecJson(const TimeSpec& spec);
// {"leaked_bytes", "callsites", "bytes_a", "bytes_b", "rules": [{"pattern", "origin", "callsites", "leaked_bytes"}]}
nlohmann::ordered_json suppressionsJson(const SuppressionSummary& suppressions);

} // namespace heapline
