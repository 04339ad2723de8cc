#include "DiffCommand.h"

#include "CliSupport.h"
#include "model/Diff.h"
#include "model/TimeSpec.h"
#include "model/Units.h"

#include <cmath>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <iostream>
#include <optional>

namespace heapline::cli {

namespace {

const char* const Usage = "usage: heapline-cli diff [--json] FILE [--base OTHER_FILE] [--from T] [--to T]\n"
                          "                         [--by callsite|function|file|line|module|type] [--top N] [--rules FILE]\n"
                          "  T: 12.5s, 800ms, 12.5 (the file's unit), start, end, peak, 40%, #7 (checkpoint), mark:NAME\n"
                          "  --base: A is taken in OTHER_FILE (before; its end unless --from says otherwise), B in FILE (after)";

struct Arguments {
    bool json = false;
    std::string file;
    std::string base;
    std::string from; // start; with --base, the end of the base run
    std::string to = "end";
    Grouping grouping = Grouping::Function;
    size_t top = 20;
    bool topGiven = false;
    std::string rulesFile;
};

std::optional<Arguments> parse(const std::vector<std::string>& args, int& status)
{
    Arguments parsed;
    for (size_t i = 0; i < args.size(); ++i) {
        const std::string& arg = args[i];
        const auto value = [&](const char* option) -> std::optional<std::string> {
            if (i + 1 >= args.size()) {
                status = usageError(std::string("diff: ") + option + " needs a value\n" + Usage);
                return std::nullopt;
            }
            return args[++i];
        };
        if (arg == "--json") {
            parsed.json = true;
        } else if (arg == "-h" || arg == "--help") {
            std::cout << Usage << '\n';
            status = Ok;
            return std::nullopt;
        } else if (arg == "--base" || arg == "--from" || arg == "--to" || arg == "--by" || arg == "--top" || arg == "--rules") {
            const auto v = value(arg.c_str());
            if (!v)
                return std::nullopt;
            if (arg == "--base")
                parsed.base = *v;
            else if (arg == "--from")
                parsed.from = *v;
            else if (arg == "--to")
                parsed.to = *v;
            else if (arg == "--rules")
                parsed.rulesFile = *v;
            else if (arg == "--by") {
                const auto grouping = parseGrouping(*v);
                if (!grouping) {
                    status = usageError("diff: --by " + *v + ": expected callsite, function, file, line, module or type");
                    return std::nullopt;
                }
                parsed.grouping = *grouping;
            } else {
                char* end = nullptr;
                const long long n = std::strtoll(v->c_str(), &end, 10);
                if (!end || *end || n < 0) {
                    status = usageError("diff: --top " + *v + ": expected a number (0 for all rows)");
                    return std::nullopt;
                }
                parsed.top = static_cast<size_t>(n);
                parsed.topGiven = true;
            }
        } else if (arg.starts_with("-") && arg != "-") {
            status = usageError("diff: unknown option " + arg + "\n" + Usage);
            return std::nullopt;
        } else if (parsed.file.empty()) {
            parsed.file = arg;
        } else {
            status = usageError("diff: more than one FILE given (compare two files with --base)\n" + std::string(Usage));
            return std::nullopt;
        }
    }
    if (parsed.file.empty()) {
        status = usageError("diff: no FILE given\n" + std::string(Usage));
        return std::nullopt;
    }
    return parsed;
}

nlohmann::ordered_json number(double value)
{
    if (std::isfinite(value) && value == std::floor(value) && std::fabs(value) < 9e15)
        return static_cast<int64_t>(value);
    return value;
}

nlohmann::ordered_json evidenceJson(const Growth& growth)
{
    const auto& e = growth.evidence;
    nlohmann::ordered_json json;
    if (growth.cls == GrowthClass::Native) {
        json["rss_growth_bytes"] = e.rssGrowth;
        json["heap_growth_bytes"] = e.heapGrowth;
        json["rss_minus_heap_growth_bytes"] = e.rssMinusHeapGrowth;
        return json;
    }
    json["net_bytes"] = e.net;
    json["range_bytes"] = e.range;
    json["slope_bytes_per_second"] = e.slopeIsPerSecond ? nlohmann::ordered_json(std::round(e.slopePerSecond)) : nlohmann::ordered_json(nullptr);
    json["slope_bytes_per_unit"] = e.slope;
    json["r_squared"] = std::round(e.rSquared * 1000) / 1000;
    json["steps"] = e.steps;
    json["largest_step_bytes"] = e.largestStep;
    json["spikes"] = e.spikes;
    json["drop_ratio"] = std::round(e.dropRatio * 1000) / 1000;
    json["growth_done_at"] = std::round(e.growthDoneAt * 1000) / 1000;
    return json;
}

nlohmann::ordered_json rowJson(const DiffResult& result, const DiffRow& row, const std::string& key)
{
    nlohmann::ordered_json json;
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
    json["class"] = growthClassName(row.cls);
    json["evidence"] = evidenceJson(result.growth(row));
    json["hint"] = growthHint(row.cls);
    const auto series = result.series(row);
    json["series"] = std::vector<int64_t>(series.begin(), series.end());
    return json;
}

nlohmann::ordered_json stackJson(const Analysis& analysis, CallsiteId callsite)
{
    const Profile& p = analysis.profile();
    auto frames = nlohmann::ordered_json::array();
    for (FrameId f : p.stackOf(callsite)) {
        const auto& frame = p.frames()[f];
        nlohmann::ordered_json j;
        j["function"] = std::string(p.string(frame.function));
        j["file"] = frame.file.value ? nlohmann::ordered_json(std::string(p.string(frame.file))) : nlohmann::ordered_json(nullptr);
        j["line"] = frame.line ? nlohmann::ordered_json(frame.line) : nlohmann::ordered_json(nullptr);
        j["module"] = frame.module.value ? nlohmann::ordered_json(std::string(p.string(frame.module))) : nlohmann::ordered_json(nullptr);
        frames.push_back(std::move(j));
    }
    return frames;
}

nlohmann::ordered_json specJson(const TimeSpec& spec)
{
    nlohmann::ordered_json json;
    json["requested"] = spec.requested;
    json["time"] = number(spec.time);
    json["checkpoint"] = spec.checkpoint;
    return json;
}

std::string fit(const std::string& text, size_t width)
{
    if (text.size() <= width)
        return text;
    return text.substr(0, width - 3) + "...";
}

std::string padLeft(const std::string& text, size_t width)
{
    // Column widths count characters, not bytes ("−" is three bytes).
    size_t chars = 0;
    for (unsigned char c : text)
        chars += (c & 0xC0) != 0x80;
    return chars >= width ? text : std::string(width - chars, ' ') + text;
}

} // namespace

int runDiff(const std::vector<std::string>& args)
{
    int status = UsageOrInputError;
    auto parsed = parse(args, status);
    if (!parsed)
        return status;

    FrameRules rules = FrameRules::defaults();
    if (!parsed->rulesFile.empty()) {
        std::string error;
        if (!rules.loadFile(parsed->rulesFile, &error))
            return usageError("diff: " + error);
    }
    const auto after = loadProfile(parsed->file);
    if (!after)
        return UsageOrInputError;
    std::shared_ptr<const Profile> before;
    if (!parsed->base.empty()) {
        before = loadProfile(parsed->base);
        if (!before)
            return UsageOrInputError;
    }
    if (parsed->from.empty())
        parsed->from = before ? "end" : "start";
    TimeSpec from, to;
    std::string error;
    if (!resolveTimeSpec(before ? *before : *after, parsed->from, from, error))
        return usageError("diff: --from: " + error + " in " + (before ? parsed->base : parsed->file));
    if (!resolveTimeSpec(*after, parsed->to, to, error))
        return usageError("diff: --to: " + error + " in " + parsed->file);
    if (!before && to.checkpoint < from.checkpoint)
        return usageError("diff: --from (" + parsed->from + ") comes after --to (" + parsed->to + ")");

    const auto afterAnalysis = std::make_shared<const Analysis>(after, rules);
    DiffResult result = before ? computeDiffBetween(std::make_shared<const Analysis>(before, rules), from.checkpoint, afterAnalysis,
                                                    to.checkpoint, parsed->grouping)
                               : computeDiff(afterAnalysis, from.checkpoint, to.checkpoint, parsed->grouping);
    const size_t shown = parsed->top == 0 ? result.rows.size() : std::min(parsed->top, result.rows.size());
    const auto unit = after->info().timeUnit;

    if (parsed->json) {
        nlohmann::ordered_json json;
        json["file"] = parsed->file;
        json["base_file"] = before ? nlohmann::ordered_json(parsed->base) : nlohmann::ordered_json(nullptr);
        json["grouping"] = groupingName(parsed->grouping);
        json["time_unit"] = timeUnitName(unit);
        json["from"] = specJson(from);
        json["to"] = specJson(to);
        json["total"] = rowJson(result, result.total, "total");
        json["native"] = result.native ? nlohmann::ordered_json { { "class", "native" }, { "evidence", evidenceJson(*result.native) }, { "hint", growthHint(GrowthClass::Native) } }
                                       : nlohmann::ordered_json(nullptr);
        json["row_count"] = result.rows.size();
        auto rows = nlohmann::ordered_json::array();
        for (size_t i = 0; i < shown; ++i) {
            const auto& row = result.rows[i];
            auto j = rowJson(result, row, result.key(row));
            if (parsed->grouping == Grouping::Callsite) {
                const auto callsite = result.callsite(row);
                j["stack"] = callsite ? stackJson(*afterAnalysis, *callsite) : nlohmann::ordered_json::array();
            }
            rows.push_back(std::move(j));
        }
        json["rows"] = std::move(rows);
        json["warnings"] = after->warnings();
        std::cout << json.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
        return Ok;
    }

    const auto describe = [&](const char* label, const TimeSpec& spec, TimeUnit u) {
        std::cout << label << padLeft(spec.requested, 8) << "  -> checkpoint #" << spec.checkpoint << " at " << formatTime(spec.time, u);
        if (spec.time != spec.requestedTime && spec.requested.find_first_of("0123456789") != std::string::npos && spec.requested[0] != '#')
            std::cout << " (snapped from " << formatTime(spec.requestedTime, u) << ")";
        std::cout << '\n';
    };
    std::cout << "Heapline diff of " << parsed->file << '\n';
    if (before)
        std::cout << "before: " << parsed->base << '\n';
    describe("from ", from, before ? before->info().timeUnit : unit);
    describe("to   ", to, unit);
    std::cout << "by " << groupingName(parsed->grouping) << ", " << formatCount(static_cast<int64_t>(result.rows.size())) << " rows";
    if (shown < result.rows.size())
        std::cout << " (the first " << shown << "; --top 0 for all)";
    std::cout << "; ! marks leak-like growth (linear, stepwise)\n\n";

    constexpr size_t KeyWidth = 120 - (11 + 11 + 11 + 11 + 12 + 2 + 11 + 2);
    std::cout << padLeft("delta", 11) << padLeft("rose by", 11) << padLeft("at B", 11) << padLeft("d.blocks", 11)
              << padLeft("allocs", 12) << "  " << "class" << std::string(11 - 5, ' ') << "  " << groupingName(parsed->grouping) << '\n';
    const auto printRow = [&](const DiffRow& row, const std::string& key) {
        std::string blocks = formatCount(row.deltaBlocks());
        if (row.deltaBlocks() > 0)
            blocks.insert(blocks.begin(), '+');
        std::string cls = growthClassName(row.cls);
        cls.resize(11, ' ');
        std::cout << padLeft(formatSignedBytes(row.deltaBytes()), 11) << padLeft(formatBytes(row.riseBytes()), 11)
                  << padLeft(formatBytes(row.atB.bytes), 11) << padLeft(blocks, 11)
                  << padLeft(formatCount(row.allocations), 12) << "  " << cls << (isLeakLike(row.cls) ? "! " : "  ")
                  << fit(key, KeyWidth) << '\n';
    };
    for (size_t i = 0; i < shown; ++i)
        printRow(result.rows[i], result.key(result.rows[i]));
    std::cout << std::string(120, '-') << '\n';
    printRow(result.total, "total");
    std::cout << "\n" << growthClassName(result.total.cls) << ": " << growthHint(result.total.cls) << '\n';
    if (result.native)
        std::cout << "native: RSS grew by " << formatBytes(result.native->evidence.rssGrowth) << " while the traced heap grew by "
                  << formatSignedBytes(result.native->evidence.heapGrowth) << ". " << growthHint(GrowthClass::Native) << '\n';
    for (const auto& warning : after->warnings())
        std::cerr << "warning: " << parsed->file << ": " << warning << '\n';
    return Ok;
}

} // namespace heapline::cli
