#include "DiffArguments.h"

#include "CliSupport.h"

#include <cstdlib>
#include <iostream>

namespace heapline::cli {

std::optional<DiffArguments> parseDiffArguments(const std::string& command, const std::string& usage,
                                                const std::vector<std::string>& args, int& status, const ExtraOption& extra)
{
    DiffArguments parsed;
    for (size_t i = 0; i < args.size(); ++i) {
        const std::string& arg = args[i];
        const auto value = [&]() -> std::optional<std::string> {
            if (i + 1 >= args.size()) {
                status = usageError(command + ": " + arg + " needs a value\n" + usage);
                return std::nullopt;
            }
            return args[++i];
        };
        if (arg == "-h" || arg == "--help") {
            std::cout << usage << '\n';
            status = Ok;
            return std::nullopt;
        }
        if (extra) {
            int extraStatus = Ok;
            if (extra(arg, value, extraStatus)) {
                if (extraStatus != Ok) {
                    status = extraStatus;
                    return std::nullopt;
                }
                continue;
            }
        }
        bool failed = false;
        if (parsed.suppressionArguments.take(arg, value, failed)) {
            if (failed)
                return std::nullopt;
            continue;
        }
        if (arg == "--base" || arg == "--from" || arg == "--to" || arg == "--by" || arg == "--top" || arg == "--rules" || arg == "--filter"
            || arg == "--class") {
            const auto v = value();
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
            else if (arg == "--filter")
                parsed.filter = *v;
            else if (arg == "--class") {
                parsed.growthClass = parseGrowthClass(*v);
                if (!parsed.growthClass || *parsed.growthClass == GrowthClass::Native) {
                    status = usageError(command + ": --class " + *v + ": expected linear, stepwise, spiky, plateau, shrinking or flat");
                    return std::nullopt;
                }
            }
            else if (arg == "--by") {
                const auto grouping = parseGrouping(*v);
                if (!grouping) {
                    status = usageError(command + ": --by " + *v + ": expected callsite, function, file, line, module or type");
                    return std::nullopt;
                }
                parsed.grouping = *grouping;
            } else {
                char* end = nullptr;
                const long long n = std::strtoll(v->c_str(), &end, 10);
                if (!end || *end || n < 0 || v->empty()) {
                    status = usageError(command + ": --top " + *v + ": expected a number (0 for all rows)");
                    return std::nullopt;
                }
                parsed.top = static_cast<size_t>(n);
            }
        } else if (arg.starts_with("-") && arg != "-") {
            status = usageError(command + ": unknown option " + arg + "\n" + usage);
            return std::nullopt;
        } else if (parsed.file.empty()) {
            parsed.file = arg;
        } else {
            status = usageError(command + ": more than one FILE given (compare two files with --base)\n" + usage);
            return std::nullopt;
        }
    }
    if (parsed.file.empty()) {
        status = usageError(command + ": no FILE given\n" + usage);
        return std::nullopt;
    }
    return parsed;
}

std::optional<DiffInputs> loadDiffInputs(const std::string& command, DiffArguments& arguments)
{
    FrameRules rules = FrameRules::defaults();
    if (!arguments.rulesFile.empty()) {
        std::string error;
        if (!rules.loadFile(arguments.rulesFile, &error)) {
            usageError(command + ": " + error);
            return std::nullopt;
        }
    }
    const auto suppressions = arguments.suppressionArguments.settings(command);
    if (!suppressions)
        return std::nullopt;
    arguments.suppressions = *suppressions;
    ImportOptions options;
    options.suppressions = arguments.suppressions;
    DiffInputs inputs;
    inputs.after = loadProfile(arguments.file, options);
    if (!inputs.after)
        return std::nullopt;
    if (!arguments.base.empty()) {
        inputs.before = loadProfile(arguments.base, options);
        if (!inputs.before)
            return std::nullopt;
    }
    if (arguments.from.empty())
        arguments.from = inputs.before ? "auto" : "start"; // a base run's working state, as B's
    std::string error;
    if (!resolveTimeSpec(inputs.before ? *inputs.before : *inputs.after, arguments.from, inputs.from, error)) {
        usageError(command + ": --from: " + error + " in " + (inputs.before ? arguments.base : arguments.file));
        return std::nullopt;
    }
    if (!resolveTimeSpec(*inputs.after, arguments.to, inputs.to, error)) {
        usageError(command + ": --to: " + error + " in " + arguments.file);
        return std::nullopt;
    }
    if (!inputs.before && inputs.to.checkpoint < inputs.from.checkpoint) {
        usageError(command + ": --from (" + arguments.from + ") comes after --to (" + arguments.to + ")");
        return std::nullopt;
    }
    inputs.afterAnalysis = std::make_shared<const Analysis>(inputs.after, rules);
    if (inputs.before)
        inputs.beforeAnalysis = std::make_shared<const Analysis>(inputs.before, rules);
    return inputs;
}

ComparisonPtr compareInputs(const DiffInputs& inputs, const DiffArguments& arguments)
{
    return Comparison::compute({ inputs.afterAnalysis, inputs.beforeAnalysis, inputs.from, inputs.to, arguments.grouping,
                                 RowFilter(arguments.filter, arguments.growthClass), arguments.suppressions });
}

} // namespace heapline::cli
