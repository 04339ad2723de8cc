#include "Growth.h"

#include <algorithm>
#include <cmath>

// The process findings, read from RSS beside the traced heap between A and B: native growth the
// tracer never saw, memory the allocator retained after the heap gave it back, and a heap mostly
// never written to. A row's shape is Growth.cpp's.

namespace heapline {

namespace {

// Whether RSS grew enough to speak of (nativeRssGrowth of its level at A, and nativeMinBytes):
// the first condition of both process findings, native and retained.
bool rssGrew(int64_t rssA, int64_t rssB, const GrowthThresholds& th)
{
    const int64_t rssGrowth = rssB - rssA;
    return rssGrowth >= th.nativeMinBytes
        && static_cast<double>(rssGrowth) >= th.nativeRssGrowth * static_cast<double>(rssA);
}

} // namespace

std::optional<Growth> classifyNative(int64_t heapA, int64_t heapHigh, int64_t rssA, int64_t rssB,
    const GrowthThresholds& th, std::optional<int64_t> rssUntilHeapHigh)
{
    const int64_t rssGrowth = rssB - rssA;
    const int64_t heapGrowth = std::max<int64_t>(heapHigh - heapA, 0);
    if (!rssGrew(rssA, rssB, th))
        return std::nullopt;
    const double grown = static_cast<double>(rssGrowth);
    const int64_t afterHigh = rssUntilHeapHigh ? rssB - *rssUntilHeapHigh : -1;
    const bool grewAfterHigh = afterHigh >= th.nativeMinBytes
        && static_cast<double>(afterHigh) >= th.nativeAfterHighShare * grown
        && static_cast<double>(heapGrowth) <= th.nativeHeapShareAfterHigh * grown;
    if (static_cast<double>(heapGrowth) > th.nativeHeapShare * grown && !grewAfterHigh)
        return std::nullopt;
    Growth growth;
    growth.evidence.rssAfterHeapHigh = afterHigh;
    growth.cls = GrowthClass::Native;
    growth.evidence.rssGrowth = rssGrowth;
    growth.evidence.heapGrowth = heapGrowth;
    growth.evidence.rssMinusHeapGrowth = rssGrowth - heapGrowth;
    growth.evidence.net = rssGrowth;
    return growth;
}

std::optional<RetainedMemory> findRetained(
    int64_t heapA, int64_t heapHigh, int64_t heapB, int64_t rssA, int64_t rssB, const GrowthThresholds& th)
{
    if (!rssGrew(rssA, rssB, th))
        return std::nullopt;
    const int64_t rssGrowth = rssB - rssA;
    const int64_t heapRise = std::max<int64_t>(heapHigh - heapA, 0);
    const int64_t heapGrowth = heapB - heapA;
    // The heap rose with RSS (not native), and was freed again: RSS's growth is mostly not the
    // heap at B. (Not only where the heap gave back nearly all: a program that keeps one block in
    // 16 of each round and frees the rest, the next round's larger blocks fitting none of the
    // holes, stood 57 MB above A at B with RSS 147 MB above it.)
    if (static_cast<double>(heapRise) <= th.nativeHeapShare * static_cast<double>(rssGrowth)
        || static_cast<double>(heapGrowth) > th.retainedHeapShare * static_cast<double>(rssGrowth))
        return std::nullopt;
    RetainedMemory retained;
    retained.rssGrowth = rssGrowth;
    retained.heapRise = heapRise;
    retained.heapGrowth = heapGrowth;
    retained.retainedBytes = std::min(rssGrowth - std::max<int64_t>(heapGrowth, 0), heapHigh - heapB);
    if (retained.retainedBytes < th.nativeMinBytes)
        return std::nullopt;
    // A sampled heap's highest and its level at B are estimates: what they leave of RSS must stand
    // out of their noise (a job runner sampled every 512 kB, its heap's highest an estimate of
    // four samples, would have had "2.59 MB retained" within 3.9 MB of noise).
    if (th.sampleIntervalBytes > 0
        && static_cast<double>(retained.retainedBytes) <= th.spikeNoiseSigmas * th.estimateNoise(heapHigh))
        return std::nullopt;
    return retained;
}

std::optional<UntouchedMemory> findUntouched(int64_t heapB, int64_t rssB, const GrowthThresholds& th)
{
    if (rssB <= 0 || heapB < th.untouchedMinBytes
        || static_cast<double>(rssB) >= th.untouchedRssShare * static_cast<double>(heapB))
        return std::nullopt;
    return UntouchedMemory { heapB, rssB };
}

} // namespace heapline
