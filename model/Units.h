#pragma once

#include "Profile.h"

#include <cstdint>
#include <string>
#include <string_view>

namespace heapline {

// Human-readable figures. Sizes use powers of 1000 (kB, MB, GB), as heaptrack and massif print them.
std::string formatBytes(int64_t bytes);
std::string formatSignedBytes(int64_t bytes); // always with a sign: "+1.2 MB", "−340 B"
std::string formatCount(int64_t count); // 1,234,567
// "1 row", "1,234 rows"
std::string formatCountOf(int64_t count, std::string_view one, std::string_view many);
// "+1 block", "-1,234 blocks"
std::string formatSignedCountOf(int64_t count, std::string_view one, std::string_view many);
std::string formatSignedCount(int64_t count); // "+1,234" when positive, "-5", "0"
std::string formatTime(double time, TimeUnit unit);
// A chart axis's tick interval: 1, 2 or 5 times a power of ten, about `ticks` of them over `span`
// (1 where the span is not positive).
double niceStep(double span, int ticks);
// A path's last component: "bus.cpp" of "/tmp/f3/bus.cpp" (the whole of a path without a '/').
inline std::string_view fileNameOf(std::string_view path)
{
    return path.substr(path.find_last_of('/') + 1);
}

} // namespace heapline
