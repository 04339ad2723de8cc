#pragma once

#include "Report.h"
#include "Wording.h"

#include <functional>
#include <nlohmann/json_fwd.hpp>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

namespace heapline {

// Where a report goes as it is made. The writers hand it their text a buffer at a time: a report
// of every row of a large profile (each row with its stack) runs to a gigabyte, and is never held
// whole, neither as text nor as rows.
class ReportSink {
public:
    virtual ~ReportSink() = default;
    // Passes `text` on, and empties it, once it holds a buffer's worth; always when `now`.
    void take(std::string& text, bool now = false);
    // False once a write failed: the writers stop early, and the sink knows why.
    bool good() const { return m_good; }

protected:
    virtual bool write(std::string_view text) = 0;

private:
    bool m_good = true;
};

class StringSink : public ReportSink {
public:
    std::string text;

protected:
    bool write(std::string_view bytes) override
    {
        text += bytes;
        return true;
    }
};

// Into a stream (standard output).
class OstreamSink : public ReportSink {
public:
    explicit OstreamSink(std::ostream& stream)
        : m_stream(stream)
    {
    }

protected:
    bool write(std::string_view text) override
    {
        return static_cast<bool>(m_stream.write(text.data(), static_cast<std::streamsize>(text.size())));
    }

private:
    std::ostream& m_stream;
};

// One report, four forms. Every string from the profile is escaped for its form: a symbol named
// "<script>" is text in HTML, a "|" does not break a Markdown table, invalid UTF-8 becomes U+FFFD.
void writeReport(const Report& report, ReportFormat format, ReportSink& sink);
void reportHtml(const Report& report, ReportSink& sink);
void reportMarkdown(const Report& report, ReportSink& sink);
void reportJson(const Report& report, ReportSink& sink);
void reportCsv(const Report& report, ReportSink& sink);
// The same, whole, as text (tests; a report of the top rows).
std::string writeReport(const Report& report, ReportFormat format);
std::string reportHtml(const Report& report);
std::string reportMarkdown(const Report& report);
std::string reportJson(const Report& report);
std::string reportCsv(const Report& report);
// What one of the writers above writes, as text.
std::string reportText(const Report& report, void (*writer)(const Report&, ReportSink&));
// Written as it is made into `path`, atomically (AtomicFile); false with the reason in `error`.
bool writeReportFile(const Report& report, ReportFormat format, const std::string& path, std::string& error);

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
nlohmann::ordered_json nativeJson(
    const std::optional<Growth>& native, const ProfileInfo& info); // null when there is no native finding
nlohmann::ordered_json retainedJson(const std::optional<RetainedMemory>& retained); // null when none
nlohmann::ordered_json untouchedJson(const std::optional<UntouchedMemory>& untouched); // null when none
nlohmann::ordered_json keptExceptionsJson(const std::optional<KeptExceptions>& kept); // null when none
nlohmann::ordered_json keptTasksJson(const std::optional<KeptTasks>& kept); // null when none
nlohmann::ordered_json keptGeneratorsJson(const std::optional<KeptGenerators>& kept); // null when none
nlohmann::ordered_json keptFuturesJson(const std::optional<KeptFutures>& kept); // null when none
nlohmann::ordered_json keptXmlElementsJson(const std::optional<KeptXmlElements>& kept); // null when none
nlohmann::ordered_json keptFramesJson(const std::optional<KeptFrames>& kept); // null when none
nlohmann::ordered_json keptMockCallsJson(const std::optional<KeptMockCalls>& kept); // null when none
nlohmann::ordered_json keptMatchesJson(const std::optional<KeptMatches>& kept); // null when none
nlohmann::ordered_json keptLoggersJson(const std::optional<KeptLoggers>& kept); // null when none
nlohmann::ordered_json keptModulesJson(const std::optional<KeptModules>& kept); // null when none
nlohmann::ordered_json keptLogRecordsJson(const std::optional<KeptLogRecords>& kept); // null when none
nlohmann::ordered_json keptMemoCachesJson(const std::optional<KeptMemoCaches>& kept); // null when none
nlohmann::ordered_json keptPicklerMemosJson(const std::optional<KeptPicklerMemos>& kept); // null when none
nlohmann::ordered_json keptUnpicklerMemosJson(const std::optional<KeptUnpicklerMemos>& kept); // null when none
nlohmann::ordered_json keptHoldersJson(const std::optional<KeptHolders>& kept); // null when none
nlohmann::ordered_json keptWarningsJson(const std::optional<KeptWarnings>& kept); // null when none
nlohmann::ordered_json keptUncollectedJson(const std::optional<KeptUncollected>& kept); // null when none
nlohmann::ordered_json keptClassesJson(const std::optional<KeptClasses>& kept); // null when none
nlohmann::ordered_json keptCallbacksJson(const std::optional<KeptCallbacks>& kept); // null when none
nlohmann::ordered_json keptDequesJson(const std::optional<KeptDeques>& kept); // null when none
nlohmann::ordered_json keptThreadsJson(const std::optional<KeptThreads>& kept); // null when none
nlohmann::ordered_json keptDescriptorsJson(const std::optional<KeptDescriptors>& kept); // null when none
nlohmann::ordered_json keptTimerHandlesJson(const std::optional<KeptTimerHandles>& kept); // null when none
nlohmann::ordered_json keptTeeBuffersJson(const std::optional<KeptTeeBuffers>& kept); // null when none
nlohmann::ordered_json keptCompressorsJson(const std::optional<KeptCompressors>& kept); // null when none
nlohmann::ordered_json keptClosuresJson(const std::optional<KeptClosures>& kept); // null when none
nlohmann::ordered_json keptCodeJson(const std::optional<KeptCode>& kept); // null when none
nlohmann::ordered_json keptViewsJson(const std::optional<KeptViews>& kept); // null when none
nlohmann::ordered_json keptInstancesJson(const std::optional<KeptInstances>& kept); // null when none
nlohmann::ordered_json keptThrownJson(const std::optional<KeptThrown>& kept); // null when none
nlohmann::ordered_json keptSharedJson(const std::optional<KeptShared>& kept); // null when none
// Every kept_* key of a report or a diff (null where none).
void writeKeptObjectsJson(nlohmann::ordered_json& json, const KeptObjects& kept);
nlohmann::ordered_json nativeHoldersJson(const std::vector<NativeHolder>& holders); // [] when none
nlohmann::ordered_json timeSpecJson(const TimeSpec& spec);
// `json` (indented by 2, invalid UTF-8 replaced), with the top-level array at `key`, empty in
// `json`, filled by `count` elements made one at a time as they are written: the same text as the
// whole dump, never held whole (a diff of every row, each with its stack).
void writeJsonStreamingArray(const nlohmann::ordered_json& json, std::string_view key, size_t count,
    const std::function<nlohmann::ordered_json(size_t)>& element, ReportSink& out);
// {"leaked_bytes", "callsites", "bytes_a", "bytes_b", "rules": [{"pattern", "origin", "callsites", "leaked_bytes"}]}
nlohmann::ordered_json suppressionsJson(const SuppressionSummary& suppressions);

} // namespace heapline
