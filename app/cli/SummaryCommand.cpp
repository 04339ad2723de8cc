#include "SummaryCommand.h"

#include "CliSupport.h"
#include "model/Units.h"
#include "model/Wording.h"

#include <cmath>
#include <cstdlib>
#include <iomanip>
#include <iostream>

namespace heapline::cli {

namespace {

// Whole numbers print as integers (8854, not 8854.0): times in ms or instructions are integral.
nlohmann::ordered_json number(double value)
{
    if (std::isfinite(value) && value == std::floor(value) && std::fabs(value) < 9e15)
        return static_cast<int64_t>(value);
    return value;
}

template <typename T>
nlohmann::ordered_json optional(const std::optional<T>& value)
{
    return value ? nlohmann::ordered_json(*value) : nlohmann::ordered_json(nullptr);
}

nlohmann::ordered_json orNull(const std::string& text)
{
    return text.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(text);
}

} // namespace

nlohmann::ordered_json summaryJson(const Profile& profile, const SuppressedCallsites& suppressed)
{
    const auto& info = profile.info();
    const auto& totals = profile.totals();
    nlohmann::ordered_json json;
    json["format"] = info.format;
    json["format_version"] = orNull(info.formatVersion);
    json["command"] = orNull(info.command);
    json["time_unit"] = timeUnitName(info.timeUnit);
    json["duration"] = number(totals.duration);
    json["allocations"] = optional(totals.allocations);
    json["temporary_allocations"] = optional(totals.temporaryAllocations);
    json["frees"] = optional(totals.frees);
    json["peak_heap_bytes"] = totals.peakHeapBytes;
    json["peak_time"] = number(totals.peakTime);
    json["peak_rss_bytes"] = optional(totals.peakRssBytes);
    json["leaked_bytes"] = totals.leakedBytes;
    json["suppressed_bytes"] = suppressed.bytesAt(profile, profile.checkpointCount() - 1);
    json["callsites"] = profile.callsiteCount();
    json["checkpoints"] = profile.comparableCheckpoints();
    if (totals.snapshots)
        json["snapshots"] = *totals.snapshots;
    json["producer"] = orNull(info.producer);
    json["sample_interval_bytes"] = info.sampleIntervalBytes > 0 ? nlohmann::json(info.sampleIntervalBytes) : nlohmann::json();
    if (std::getenv("HEAPLINE_DEBUG_MEMORY")) {
        // What the model holds, for measuring a load's memory (not part of the documented output).
        json["debug_nodes"] = profile.stacks().size();
        json["debug_frames"] = profile.frames().size();
        json["debug_entries"] = profile.checkpoints().entryCount();
        json["debug_model_bytes"] = profile.memoryBytes();
        json["debug_stacks_bytes"] = profile.stacks().memoryBytes();
        json["debug_cp_bytes"] = profile.checkpoints().memoryBytes();
    }
    json["truncated"] = profile.truncated();
    json["warnings"] = profile.warnings();
    return json;
}

int runSummary(const std::vector<std::string>& args)
{
    const std::string usage = std::string("usage: heapline-cli summary [--json] FILE ") + SuppressionArguments::Usage;
    bool asJson = false;
    std::string path;
    SuppressionArguments suppressionArguments;
    for (size_t i = 0; i < args.size(); ++i) {
        const std::string& arg = args[i];
        bool failed = false;
        const auto value = [&]() -> std::optional<std::string> {
            if (i + 1 >= args.size()) {
                usageError("summary: " + arg + " needs a value (" + usage + ")");
                return std::nullopt;
            }
            return args[++i];
        };
        if (suppressionArguments.take(arg, value, failed)) {
            if (failed)
                return UsageOrInputError;
        } else if (arg == "--json")
            asJson = true;
        else if (arg == "-h" || arg == "--help") {
            std::cout << usage << '\n';
            return Ok;
        } else if (arg.starts_with("-") && arg != "-")
            return usageError("summary: unknown option " + arg + " (" + usage + ")");
        else if (path.empty())
            path = arg;
        else
            return usageError("summary: more than one FILE given (" + usage + ")");
    }
    if (path.empty())
        return usageError("summary: no FILE given (" + usage + ")");
    const auto settings = suppressionArguments.settings("summary");
    if (!settings)
        return UsageOrInputError;

    ImportOptions options;
    options.sizes = false; // whole-run figures need no size histogram
    options.suppressions = *settings;
    const auto profile = loadProfile(path, options);
    if (!profile)
        return UsageOrInputError;
    const auto suppressedCallsitesOfProfile = suppressedCallsites(*profile, *settings);
    const SuppressedCallsites& suppressed = *suppressedCallsitesOfProfile;

    if (asJson) {
        // Invalid UTF-8 in symbols or command lines is replaced, not fatal.
        std::cout << summaryJson(*profile, suppressed).dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
        return Ok;
    }
    const auto& info = profile->info();
    const auto& totals = profile->totals();
    const auto unit = info.timeUnit;
    std::cout << "Profile      " << path << '\n';
    std::cout << "Format       " << info.format;
    if (!info.formatVersion.empty())
        std::cout << " (file format " << info.formatVersion << (info.producer.empty() ? "" : ", " + info.producer) << ")";
    std::cout << '\n';
    if (const std::string sampling = samplingText(info); !sampling.empty())
        std::cout << "Heap figures " << sampling << '\n';
    if (!info.command.empty())
        std::cout << "Command      " << info.command << '\n';
    std::cout << "Duration     " << formatTime(totals.duration, unit) << '\n';
    if (totals.allocations) {
        std::cout << "Allocations  " << formatCount(*totals.allocations);
        if (totals.temporaryAllocations)
            std::cout << " (" << formatCount(*totals.temporaryAllocations) << " temporary)";
        if (totals.frees)
            std::cout << ", " << formatCount(*totals.frees) << " frees";
        std::cout << '\n';
    }
    std::cout << "Peak heap    " << formatBytes(totals.peakHeapBytes) << " (" << formatCount(totals.peakHeapBytes)
              << " B) " << peakWhen(*profile) << '\n';
    if (totals.peakRssBytes)
        std::cout << "Peak RSS     " << formatBytes(*totals.peakRssBytes) << '\n';
    const EndStateWords end = endStateWords(profile->info(), totals.duration, profile->truncated());
    std::cout << std::left << std::setw(13) << end.label << std::right << formatBytes(totals.leakedBytes) << " ("
              << formatCount(totals.leakedBytes) << " B) " << end.phrase;
    if (!suppressed.rules().empty())
        std::cout << "; " << suppressedLine(*profile, suppressed);
    std::cout << '\n';
    std::cout << "Callsites    " << formatCount(static_cast<int64_t>(profile->callsiteCount())) << ", "
              << profile->comparableCheckpoints() << " checkpoints to compare\n";
    for (const auto& warning : profile->warnings())
        std::cerr << "warning: " << path << ": " << warning << '\n';
    return Ok;
}

} // namespace heapline::cli
