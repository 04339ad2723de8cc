#include <chrono>
#include <cstdio>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

// A metrics registry: samples are appended to one vector per metric name (never trimmed),
// and a histogram map is rebuilt per batch and dropped.
struct Registry {
    std::unordered_map<std::string, std::vector<double>> samples;
    void record(const std::string& name, double v) { samples[name].push_back(v); }
};

static double batch(int round)
{
    std::unordered_map<int, int> histogram;
    for (int i = 0; i < 20000; ++i)
        histogram[(i * 7919 + round) % 5000]++;
    return histogram.size();
}

int main()
{
    Registry registry;
    double sum = 0;
    for (int round = 0; round < 400; ++round) {
        for (int m = 0; m < 8; ++m)
            for (int i = 0; i < 500; ++i)
                registry.record("metric." + std::to_string(m), i * 0.5);
        sum += batch(round);
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    std::printf("%f %zu\n", sum, registry.samples.size());
}
