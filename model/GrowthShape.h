#pragma once

#include "Growth.h"

#include <cstdint>
#include <span>

// The shape classifier's parts (Growth.cpp, GrowthPlateau.cpp); not for use elsewhere.

namespace heapline::shape {

struct Sample {
    double time;
    int64_t value;
    int64_t high;
    int64_t level; // the value, a sample that stands above both its neighbours cut to the higher
};

// Whether a row that grew held its level through the window's last part (GrowthThresholds::
// plateauTail and the thresholds after it): a plateau, unless it grew by doublings and has paused
// since the last for no longer than it took between two (then `ev` gets that pause and gap, and
// the row is read on). `highest`: the most it stood at, inside intervals included;
// `noiseAtHighest`: a sampled estimate's noise there, where the row is read within noise.
bool readsAsPlateau(std::span<const Sample> samples, int64_t highest, double noiseAtHighest, const GrowthThresholds& th,
    GrowthEvidence& ev);

} // namespace heapline::shape
