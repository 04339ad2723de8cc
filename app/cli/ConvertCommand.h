#pragma once

#include <string>
#include <vector>

namespace heapline::cli {

// heapline-cli convert IN OUT.heapline[.zst]: any profile, saved in Heapline's own format.
int runConvert(const std::vector<std::string>& args);

// heapline-cli record -o FILE [--interval S] [--frames N] [--census-every N] -- python3 SCRIPT ARGS:
// runs a Python program under the recorder built into this binary.
int runRecord(const std::vector<std::string>& args);

} // namespace heapline::cli
