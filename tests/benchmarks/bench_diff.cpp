// heapline-bench-diff [FILE…]: loads each profile, then times one diff over the whole run for every
// grouping (the analysis a first diff builds included, then the same diff again), printed beside
// the load time. Target (issue 4): under 50 ms per grouping on the largest corpus file.
#include "importers/Importer.h"
#include "model/Diff.h"

#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

using namespace heapline;

namespace {
double msSince(std::chrono::steady_clock::time_point start)
{
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
}
} // namespace

int main(int argc, char** argv)
{
    std::vector<std::string> files(argv + 1, argv + argc);
    if (files.empty())
        files = { HEAPLINE_CORPUS_DIR "/recorded/heaptrack.cc1plus-40M.zst", HEAPLINE_CORPUS_DIR "/recorded/heaptrack.cc1plus.zst",
                  HEAPLINE_CORPUS_DIR "/recorded/heaptrack.leakpy.zst", HEAPLINE_CORPUS_DIR "/external/massif.out.kate" };
    std::printf("%-28s %9s %9s %10s   %s\n", "file", "load", "analysis", "callsites", "diff start→end per grouping: first / again (rows)");
    for (const auto& file : files) {
        auto start = std::chrono::steady_clock::now();
        const auto result = importProfile(file);
        if (!result.profile) {
            std::fprintf(stderr, "%s\n", result.error->toString().c_str());
            return 2;
        }
        const double load = msSince(start);
        start = std::chrono::steady_clock::now();
        const auto analysis = std::make_shared<const Analysis>(result.profile);
        const double setup = msSince(start);
        const size_t last = result.profile->checkpointCount() - 1;
        const auto slash = file.rfind('/');
        std::printf("%-28s %7.0f ms %6.1f ms %10zu  ", file.substr(slash == std::string::npos ? 0 : slash + 1).c_str(), load, setup,
                    result.profile->callsiteCount());
        for (auto grouping : AllGroupings) {
            start = std::chrono::steady_clock::now();
            size_t rows = computeDiff(analysis, 0, last, grouping).rows.size();
            const double firstMs = msSince(start);
            start = std::chrono::steady_clock::now();
            rows = computeDiff(analysis, 0, last, grouping).rows.size();
            const double againMs = msSince(start);
            std::printf(" %s %.1f/%.1f ms (%zu)", groupingName(grouping), firstMs, againMs, rows);
        }
        std::printf("\n");
    }
    std::printf("(target: under 50 ms per grouping)\n");
    return 0;
}
