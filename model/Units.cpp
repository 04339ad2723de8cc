#include "Units.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace heapline {

std::string formatBytes(int64_t bytes)
{
    const double magnitude = std::fabs(static_cast<double>(bytes));
    static const char* const units[] = { "B", "kB", "MB", "GB", "TB", "PB" };
    if (magnitude < 1000)
        return std::to_string(bytes) + " B";
    double value = static_cast<double>(bytes);
    size_t unit = 0;
    while (std::fabs(value) >= 1000 && unit + 1 < std::size(units)) {
        value /= 1000;
        ++unit;
    }
    char text[32];
    std::snprintf(text, sizeof text, std::fabs(value) < 10 ? "%.2f %s" : std::fabs(value) < 100 ? "%.1f %s" : "%.0f %s",
                  value, units[unit]);
    return text;
}

std::string formatSignedBytes(int64_t bytes)
{
    std::string text = bytes > 0 ? "+" : bytes < 0 ? "\u2212" : "";
    text += formatBytes(bytes < 0 ? -bytes : bytes);
    return text;
}

std::string formatCountOf(int64_t count, std::string_view one, std::string_view many)
{
    return formatCount(count) + " " + std::string(count == 1 || count == -1 ? one : many);
}

std::string formatCount(int64_t count)
{
    std::string digits = std::to_string(count < 0 ? -count : count);
    std::string out;
    for (size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0)
            out += ',';
        out += digits[i];
    }
    if (count < 0)
        out.insert(out.begin(), '-');
    return out;
}

std::string formatSignedCount(int64_t count)
{
    return (count > 0 ? "+" : "") + formatCount(count);
}

std::string formatSignedCountOf(int64_t count, std::string_view one, std::string_view many)
{
    return formatSignedCount(count) + " " + std::string(count == 1 || count == -1 ? one : many);
}

std::string formatTime(double time, TimeUnit unit)
{
    char text[48];
    switch (unit) {
    case TimeUnit::Milliseconds:
        if (std::fabs(time) < 1000)
            std::snprintf(text, sizeof text, "%.0f ms", time);
        else
            std::snprintf(text, sizeof text, "%.3f s", time / 1000);
        return text;
    case TimeUnit::Seconds:
        std::snprintf(text, sizeof text, "%.3f s", time);
        return text;
    case TimeUnit::Instructions:
        if (std::fabs(time) >= 1e9)
            std::snprintf(text, sizeof text, "%.2f G instr", time / 1e9);
        else if (std::fabs(time) >= 1e6)
            std::snprintf(text, sizeof text, "%.2f M instr", time / 1e6);
        else if (std::fabs(time) >= 1e4)
            std::snprintf(text, sizeof text, "%.1f k instr", time / 1e3);
        else
            std::snprintf(text, sizeof text, "%.0f instr", time);
        return text;
    case TimeUnit::Bytes:
        return formatBytes(static_cast<int64_t>(time)) + " allocated";
    }
    return std::to_string(time);
}

double niceStep(double span, int ticks)
{
    if (!(span > 0))
        return 1;
    const double raw = span / std::max(1, ticks);
    const double power = std::pow(10.0, std::floor(std::log10(raw)));
    for (double factor : { 1.0, 2.0, 5.0, 10.0 })
        if (raw <= factor * power)
            return factor * power;
    return 10 * power;
}

} // namespace heapline
