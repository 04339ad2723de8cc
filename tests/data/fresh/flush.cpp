// An indexer that accumulates postings for 80% of its run, then writes them out and clears the
// index (a flush), then serves a few lookups and exits.
#include <cstdio>
#include <string>
#include <unistd.h>
#include <unordered_map>
#include <vector>

int main()
{
    std::unordered_map<std::string, std::vector<int>> index;
    for (int doc = 0; doc < 4000; ++doc) {
        for (int w = 0; w < 20; ++w)
            index["term-" + std::to_string((doc * 7 + w * 13) % 5000)].push_back(doc);
        if (doc % 100 == 0)
            usleep(20000);
    }
    size_t postings = 0;
    for (auto& [term, docs] : index)
        postings += docs.size();
    std::printf("flushing %zu postings\n", postings);
    index.clear();
    index.rehash(0);
    for (int q = 0; q < 10; ++q) {
        std::string scratch(1000, 'q');
        usleep(20000);
    }
    return 0;
}
