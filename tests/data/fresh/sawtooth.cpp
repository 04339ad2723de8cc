// Rounds of batches with an index that keeps growing; everything freed at exit (destructors).
#include <cstdio>
#include <string>
#include <vector>

static std::vector<std::string> index_entries; // grows every round: the leak

static size_t runBatch(int round)
{
    std::vector<std::string> batch;
    for (int i = 0; i < 40000; ++i)
        batch.push_back(std::string(200, char('a' + i % 26)));
    for (int i = 0; i < 2000; ++i)
        index_entries.push_back("entry-" + std::to_string(round) + "-" + std::to_string(i) + std::string(60, 'k'));
    return batch.size();
}

int main()
{
    size_t total = 0;
    for (int round = 0; round < 12; ++round)
        total += runBatch(round);
    std::printf("%zu %zu\n", total, index_entries.size());
}
