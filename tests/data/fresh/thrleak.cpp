#include <chrono>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

// A worker thread keeps a per-session map of audit strings; sessions never end.
int main()
{
    std::mutex m;
    std::map<int, std::vector<std::string>> audit;
    std::vector<std::thread> workers;
    for (int w = 0; w < 4; ++w)
        workers.emplace_back([&, w] {
            for (int i = 0; i < 5000; ++i) {
                std::string line = "worker " + std::to_string(w) + " handled request " + std::to_string(i)
                    + " with a payload description long enough to be on the heap";
                std::lock_guard<std::mutex> lock(m);
                audit[i % 300].push_back(std::move(line));
                if (i % 500 == 0)
                    std::this_thread::sleep_for(std::chrono::milliseconds(20));
            }
        });
    for (auto& t : workers)
        t.join();
}
