#pragma once

#include "CliSupport.h"
#include "model/Analysis.h"
#include "model/Comparison.h"
#include "model/TimeSpec.h"

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace heapline::cli {

// What `diff` and `report` both take: FILE [--base OTHER] [--from T] [--to T] [--by G] [--top N]
// [--filter TEXT] [--class C] [--rules FILE]
// and the suppression options (SuppressionArguments), and the profiles and checkpoints they resolve to.
struct DiffArguments {
    std::string file;
    std::string base;
    std::string from; // start; with --base, the base run's auto (before its teardown)
    std::string to = "auto"; // before the teardown when the run ends with one, else the end
    Grouping grouping = Grouping::Function;
    size_t top = 20;
    std::string rulesFile;
    std::string filter; // rows whose key contains it, ignoring case (the GUI's filter)
    std::optional<GrowthClass> growthClass;
    SuppressionArguments suppressionArguments;
    SuppressionSettings suppressions; // read by loadDiffInputs
};

// A command's own options: given an option and a way to take its value, returns true when it
// knew the option (and sets `status` on failure, returning false from `value`).
using ExtraOption = std::function<bool(const std::string& option, const std::function<std::optional<std::string>()>& value, int& status)>;

// Parses the arguments of `command` ("diff", "report"); on --help or an error returns nothing
// with `status` set (the usage or the error printed).
std::optional<DiffArguments> parseDiffArguments(const std::string& command, const std::string& usage,
                                                const std::vector<std::string>& args, int& status, const ExtraOption& extra = {});

struct DiffInputs {
    std::shared_ptr<const Profile> after;
    std::shared_ptr<const Profile> before; // null without --base
    std::shared_ptr<const Analysis> afterAnalysis;
    std::shared_ptr<const Analysis> beforeAnalysis;
    TimeSpec from;
    TimeSpec to;
};

// Loads the files and resolves A and B; on failure prints one line and returns nothing.
std::optional<DiffInputs> loadDiffInputs(const std::string& command, DiffArguments& arguments);

// The comparison `diff` and `report` print.
ComparisonPtr compareInputs(const DiffInputs& inputs, const DiffArguments& arguments);

} // namespace heapline::cli
