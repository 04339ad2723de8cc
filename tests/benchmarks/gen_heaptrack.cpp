// heapline-gen-heaptrack: writes a synthetic heaptrack file (format 3, plain text) of any length
// and callsite count, for the benchmarks and the at-scale tests.
//
//   heapline-gen-heaptrack [--callsites N] [--seconds S] [--events-per-ms E] [--depth D] [--seed X] OUT
//
// N callsites (distinct stacks) share a call tree D frames deep built from a few hundred
// functions in a few dozen files, as real programs do; every millisecond E events allocate or
// free. A fifth of the callsites leak steadily, a fifth hold a bounded cache, the rest allocate
// and free (some in batches), so every growth class appears. The same seed gives the same file;
// a longer --seconds with the same --callsites repeats the same program for longer.
#include <cinttypes>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>
#include <string>
#include <vector>

namespace {

struct Options {
    uint64_t callsites = 100000;
    double seconds = 10;
    uint64_t eventsPerMs = 200;
    unsigned depth = 12;
    uint64_t seed = 1;
    const char* out = nullptr;
};

int usage()
{
    std::fprintf(stderr, "usage: heapline-gen-heaptrack [--callsites N] [--seconds S] [--events-per-ms E] [--depth D] [--seed X] OUT\n");
    return 2;
}

} // namespace

int main(int argc, char** argv)
{
    Options o;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        const auto value = [&]() -> const char* { return i + 1 < argc ? argv[++i] : nullptr; };
        const char* v = nullptr;
        if (arg == "--callsites" && (v = value()))
            o.callsites = std::strtoull(v, nullptr, 10);
        else if (arg == "--seconds" && (v = value()))
            o.seconds = std::strtod(v, nullptr);
        else if (arg == "--events-per-ms" && (v = value()))
            o.eventsPerMs = std::strtoull(v, nullptr, 10);
        else if (arg == "--depth" && (v = value()))
            o.depth = static_cast<unsigned>(std::strtoul(v, nullptr, 10));
        else if (arg == "--seed" && (v = value()))
            o.seed = std::strtoull(v, nullptr, 10);
        else if (!arg.starts_with("--") && !o.out)
            o.out = argv[i];
        else
            return usage();
    }
    if (!o.out || o.callsites == 0 || o.depth < 2 || o.seconds <= 0)
        return usage();
    FILE* f = std::fopen(o.out, "w");
    if (!f) {
        std::perror(o.out);
        return 2;
    }
    std::mt19937_64 random(o.seed);
    std::fprintf(f, "v 10500 3\nX ./synthetic --callsites %" PRIu64 "\nI 1000 %x\n", o.callsites, 1u << 20);

    // Strings: 1 the module, then files and functions.
    uint64_t strings = 0;
    const auto string = [&](const std::string& text) {
        std::fprintf(f, "s %zx %s\n", text.size(), text.c_str());
        return ++strings;
    };
    const uint64_t module = string("./synthetic");
    std::vector<uint64_t> files, functions;
    for (int i = 0; i < 40; ++i)
        files.push_back(string("/src/synthetic/module" + std::to_string(i) + ".cpp"));
    for (int i = 0; i < 600; ++i)
        functions.push_back(string("ns" + std::to_string(i % 17) + "::Worker" + std::to_string(i % 53) + "::step" + std::to_string(i) + "(int)"));

    // Stacks: a tree whose leaves are the callsites. Each callsite's path picks frames by the
    // digits of its index, so that prefixes are shared as in a real call tree.
    uint64_t ips = 0, traces = 0;
    const auto ip = [&](uint64_t function, unsigned line) {
        std::fprintf(f, "i %" PRIx64 " %" PRIx64 " %" PRIx64 " %" PRIx64 " %x\n", 0x400000 + ips * 16, module, functions[function],
                     files[function % files.size()], line);
        return ++ips;
    };
    std::vector<uint64_t> infos; // allocation info index per callsite
    std::vector<int64_t> sizes;
    std::vector<uint64_t> pathTrace(o.depth, 0), pathKey(o.depth, UINT64_MAX);
    uint64_t infoCount = 0;
    for (uint64_t c = 0; c < o.callsites; ++c) {
        uint64_t parent = 0;
        for (unsigned d = 0; d < o.depth; ++d) {
            // The upper levels branch little, the lower ones a lot: 4, 8, 16 … children.
            const uint64_t branch = d + 1 < o.depth ? std::min<uint64_t>(uint64_t(4) << d, 64) : UINT64_MAX;
            const uint64_t key = d + 1 < o.depth ? (c / std::max<uint64_t>(o.callsites / branch, 1)) : c;
            if (pathKey[d] != key) {
                const uint64_t function = (key * 2654435761u + d * 97) % functions.size();
                // The leaf's line is the callsite's own: no two callsites share a stack.
                const unsigned line = d + 1 < o.depth ? 10 + static_cast<unsigned>(key % 400) : 10 + static_cast<unsigned>(key);
                const uint64_t i = ip(function, line);
                std::fprintf(f, "t %" PRIx64 " %" PRIx64 "\n", i, parent);
                pathTrace[d] = ++traces;
                pathKey[d] = key;
                for (unsigned e = d + 1; e < o.depth; ++e)
                    pathKey[e] = UINT64_MAX;
            }
            parent = pathTrace[d];
        }
        const int64_t size = int64_t(8) << (random() % 12);
        std::fprintf(f, "a %" PRIx64 " %" PRIx64 "\n", size, parent);
        infos.push_back(infoCount++);
        sizes.push_back(size);
    }

    // Events. Live blocks per callsite are counted so that frees free something.
    std::vector<uint32_t> live(o.callsites, 0);
    std::vector<uint64_t> liveList; // callsites with a live block (may repeat), for frees
    const uint64_t totalMs = static_cast<uint64_t>(o.seconds * 1000);
    uint64_t rss = 0x1000;
    // Every callsite allocates once at the start: the file has exactly N callsites.
    for (uint64_t c = 0; c < o.callsites; ++c) {
        std::fprintf(f, "+ %" PRIx64 "\n", infos[c]);
        ++live[c];
    }
    for (uint64_t ms = 1; ms <= totalMs; ++ms) {
        for (uint64_t e = 0; e < o.eventsPerMs; ++e) {
            const uint64_t c = random() % o.callsites;
            const unsigned kind = static_cast<unsigned>(c % 5); // 0 leaks, 1 cache, others churn
            const bool allocate = kind == 0 || (kind == 1 && live[c] < 4) || live[c] == 0 || random() % 2 == 0;
            if (allocate) {
                std::fprintf(f, "+ %" PRIx64 "\n", infos[c]);
                ++live[c];
                if (kind >= 2 && random() % 3 == 0) // freed right away: a temporary
                    std::fprintf(f, "- %" PRIx64 "\n", infos[c]), --live[c];
            } else {
                std::fprintf(f, "- %" PRIx64 "\n", infos[c]);
                --live[c];
            }
        }
        if (ms % 10 == 0) {
            std::fprintf(f, "c %" PRIx64 "\n", ms);
            rss += random() % 3;
            std::fprintf(f, "R %" PRIx64 "\n", rss);
        }
    }
    std::fprintf(f, "c %" PRIx64 "\n", totalMs + 1);
    if (std::fclose(f) != 0) {
        std::perror(o.out);
        return 2;
    }
    return 0;
}
