#pragma once

#include <string>
#include <vector>

namespace heapline::cli {

// heapline-cli diff: what grew between two points in time, grouped, classified.
int runDiff(const std::vector<std::string>& args);

} // namespace heapline::cli
