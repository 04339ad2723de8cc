#include "Report.h"

#include "HandOver.h"
#include "IdleTail.h"
#include "SummaryLists.h"
#include "Units.h"
#include "Wording.h"

#include <algorithm>
#include <charconv>
#include <cmath>

namespace heapline {

const char* reportFormatName(ReportFormat format)
{
    switch (format) {
    case ReportFormat::Html:
        return "html";
    case ReportFormat::Markdown:
        return "md";
    case ReportFormat::Json:
        return "json";
    case ReportFormat::Csv:
        return "csv";
    }
    return "html";
}

std::optional<ReportFormat> parseReportFormat(std::string_view name)
{
    if (name == "html" || name == "htm")
        return ReportFormat::Html;
    if (name == "md" || name == "markdown")
        return ReportFormat::Markdown;
    if (name == "json")
        return ReportFormat::Json;
    if (name == "csv")
        return ReportFormat::Csv;
    return std::nullopt;
}

std::optional<ReportFormat> reportFormatForPath(std::string_view path)
{
    const auto dot = path.rfind('.');
    if (dot == std::string_view::npos)
        return std::nullopt;
    std::string suffix(path.substr(dot + 1));
    std::transform(suffix.begin(), suffix.end(), suffix.begin(), [](unsigned char c) { return std::tolower(c); });
    return parseReportFormat(suffix);
}

namespace {

std::string lower(std::string_view text)
{
    std::string out(text);
    std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
    return out;
}

ReportRow makeRow(const DiffResult& diff, const DiffRow& row, std::string key)
{
    ReportRow out;
    out.key = std::move(key);
    out.row = row;
    out.growth = diff.growth(row);
    const auto series = diff.series(row);
    out.series.assign(series.begin(), series.end());
    const auto highs = diff.highs(row);
    out.highs.assign(highs.begin(), highs.end());
    out.everySnapshot = diff.everySnapshotSeries(row);
    out.replacement = replacementText(diff, row);
    return out;
}

std::vector<ReportPoint> envelope(const Series& series, double from, double to, size_t buckets)
{
    return series.downsample(from, to, buckets);
}

} // namespace

std::string Report::heapText(const LiveState& state) const
{
    return countsBlocks() ? formatBytes(state.bytes) + " in " + formatCountOf(state.blocks, "block", "blocks")
                          : formatBytes(state.bytes);
}

std::string Report::deltaBlocksText(const DiffRow& row) const
{
    return countsBlocks() ? formatSignedCount(row.deltaBlocks()) : "—";
}

std::string ReportRow::hint(const ProfileInfo& info) const
{
    const std::string text = replacement.empty() ? classHintText(row, info, &growth) : replacement;
    return note.empty() ? text : text + " " + note;
}

SuppressionSummary summarizeSuppressions(const Comparison& comparison)
{
    const Profile& profile = comparison.analysis().profile();
    const SuppressedCallsites& suppressed = comparison.suppressed();
    SuppressionSummary summary;
    const auto uses = suppressed.usesAt(profile, profile.checkpointCount() - 1);
    for (size_t i = 0; i < uses.size(); ++i) {
        summary.rules.push_back({ suppressed.rules()[i], uses[i] });
        summary.leakedBytes += uses[i].bytes;
    }
    summary.callsites = suppressed.count();
    summary.betweenAandB = comparison.diff().suppressed;
    summary.sentence = suppressionText(uses, suppressed.count());
    return summary;
}

ReportSuspects::ReportSuspects(ComparisonPtr comparison, std::vector<size_t> rows)
    : m_comparison(std::move(comparison))
    , m_rows(std::move(rows))
    , m_madeAtLoad(groupsMadeAtLoad(*m_comparison))
    , m_madeForThreads(groupsMadeForThreads(*m_comparison))
    , m_reusedByCPython(groupsReusedByCPython(*m_comparison))
{
}

const DiffRow& ReportSuspects::row(size_t i) const
{
    return m_comparison->diff().rows[m_rows[i]];
}

bool ReportSuspects::flaggedGroup(size_t i, const std::vector<bool>& byGroup) const
{
    const auto group = m_comparison->diff().analysisGroup(row(i));
    return group && *group < byGroup.size() && byGroup[*group];
}

bool ReportSuspects::madeAtLoad(size_t i) const
{
    return row(i).deltaBytes() > 0 && flaggedGroup(i, m_madeAtLoad);
}

bool ReportSuspects::heldByThreads(size_t i) const
{
    return mayBeHeldByThreads(row(i)) && flaggedGroup(i, m_madeForThreads);
}

bool ReportSuspects::replacing(size_t i) const
{
    return m_comparison->diff().replacing(row(i)) != nullptr;
}

ReportSuspect ReportSuspects::make(size_t i, bool whole) const
{
    const Comparison& comparison = *m_comparison;
    const DiffResult& diff = comparison.diff();
    const DiffRow& row = diff.rows[m_rows[i]];
    ReportSuspect suspect;
    static_cast<ReportRow&>(suspect) = makeRow(diff, row, diff.key(row));
    suspect.rank = m_rows[i] + 1;
    suspect.madeAtLoad = madeAtLoad(i);
    suspect.heldByThreads = heldByThreads(i);
    if (const auto& idle = comparison.idleTail(); idle && heldOnlyWhileIdle(comparison, row, *idle))
        suspect.note = heldOnlyWhileIdleText(*idle, comparison.analysis().profile().info().timeUnit);
    if (const std::string handedOver = handOverText(comparison, row); !handedOver.empty())
        suspect.note += (suspect.note.empty() ? "" : " ") + capitalized(handedOver);
    suspect.reusedByCPython = flaggedGroup(i, m_reusedByCPython);
    if (whole) {
        suspect.stack = comparison.stack(row);
        suspect.callsites = comparison.callsiteCount(row);
        suspect.keptWithin = keptWithin(comparison, row);
    }
    return suspect;
}

Report buildReport(const ComparisonPtr& comparisonPtr, const ReportOptions& options)
{
    const Comparison& comparison = *comparisonPtr;
    const Analysis& analysis = comparison.analysis();
    const Profile& profile = analysis.profile();
    Report report;
    report.file = options.file;
    report.baseFile = options.baseFile;
    report.info = profile.info();
    report.info.blocksCounted = comparison.countsBlocks(); // against a base run too
    report.totals = profile.totals();
    report.warnings = profile.warnings();
    report.truncated = profile.truncated();
    report.runTruncated = profile.truncated();
    if (const Analysis* base = comparison.base()) {
        for (const auto& warning : base->profile().warnings())
            report.warnings.push_back(options.baseFile + ": " + warning);
        report.truncated = report.truncated || base->profile().truncated();
        report.baseTimeUnit = base->profile().info().timeUnit;
    } else {
        report.baseTimeUnit = report.info.timeUnit;
    }
    report.grouping = comparison.grouping();
    report.from = comparison.from();
    report.to = comparison.to();
    report.timeUnit = report.info.timeUnit;
    report.filter = comparison.filter().text();
    report.classFilter = comparison.filter().growthClass();

    const DiffResult& diff = comparison.diff();
    report.total = makeRow(diff, diff.total, "total");
    report.totalHint = classHintText(diff.shapedTotal(), report.info, &report.total.growth);
    report.native = diff.native;
    report.retained = diff.retained;
    report.untouched = diff.untouched;
    report.noBreakdown = noBreakdownNote(profile);
    report.fewTrees = fewTreesNote(comparison);
    report.nativeHolders = findNativeHolders(comparison);
    report.kept = findKeptObjects(comparison);
    // What the Summary tells under the heap's headline and its suspects, as the report's notes.
    const FirstScreenRows rows = firstScreenRows(comparison);
    if (const std::string atLoad = grewOnlyAtLoadText(comparison, rows); !atLoad.empty())
        report.notes.push_back(atLoad + ".");
    report.grewAllAtLoad = grewAllAtLoad(comparison, rows);
    if (const std::string aside = setAsideAtLoadText(diff.growth(diff.total)); !aside.empty())
        report.notes.push_back(aside);
    if (const std::string climbing = climbingUnderLevelText(comparison, rows); !climbing.empty())
        report.notes.push_back(climbing + ".");
    if (const std::string idle = idleTailText(comparison); !idle.empty())
        report.notes.push_back(idle + ".");
    if (!rows.growers.empty())
        if (const std::string stack = growerStackNote(comparison, *rows.growers.front()); !stack.empty())
            report.notes.push_back(stack);
    report.sampleTimes = diff.sampleTimes;
    report.suppressions = summarizeSuppressions(comparison);
    auto shown = comparison.shownRows();
    report.rowCount = shown.size();
    if (options.top != 0 && shown.size() > options.top)
        shown.resize(options.top);
    report.suspects = ReportSuspects(comparisonPtr, std::move(shown));

    if (options.typeRows) {
        const DiffResult& types = comparison.byType();
        for (size_t i = 0; i < types.rows.size() && report.types.size() < options.typeRows; ++i)
            report.types.push_back(makeRow(types, types.rows[i], types.key(types.rows[i])));
    }

    const auto& store = profile.checkpoints();
    const double start = store.time(0), end = std::max(store.time(store.size() - 1), report.totals.duration);
    report.heap = envelope(profile.timeline().heap, start, end, ReportTimelineBuckets);
    report.rss = envelope(profile.timeline().rss, start, end, ReportTimelineBuckets);
    report.marks = profile.timeline().marks;
    report.timeA = comparison.twoFiles() ? start : comparison.from().time;
    report.timeB = comparison.to().time;
    return report;
}

std::optional<GrowthBudget> parseGrowthBudget(std::string_view text, std::string& error)
{
    GrowthBudget budget;
    if (text.empty()) {
        error = "empty budget";
        return std::nullopt;
    }
    double value = 0;
    const char* begin = text.data();
    const char* end = text.data() + text.size();
    const auto [rest, ec] = std::from_chars(begin, end, value);
    if (ec != std::errc() || !std::isfinite(value) || value < 0) {
        error = "'" + std::string(text) + "' is not a size (50MB, 1.5GiB, 4096) or a share of the heap at A (10%)";
        return std::nullopt;
    }
    std::string unit = lower(std::string_view(rest, static_cast<size_t>(end - rest)));
    if (unit == "%") {
        budget.percent = value;
        return budget;
    }
    static const std::pair<const char*, double> units[] = {
        { "", 1 }, { "b", 1 }, { "k", 1e3 }, { "kb", 1e3 }, { "m", 1e6 }, { "mb", 1e6 }, { "g", 1e9 }, { "gb", 1e9 },
        { "kib", 1024.0 }, { "mib", 1048576.0 }, { "gib", 1073741824.0 }, { "tb", 1e12 }, { "tib", 1099511627776.0 },
    };
    for (const auto& [name, factor] : units) {
        if (unit == name) {
            if (value * factor > 9.2e18) {
                error = "'" + std::string(text) + "' is too large";
                return std::nullopt;
            }
            budget.bytes = static_cast<int64_t>(std::llround(value * factor));
            return budget;
        }
    }
    error = "'" + std::string(text) + "': unknown unit '" + unit + "' (B, kB, MB, GB, KiB, MiB, GiB or %)";
    return std::nullopt;
}

std::optional<std::vector<GrowthClass>> parseClassList(std::string_view text, std::string& error)
{
    std::vector<GrowthClass> classes;
    size_t start = 0;
    while (start <= text.size()) {
        const size_t comma = std::min(text.find(',', start), text.size());
        const auto name = text.substr(start, comma - start);
        const auto cls = parseGrowthClass(name);
        if (!cls) {
            error = "'" + std::string(name) + "' is not a growth class (linear, stepwise, spiky, plateau, shrinking, flat, native)";
            return std::nullopt;
        }
        classes.push_back(*cls);
        start = comma + 1;
    }
    return classes;
}

std::optional<std::string> brokenBudget(const Report& report, const std::optional<GrowthBudget>& growth,
                                        const std::vector<GrowthClass>& classes)
{
    const auto& total = report.total.row;
    if (growth && growth->bytes && total.deltaBytes() > *growth->bytes)
        return "heap grew by " + formatSignedBytes(total.deltaBytes()) + " between A and B, over the budget of "
            + formatBytes(*growth->bytes);
    if (growth && growth->percent && total.deltaBytes() > 0) {
        const double percent = total.atA.bytes > 0 ? 100.0 * static_cast<double>(total.deltaBytes()) / static_cast<double>(total.atA.bytes)
                                                   : INFINITY;
        if (percent > *growth->percent) {
            char figure[48], limit[32];
            if (std::isfinite(percent))
                std::snprintf(figure, sizeof figure, "%.1f%% of %s at A", percent, formatBytes(total.atA.bytes).c_str());
            else
                std::snprintf(figure, sizeof figure, "from nothing at A");
            std::snprintf(limit, sizeof limit, "%g%%", *growth->percent);
            return "heap grew by " + formatSignedBytes(total.deltaBytes()) + " (" + figure + ") between A and B, over the budget of "
                + limit;
        }
    }
    for (GrowthClass cls : classes) {
        if (cls == GrowthClass::Native) {
            if (report.native)
                return "the process grew natively: " + nativeFinding(*report.native);
            continue;
        }
        for (size_t i = 0; i < report.suspects.size(); ++i) {
            const DiffRow& row = report.suspects.row(i);
            // Nor does a growth of a few samples break one, nor a few blocks made once.
            if (row.cls == cls && row.deltaBytes() > 0 && !negligibleGrowth(row, total) && !fewBlocksKept(row, total)
                && !report.suspects.madeAtLoad(i) && !report.suspects.heldByThreads(i) && !report.suspects.replacing(i)
                && !tooFewSamples(row, report.info.sampleIntervalBytes)) {
                const ReportSuspect suspect = report.suspects.brief(i);
                return "suspect #" + std::to_string(suspect.rank) + " grew " + growthClassName(cls) + " by "
                    + formatSignedBytes(row.deltaBytes()) + ": " + suspect.key;
            }
        }
    }
    return std::nullopt;
}

} // namespace heapline
