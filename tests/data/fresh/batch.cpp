#include <chrono>
#include <cstdio>
#include <map>
#include <string>
#include <thread>
#include <vector>
// A service that handles batches: each batch builds a vector of strings and frees it; a cache
// keeps one entry per distinct key (bounded), and a registry leaks a small record per request.
struct Record {
    char data[48];
};
std::vector<Record*> registry;
std::map<int, std::string> cache;
int main()
{
    for (int round = 0; round < 40; ++round) {
        std::vector<std::string> batch;
        for (int i = 0; i < 20000; ++i)
            batch.emplace_back(64, 'x');
        cache[round % 10] = std::string(50000, 'c');
        for (int i = 0; i < 500; ++i)
            registry.push_back(new Record {});
        std::this_thread::sleep_for(std::chrono::milliseconds(40));
    }
    std::printf("%zu\n", registry.size());
}
