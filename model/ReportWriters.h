#pragma once

#include "Report.h"

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
// warnings (empty when there are none); a whole-run figure or "—" where the format lacks it.
std::string reportRangeText(const Report& report);
std::string reportAlertText(const Report& report);
std::string reportFigure(const std::optional<int64_t>& value, bool bytes);

// The evidence of a class as label/value pairs in plain words ("slope", "+1.2 MB/s").
std::vector<std::pair<std::string, std::string>> evidenceFacts(const Growth& growth, TimeUnit unit);

// Valid UTF-8: every byte that does not start or continue a well-formed sequence is U+FFFD.
std::string validUtf8(std::string_view text);

// The JSON pieces the CLI's diff shares with the report.
nlohmann::ordered_json jsonNumber(double value);
nlohmann::ordered_json evidenceJson(const Growth& growth);
nlohmann::ordered_json diffRowJson(const DiffResult& result, const DiffRow& row, const std::string& key);
nlohmann::ordered_json stackJson(const Analysis& analysis, CallsiteId callsite);
nlohmann::ordered_json timeSpecJson(const TimeSpec& spec);

} // namespace heapline
