#pragma once

#include "Growth.h"

#include <cstdint>
#include <string>

namespace heapline {

class DiffResult;

// A row that grew while another fell by about as much, the two together holding steady: it
// replaces blocks the other made. A service builds a table at start (build_table) and renews its
// entries one by one (refresh_entry): by allocation site, refresh_entry climbs by as much as
// build_table falls, and read "+3.07 MB, linear (leak-like)", the top suspect, above the leak.
struct Replacement {
    uint32_t replacer = 0; // DiffRow::group of the row that grew
    uint32_t replaced = 0; // DiffRow::group of the row that fell
    std::string replacerKey; // as prose names the rows (a callsite by its leaf and two callers)
    std::string replacedKey;
    int64_t grew = 0; // the replacer's growth from the other's highest to B
    int64_t fell = 0; // the other's fall over the same samples
};

// Finds them among a one-file diff's ranked rows of exact figures (leak-like growers against rows
// that fell from a high in the window) and unmarks the replacers' leak-likeness: their growth is
// no growth of the two together. A replacer that also keeps more than it replaces (their sum
// climbing by more than a tenth of what it grew by) is no replacement.
void findReplacements(DiffResult& result, const GrowthThresholds& thresholds);

// "grew by 3.07 MB as build_table fell by 3.07 MB: it replaces blocks build_table made, and the
// two hold steady together", and the other's side of it.
std::string replacerText(const Replacement& replacement);
std::string replacedText(const Replacement& replacement);

} // namespace heapline
