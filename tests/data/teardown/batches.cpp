// Batches: each round builds a large batch, processes it and drops it; a small cache of results
// stays. Everything is freed at exit.
#include <chrono>
#include <numeric>
#include <string>
#include <thread>
#include <vector>

static std::vector<std::string> results;

double processBatch(int round)
{
    std::vector<std::vector<char>> batch;
    for (int i = 0; i < 400; ++i)
        batch.emplace_back(4096, char(round));
    double sum = 0;
    for (const auto& b : batch)
        sum += b[0];
    return sum;
}

int main()
{
    for (int round = 0; round < 40; ++round) {
        const double s = processBatch(round);
        results.push_back(std::to_string(s));
        std::this_thread::sleep_for(std::chrono::milliseconds(25));
    }
    return 0;
}
