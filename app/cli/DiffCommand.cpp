#include "DiffCommand.h"

#include "CliSupport.h"
#include "DiffArguments.h"
#include "model/Comparison.h"
#include "model/HandOver.h"
#include "model/IdleTail.h"
#include "model/ReportWriters.h"
#include "model/TimeSpec.h"
#include "model/Units.h"
#include "model/Wording.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <iostream>
#include <nlohmann/json.hpp>
#include <optional>

namespace heapline::cli {

namespace {

const char* const Usage
    = "usage: heapline-cli diff [--json] FILE [--base OTHER_FILE] [--from T] [--to T]\n"
      "                         [--by callsite|function|file|line|module|type] [--top N]\n"
      "                         [--filter TEXT] [--class CLASS] [--rules FILE]\n"
      "                         [--suppressions FILE] [--disable-embedded-suppressions] "
      "[--disable-builtin-suppressions]\n"
      "  T: 12.5s, 800ms, 12.5 (the file's unit), start, end, auto (B before a teardown), peak, 40%, #7, mark:NAME\n"
      "  --base: A is taken in OTHER_FILE (before; at its auto, before its teardown, unless --from says otherwise),\n"
      "    B in FILE (after)\n"
      "  --suppressions: 'leak:PATTERN' lines (LeakSanitizer's form, as heaptrack_print takes them); matching\n"
      "    callsites leave the rows and are counted apart. The recording's own and heaptrack's built-in\n"
      "    suppressions apply unless disabled";

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
    bool asJson = false;
    auto parsed = parseDiffArguments("diff", Usage, args, status, [&](const std::string& option, const auto&, int&) {
        if (option != "--json")
            return false;
        asJson = true;
        return true;
    });
    if (!parsed)
        return status;
    const auto inputs = loadDiffInputs("diff", *parsed);
    if (!inputs)
        return UsageOrInputError;
    const auto& after = inputs->after;
    const auto& before = inputs->before;
    const TimeSpec& from = inputs->from;
    const TimeSpec& to = inputs->to;
    const auto comparison = compareInputs(*inputs, *parsed);
    const DiffResult& result = comparison->diff();
    const auto rowsShown = comparison->shownRows();
    const size_t shown = parsed->top == 0 ? rowsShown.size() : std::min(parsed->top, rowsShown.size());
    const auto unit = after->info().timeUnit;

    if (asJson) {
        nlohmann::ordered_json json;
        json["file"] = parsed->file;
        json["base_file"] = before ? nlohmann::ordered_json(parsed->base) : nlohmann::ordered_json(nullptr);
        json["grouping"] = groupingName(parsed->grouping);
        json["time_unit"] = timeUnitName(unit);
        json["from"] = timeSpecJson(from);
        json["to"] = timeSpecJson(to);
        json["total"] = diffRowJson(result, result.total, "total");
        json["native"] = nativeJson(result.native, after->info());
        json["retained"] = retainedJson(result.retained);
        json["untouched"] = untouchedJson(result.untouched);
        writeKeptObjectsJson(json, findKeptObjects(*comparison));
        json["native_holders"] = nativeHoldersJson(findNativeHolders(*comparison));
        json["suppressions"] = suppressionsJson(summarizeSuppressions(*comparison));
        json["row_count"] = rowsShown.size();
        json["rows"] = nlohmann::ordered_json::array();
        json["warnings"] = after->warnings();
        OstreamSink sink(std::cout);
        writeJsonStreamingArray(
            json, "rows", shown,
            [&](size_t i) {
                const auto& row = result.rows[rowsShown[i]];
                auto j = diffRowJson(result, row, result.key(row));
                if (parsed->grouping == Grouping::Callsite)
                    j["stack"] = stackJson(comparison->stack(row));
                return j;
            },
            sink);
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
    std::cout << "by " << groupingName(parsed->grouping) << ", "
              << formatCountOf(static_cast<int64_t>(rowsShown.size()), "row", "rows");
    if (!comparison->filter().empty())
        std::cout << " of " << formatCount(static_cast<int64_t>(result.rows.size())) << " (filtered)";
    if (shown < rowsShown.size())
        std::cout << " (the first " << shown << "; --top 0 for all)";
    std::cout << "; ! marks leak-like growth (linear, stepwise)";
    // In a sampled recording, a row of a sample or two has a class but no shape worth the name.
    const int64_t sampleInterval = after->info().sampleIntervalBytes;
    if (sampleInterval > 0)
        std::cout << ", ? a shape from too few samples to tell";
    // massif lists no entry under its threshold: a row that sank under it reads 0, not gone.
    const bool anyUnlisted = std::any_of(rowsShown.begin(), rowsShown.begin() + static_cast<std::ptrdiff_t>(shown),
        [&](size_t i) { return result.rows[i].underThreshold; });
    if (anyUnlisted)
        std::cout << ", ? under massif's threshold at B (its bytes there in \"below massif's threshold\")";
    if (before && after->totals().allocations.has_value())
        std::cout << "; d.allocs: this run's allocations up to B less the base run's up to A";
    std::cout << "\n\n";

    constexpr size_t KeyWidth = 120 - (11 + 11 + 11 + 11 + 12 + 2 + 11 + 2);
    std::cout << padLeft("delta", 11) << padLeft("rose by", 11) << padLeft("at B", 11) << padLeft("d.blocks", 11)
              << padLeft(before ? "d.allocs" : "allocs", 12) << "  "
              << "class" << std::string(11 - 5, ' ') << "  " << groupingName(parsed->grouping) << '\n';
    // A format of snapshots (massif, the recorder's) counts no allocation: "0" read as none made.
    const bool countsEvents = after->totals().allocations.has_value();
    // Nor blocks (massif): "0" read as none live.
    const bool countsBlocks = comparison->countsBlocks();
    const auto printRow = [&](const DiffRow& row, const std::string& key) {
        const std::string blocks = countsBlocks ? formatSignedCount(row.deltaBlocks()) : std::string("-");
        std::string cls = growthClassName(row.cls);
        cls.resize(11, ' ');
        std::cout << padLeft(formatSignedBytes(row.deltaBytes()), 11) << padLeft(formatBytes(row.riseBytes()), 11)
                  << padLeft(formatBytes(row.atB.bytes), 11) << padLeft(blocks, 11)
                  << padLeft(countsEvents ? formatCount(row.allocations) : std::string("-"), 12) << "  " << cls
                  << (row.leakLike                                 ? "! "
                             : shapeUncertain(row, sampleInterval) ? "? "
                                                                   : "  ")
                  << fit(key, KeyWidth) << '\n';
    };
    for (size_t i = 0; i < shown; ++i)
        printRow(result.rows[rowsShown[i]], result.key(result.rows[rowsShown[i]]));
    std::cout << std::string(120, '-') << '\n';
    printRow(result.total, "total");
    // A total of a few samples has a class but no shape: its hint would read more into it.
    const FirstScreenRows named = firstScreenRows(*comparison);
    const bool allAtLoad = grewAllAtLoad(*comparison, named);
    if (const std::string nothing = noBreakdownNote(*after); !nothing.empty())
        std::cout << '\n' << nothing << '\n';
    else
        std::cout << "\n"
                  << (before ? "this run, from its start to B, " : "") << growthClassName(result.total.cls) << ": " <<
            [&] {
                if (allAtLoad)
                    return capitalized(grewOnlyAtLoadText(*comparison, named)) + ".";
                const Growth total = result.growth(result.total);
                return classHintText(result.shapedTotal(), after->info(), &total);
            }() << '\n';
    if (const std::string atLoad = grewOnlyAtLoadText(*comparison, named); !atLoad.empty() && !allAtLoad)
        std::cout << atLoad << ".\n";
    if (const std::string climbing = climbingUnderLevelText(*comparison, named); !climbing.empty())
        std::cout << climbing << ".\n";
    if (const std::string idle = idleTailText(*comparison); !idle.empty())
        std::cout << idle << ".\n";
    if (const std::string finer = finerSamplingText(result.total, after->info(), result.native); !finer.empty())
        std::cout << finer << '\n';
    if (const std::string few = fewTreesNote(*comparison); !few.empty())
        std::cout << few << '\n';
    if (const std::string fall = finalFallText(result.growth(result.total)); !fall.empty())
        std::cout << fall << '\n';
    if (const std::string aside = setAsideAtLoadText(result.growth(result.total)); !aside.empty())
        std::cout << aside << '\n';
    if (const auto s = summarizeSuppressions(*comparison); s.callsites)
        std::cout << "suppressed: " << formatSignedBytes(s.betweenAandB ? s.betweenAandB->deltaBytes() : 0)
                  << " between A and B, left out of the rows; of what was "
                  << endStateWords(after->info(), after->totals().duration, after->truncated()).phrase << ": "
                  << s.sentence << '\n';
    if (result.native) {
        std::cout << "native: " << nativeFinding(*result.native) << ". "
                  << nativeHintText(after->info(), *result.native) << '\n';
        if (const std::string holders = nativeHoldersText(findNativeHolders(*comparison)); !holders.empty())
            std::cout << holders << ".\n";
    }
    if (result.retained)
        std::cout << retainedFinding(*result.retained) << ".\n";
    if (result.untouched)
        std::cout << untouchedFinding(*result.untouched) << ".\n";
    if (const std::string stacks = stacksText(after->timeline(), result.timeA, result.timeB, after->info().timeUnit);
        !stacks.empty() && !comparison->twoFiles())
        std::cout << stacks << ".\n";
    if (!named.growers.empty()) {
        // A suspect whose batches give it its shape, with a leak on one of its lines (or
        // callsites), as the Summary tells it under the row.
        for (const DiffRow* row : named.growers)
            for (const KeptLine& line : keptWithin(*comparison, *row))
                std::cout << "within " << result.key(*row) << ", " << formatSignedBytes(line.bytes) << " stayed at "
                          << line.label << ": " << keptWithinNote(line) << " (--by " << groupingName(line.grouping)
                          << ").\n";
        if (const std::string note = growerStackNote(*comparison, *named.growers.front()); !note.empty())
            std::cout << note << '\n';
        if (const std::string grown = topGrownByCopiesText(*comparison, *named.growers.front()); !grown.empty())
            std::cout << comparison->shortKey(*named.growers.front()) << ": " << grown << '\n';
        if (const std::string handedOver = handOverText(*comparison, *named.growers.front()); !handedOver.empty())
            std::cout << comparison->shortKey(*named.growers.front()) << ": " << handedOver << '\n';
    }
    for (const Replacement& replacement : result.replacements)
        std::cout << replacement.replacerKey << ' ' << replacerText(replacement) << " (not marked leak-like).\n";
    for (const auto& kept : keptFindings(*comparison)) {
        std::string label = kept.label;
        label[0] = static_cast<char>(label[0] - 'A' + 'a');
        std::cout << label << ": " << kept.text << ".\n";
    }
    for (const auto& warning : after->warnings())
        std::cerr << "warning: " << parsed->file << ": " << warning << '\n';
    return Ok;
}

} // namespace heapline::cli
