#pragma once

#include "importers/Importer.h"

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

// Loads a profile; shows progress on stderr when it is a terminal. On failure prints the
// error as one line and returns nullptr.
std::shared_ptr<const Profile> loadProfile(const std::string& path);

} // namespace heapline::cli
