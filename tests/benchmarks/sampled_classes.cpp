// How often a sampled heap's rows are given each growth class: Poisson samples (one allocation
// per INTERVAL bytes on average, each counted as INTERVAL bytes) of a steady climb (a leak: its
// samples stay), of a plateau full within 0.6 s (a cache whose entries turn over: sampled
// afresh at each snapshot), of such a plateau beside a climb to a quarter of its size (a small
// leak beside a cache), and of batches built and freed (alive at half the snapshots: alone,
// beside a level that holds, or beside a leak), at the recorder's snapshot times over four seconds, 400 runs each,
// classified as exact figures and as sampled ones (GrowthThresholds::sampleIntervalBytes). Not a
// test: it prints how the classifier fares on noise, beside what exact figures would give.
//
//   heapline-sampled-classes [INTERVAL [highs]]   (default 65536; the recorder's default is 524288;
//   "highs": a plateau's interval highs are the highest of its estimates within the interval, as
//   the recorder's are, instead of its value)
#include "model/Growth.h"

#include <cstdio>
#include <cstdlib>
#include <map>
#include <random>
#include <string>
#include <vector>

using namespace heapline;

int main(int argc, char** argv)
{
    const double interval = argc > 1 ? std::atof(argv[1]) : 65536;
    const std::string noisyHighs = argc > 2 ? argv[2] : "";
    if (interval <= 0) {
        std::fprintf(stderr, "usage: heapline-sampled-classes [INTERVAL [highs]]\n");
        return 2;
    }
    std::mt19937_64 random(42);
    // The recorder's times: a tenth of the run so far at first, then every 0.5 s.
    std::vector<double> times { 0 };
    for (double t = 0.05; t < 4.0; t += std::min(0.5, std::max(0.05, t / 10)))
        times.push_back(t);
    times.push_back(4.0);
    std::printf("sampled every %.0f bytes, %zu snapshots, 400 runs each\n", interval, times.size());
    std::printf("%-8s %8s  %-44s %s\n", "shape", "size", "as exact figures", "as sampled figures");
    enum class Shape { Climb, Plateau, ClimbOnPlateau, Batches, BatchesOnBase, BatchesOnClimb };
    const char* const shapeNames[] = { "climb", "plateau", "leak+lvl", "batches", "on base", "on climb" };
    for (double size : { 0.5e6, 1e6, 2e6, 4e6, 16e6, 64e6 }) {
        for (const Shape shape : { Shape::Climb, Shape::Plateau, Shape::ClimbOnPlateau, Shape::Batches,
                 Shape::BatchesOnBase, Shape::BatchesOnClimb }) {
            std::map<std::string, int> exact, sampled;
            GrowthThresholds sampledThresholds;
            sampledThresholds.sampleIntervalBytes = static_cast<int64_t>(interval);
            const bool climb = shape == Shape::Climb;
            const bool batches
                = shape == Shape::Batches || shape == Shape::BatchesOnBase || shape == Shape::BatchesOnClimb;
            for (int run = 0; run < 400; ++run) {
                // A climb only gains samples (what was sampled stays: a leak), a plateau turns
                // over (a cache whose entries are replaced): drawn afresh at each snapshot.
                // Batches: built and freed, alive at half the snapshots (drawn afresh, none when
                // freed); on a base: beside a level of half their size that holds from the start;
                // on a climb: beside a leak that climbs to half their size (its samples stay).
                std::vector<int64_t> values, highs;
                double before = 0;
                int64_t leaked = 0;
                std::bernoulli_distribution alive(0.5);
                for (double t : times) {
                    const bool batch = batches && t > 0 && alive(random);
                    const double base = shape == Shape::BatchesOnBase && t > 0 ? size / 2 : 0;
                    const double level = climb    ? size * t / 4.0
                        : shape == Shape::Plateau ? size * std::min(1.0, t / 0.6)
                                                  : base + (batch ? size : 0);
                    std::poisson_distribution<long> samples((climb ? level - before : level) / interval);
                    const int64_t drawn = level > 0 ? samples(random) * static_cast<int64_t>(interval) : 0;
                    if (shape == Shape::ClimbOnPlateau) {
                        // A level that turns over, drawn afresh, beside a leak that climbs to a
                        // quarter of it (its samples stay): a small leak beside a cache.
                        std::poisson_distribution<long> level(size * std::min(1.0, t / 0.6) / interval);
                        std::poisson_distribution<long> kept(std::max(0.0, size / 4 * t / 4.0 - before) / interval);
                        leaked += kept(random) * static_cast<int64_t>(interval);
                        before = size / 4 * t / 4.0;
                        values.push_back(leaked + level(random) * static_cast<int64_t>(interval));
                        highs.push_back(values.back());
                        continue;
                    }
                    if (shape == Shape::BatchesOnClimb) {
                        std::poisson_distribution<long> kept(std::max(0.0, size / 2 * t / 4.0 - before) / interval);
                        leaked += kept(random) * static_cast<int64_t>(interval);
                        before = size / 2 * t / 4.0;
                        values.push_back(leaked + (level > 0 ? drawn : 0));
                        highs.push_back(
                            t > 0 ? std::max(values.back(), leaked + static_cast<int64_t>(size)) : values.back());
                        continue;
                    }
                    values.push_back(climb && !values.empty() ? values.back() + drawn : drawn);
                    // Each interval of a batch row saw a batch at its height (the recorder's highs).
                    // A level that turns over is sampled afresh many times within an interval:
                    // the recorder's high is the most its estimate stood at any of them (here the
                    // highest of 20 draws), above where it stands at either snapshot.
                    int64_t high
                        = batches && t > 0 ? std::max(values.back(), static_cast<int64_t>(base + size)) : values.back();
                    if (shape == Shape::Plateau && !noisyHighs.empty() && level > 0)
                        for (int k = 0; k < 20; ++k)
                            high = std::max(high, samples(random) * static_cast<int64_t>(interval));
                    highs.push_back(high);
                    before = level;
                }
                ++exact[growthClassName(classifyGrowth(times, values, highs, 1.0).cls)];
                ++sampled[growthClassName(classifyGrowth(times, values, highs, 1.0, sampledThresholds).cls)];
            }
            const auto line = [](const std::map<std::string, int>& counts) {
                std::string text;
                for (const auto& [name, count] : counts)
                    text += name + " " + std::to_string(count) + "  ";
                return text;
            };
            std::printf("%-8s %5.1f MB  %-44s %s\n", shapeNames[static_cast<int>(shape)], size / 1e6,
                line(exact).c_str(), line(sampled).c_str());
        }
    }
}
