// An index that never forgets: every request's terms go into an absl::flat_hash_map of posting
// lists, which rehashes as it grows; a per-request scratch map is dropped.
#include "absl/container/flat_hash_map.h"
#include <chrono>
#include <cstdio>
#include <string>
#include <thread>
#include <vector>

struct Index {
    absl::flat_hash_map<std::string, std::vector<int>> postings;
    void add(int doc)
    {
        for (int t = 0; t < 8; ++t)
            postings["term-" + std::to_string(doc * 8 + t)].push_back(doc);
    }
};

size_t scratch(int doc)
{
    absl::flat_hash_map<int, std::string> seen;
    for (int i = 0; i < 200; ++i)
        seen[i] = std::string(40, static_cast<char>('a' + (doc + i) % 26));
    return seen.size();
}

int main()
{
    Index index;
    size_t total = 0;
    for (int round = 0; round < 30; ++round) {
        for (int r = 0; r < 300; ++r) {
            index.add(round * 300 + r);
            total += scratch(r);
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    std::printf("%zu %zu\n", index.postings.size(), total);
}
