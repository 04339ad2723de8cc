#include "HandOver.h"

#include "Comparison.h"
#include "Units.h"

#include <algorithm>
#include <cmath>

namespace heapline {

namespace {

// The taker rose by this share of what it grew by in one step (an interval, and up to two more
// where it settled after it: see MostIntervalsAfter); the giver fell by this
// share of that rise or more, up to FellAtMost times it (a buffer trimmed to its length gives
// back its spare capacity: grown by half each time, up to a third of it; doubled, up to a half).
constexpr double RoseInOneShare = 0.8;
constexpr double FellAtLeast = 0.9;
constexpr double FellAtMost = 2.0;
// The giver stood at this share of its highest before it and had grown that much since A: it
// grew what it gave, in the window (a block held from before A was not grown here).
constexpr double AtItsHighShare = 0.8;
// The giver let go of this share of what it had grown since A or more: a function that keeps
// 25 MB and freed a 4 kB block as another made one gave nothing over.
constexpr double GaveShare = 0.5;
// The taker's growth is this share of what the heap rose by or more: among rows of a few kB,
// a block freed here as one was made there is a coincidence.
constexpr double TakerShare = 0.1;
// Blocks: the one handed over, and one more beside it at most.
constexpr int64_t MostBlocks = 2;
// In a sampled recording, the least a taker's blocks come to on average, by the estimate: one
// block handed over, with the few small objects sampled beside it, is tens of kB a block
// (bytesio.py under CPython 3.13: 21.5 MB in "+684 blocks"); an index rebuilt from the old one,
// whose new entries are the step, is tens of bytes (rebuild.py: 49.8 MB in 746 606 blocks, told
// as "one block resized or copied whole … What grew it is Index.add").
constexpr int64_t SampledLeastBlockBytes = 4096;
// Series decoded at most: a diff by callsite has 100 000 rows, only the few that fell as far count.
constexpr size_t MostCandidates = 64;

// The growers handedOverToText() asks: as many as a giver's taker can be among, and the giver
// itself when it grew too.
constexpr size_t MostTakers = 8;

// "320 ms": when the block changed hands, on the profile's clock.
std::string handOverTime(const Comparison& comparison, const HandOver& handOver)
{
    return formatTime(comparison.diff().sampleTimes[handOver.sample], comparison.analysis().profile().info().timeUnit);
}

} // namespace

std::optional<HandOver> findHandOver(const Comparison& comparison, const DiffRow& taker)
{
    const DiffResult& diff = comparison.diff();
    // Blocks are counted where every allocation is seen; a sampled recording's count is an
    // estimate, in which a row's few small samples stand for hundreds of blocks (bytesio.py under
    // CPython 3.13: the script's 524 kB of module-level objects beside the buffer, "+684 blocks").
    const bool blocksCounted = comparison.analysis().profile().info().sampleIntervalBytes == 0;
    if (comparison.twoFiles() || diff.grouping == Grouping::Type || taker.census || taker.deltaBytes() <= 0
        || (blocksCounted && taker.deltaBlocks() > MostBlocks)
        || (!blocksCounted && taker.deltaBlocks() > 0
            && taker.deltaBytes() / taker.deltaBlocks() < SampledLeastBlockBytes)
        || static_cast<double>(taker.deltaBytes()) < TakerShare * static_cast<double>(diff.total.riseBytes()))
        return std::nullopt;
    const std::vector<int64_t> taken = diff.series(taker);
    size_t at = 0;
    int64_t rise = 0;
    for (size_t i = 1; i < taken.size(); ++i)
        if (taken[i] - taken[i - 1] > rise) {
            rise = taken[i] - taken[i - 1];
            at = i;
        }
    if (at == 0)
        return std::nullopt;
    // The hand-over can straddle snapshots (joinparts.py: the join's output and its copy of the
    // parts' list alive at one or two, the parts freed by the next): it is read up to where the
    // taker settled at its level at B, two intervals after its rise at most.
    constexpr size_t MostIntervalsAfter = 2;
    const int64_t level = taken.back();
    size_t end = at;
    while (end + 1 < taken.size() && end < at + MostIntervalsAfter && std::llabs(taken[end] - level) > level / 10)
        ++end;
    rise = taken[end] - taken[at - 1];
    if (static_cast<double>(rise) < RoseInOneShare * static_cast<double>(taker.deltaBytes()))
        return std::nullopt;
    std::optional<HandOver> best;
    size_t candidates = 0;
    for (const DiffRow& row : diff.rows) {
        if (&row == &taker || row.census || row.underThreshold
            || static_cast<double>(row.highest - row.atB.bytes) < FellAtLeast * static_cast<double>(rise))
            continue;
        if (++candidates > MostCandidates)
            break;
        const std::vector<int64_t> given = diff.series(row);
        if (given.size() != taken.size())
            continue;
        // Its level as it let go: its highest over the interval before the taker's rise and those
        // read with it (it may still have grown in the interval the taker rose in).
        const auto from = given.begin() + static_cast<std::ptrdiff_t>(at - 1);
        const auto to = given.begin() + static_cast<std::ptrdiff_t>(end) + 1;
        const auto high = std::max_element(from, to);
        const int64_t before = *high, fall = before - *std::min_element(high, to);
        const int64_t highest = *std::max_element(given.begin(), to);
        if (static_cast<double>(fall) < FellAtLeast * static_cast<double>(rise)
            || static_cast<double>(fall) > FellAtMost * static_cast<double>(rise)
            || static_cast<double>(before) < AtItsHighShare * static_cast<double>(highest)
            || static_cast<double>(before - given.front()) < AtItsHighShare * static_cast<double>(fall)
            || static_cast<double>(fall) < GaveShare * static_cast<double>(before - given.front()))
            continue;
        // The nearest to what the taker rose by: the block itself, not a batch freed beside it.
        if (!best || std::llabs(fall - rise) < std::llabs(best->given - rise))
            best = HandOver { &row, at, rise, fall, before };
    }
    return best;
}

std::vector<GrowerHandOver> handOversOfGrowers(const Comparison& comparison)
{
    std::vector<GrowerHandOver> growers;
    for (const DiffRow& row : comparison.diff().rows) {
        if (row.deltaBytes() <= 0)
            continue;
        if (growers.size() == MostTakers + 1)
            break;
        growers.push_back({ &row, findHandOver(comparison, row) });
    }
    return growers;
}

std::string handOverText(const Comparison& comparison, const DiffRow& taker)
{
    const auto& growers = comparison.handOvers();
    const auto known
        = std::find_if(growers.begin(), growers.end(), [&](const GrowerHandOver& g) { return g.taker == &taker; });
    const auto handOver = known != growers.end() ? known->handOver : findHandOver(comparison, taker);
    if (!handOver)
        return {};
    const std::string giver = comparison.shortKey(*handOver->giver);
    return "its " + formatSignedBytes(handOver->taken) + " came in one step at " + handOverTime(comparison, *handOver)
        + ", as " + giver + ", which had grown to " + formatBytes(handOver->giverLevel) + ", let go of "
        + formatBytes(handOver->given)
        + ": one block resized or copied whole by another function (a realloc that trims a "
          "buffer to its length, a BytesIO's getvalue(), a join of parts) is counted as that function's. What grew "
          "it is "
        + giver + ".";
}

std::string handedOverToText(const Comparison& comparison, const DiffRow& giver)
{
    // A taker is among the first growers (it holds a tenth of the heap's rise or more).
    if (giver.highest - giver.atB.bytes <= 0)
        return {};
    size_t takers = 0;
    for (const GrowerHandOver& grower : comparison.handOvers()) {
        if (grower.taker == &giver)
            continue;
        if (++takers > MostTakers)
            break;
        if (const auto& handOver = grower.handOver; handOver && handOver->giver == &giver)
            return "It handed what it grew (" + formatBytes(handOver->given) + ") to "
                + comparison.shortKey(*grower.taker) + " at " + handOverTime(comparison, *handOver)
                + ", which resized or copied it whole and holds it at B: it fell for that, not because it was freed. "
                  "What grew it is this row.";
    }
    return {};
}

} // namespace heapline
