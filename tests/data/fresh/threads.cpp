// Four worker threads each keep a per-thread cache of 4096 parsed entries (bounded:
// the oldest is dropped), and a shared results vector grows by one record per job.
// Everything is freed when main returns.
#include <deque>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

struct Record { std::string key; std::vector<double> values; };
static std::mutex resultsMutex;

static Record parseJob(int worker, int job) {
    Record r{"w" + std::to_string(worker) + "/job" + std::to_string(job), {}};
    r.values.assign(16, job * 0.5);
    return r;
}

static void worker(int id, std::vector<Record>& results) {
    std::deque<Record> cache;
    for (int job = 0; job < 30000; ++job) {
        cache.push_back(parseJob(id, job));
        if (cache.size() > 4096) cache.pop_front();
        if (job % 4 == 0) {
            std::lock_guard<std::mutex> lock(resultsMutex);
            results.push_back(cache.back());
        }
    }
}

int main() {
    std::vector<Record> results;
    std::vector<std::thread> threads;
    for (int i = 0; i < 4; ++i) threads.emplace_back(worker, i, std::ref(results));
    for (auto& t : threads) t.join();
    return results.size() > 0 ? 0 : 1;
}
