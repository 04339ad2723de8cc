#pragma once

#include "model/Profile.h"
#include "model/Suppressions.h"

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace heapline::cli {

// The whole-run figures as one JSON object (null where the format lacks the figure).
// `suppressed`: the leak suppressions in force (suppressed_bytes: the part of leaked_bytes they cover).
nlohmann::ordered_json summaryJson(const Profile& profile, const SuppressedCallsites& suppressed);

int runSummary(const std::vector<std::string>& args);

} // namespace heapline::cli
