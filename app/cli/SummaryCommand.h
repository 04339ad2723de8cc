#pragma once

#include "model/Profile.h"

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace heapline::cli {

// The whole-run figures as one JSON object (null where the format lacks the figure).
nlohmann::ordered_json summaryJson(const Profile& profile);

int runSummary(const std::vector<std::string>& args);

} // namespace heapline::cli
