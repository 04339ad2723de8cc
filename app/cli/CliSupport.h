#pragma once

#include "importers/Importer.h"
#include "model/Suppressions.h"

#include <functional>
#include <optional>

#include <string>
#include <vector>

namespace heapline::cli {

// Exit statuses shared by every command.
enum ExitStatus : int {
    Ok = 0,
    BudgetExceeded = 1,
    UsageOrInputError = 2,
};

// Prints "heapline-cli: <message>" on stderr and returns UsageOrInputError.
int usageError(const std::string& message);

// "--to=end" as "--to" "end", as GNU's tools take it (every option of every command was refused
// so: "unknown option --to=end"); not past "--", where the program's own arguments begin.
std::vector<std::string> splitOptionValues(std::vector<std::string> args);

// Loads a profile; shows progress on stderr when it is a terminal. On failure prints the
// error as one line and returns nullptr.
std::shared_ptr<const Profile> loadProfile(const std::string& path, const ImportOptions& options = {});

// heaptrack_print's suppression options, which summary, diff and report share:
// --suppressions FILE (repeatable), --disable-embedded-suppressions, --disable-builtin-suppressions.
struct SuppressionArguments {
    std::vector<std::string> files;
    bool embedded = true;
    bool builtin = true;

    static constexpr const char* Usage = "[--suppressions FILE] [--disable-embedded-suppressions] [--disable-builtin-suppressions]";
    // True when `option` is one of them (`value` takes a FILE; false from it means an error printed).
    bool take(const std::string& option, const std::function<std::optional<std::string>()>& value, bool& failed);
    // Reads the files; prints "COMMAND: FILE:LINE: …" and returns nothing on a bad file.
    std::optional<SuppressionSettings> settings(const std::string& command) const;
};

// "Suppressed   2.08 kB of the leaked bytes (17 callsites; 3 of 7 rules matched)" and the like, for
// the figures at the end of the run.
std::string suppressedLine(const Profile& profile, const SuppressedCallsites& suppressed);

} // namespace heapline::cli
