// growth_demo: a small "service" whose memory grows in four different ways, one phase after
// the other, each about a second long. resources/samples/heaptrack.growth_demo.zst is a
// heaptrack recording of it; it is the profile Heapline opens first.
//
//   g++ -std=c++20 -g -O1 -o growth_demo growth_demo.cpp
//   heaptrack -o heaptrack.growth_demo ./growth_demo
//
// All along  SessionStore::open      sessions are opened and never closed: linear growth (the leak)
// Phase 1    ReportBuilder::publish  each report copies the whole history: stepwise growth
// Phase 2    BatchJob::run           batches are built and dropped: spiky, no net growth
// Phase 3    LruCache::put           a cache that evicts at 2000 entries: a plateau

#include <chrono>
#include <list>
#include <map>
#include <memory>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

namespace {

void pause(int ms)
{
    std::this_thread::sleep_for(std::chrono::milliseconds(ms));
}

struct Session {
    int id;
    std::string user;
    std::vector<char> buffer;
};

class SessionStore {
public:
    void open(int id)
    {
        // The bug: nothing ever closes a session.
        m_sessions[id] = std::make_unique<Session>(Session { id, "user-" + std::to_string(id), std::vector<char>(1536) });
    }

private:
    std::map<int, std::unique_ptr<Session>> m_sessions;
};

class ReportBuilder {
public:
    void record(double value) { m_history.push_back(value); }
    void publish()
    {
        // Every report keeps its own full copy of the history.
        m_published.push_back(m_history);
    }

private:
    std::vector<double> m_history;
    std::vector<std::vector<double>> m_published;
};

class BatchJob {
public:
    void run(int items)
    {
        std::vector<std::string> batch;
        for (int i = 0; i < items; ++i)
            batch.push_back(std::string(400, static_cast<char>('a' + i % 26)));
        pause(60);
        // batch goes out of scope: all of it is freed again
    }
};

class LruCache {
public:
    explicit LruCache(size_t capacity)
        : m_capacity(capacity)
    {
    }
    void put(int key, std::string value)
    {
        m_order.push_front(key);
        m_entries[key] = std::move(value);
        if (m_entries.size() > m_capacity) {
            m_entries.erase(m_order.back());
            m_order.pop_back();
        }
    }

private:
    size_t m_capacity;
    std::list<int> m_order;
    std::unordered_map<int, std::string> m_entries;
};

} // namespace

int main()
{
    // The store outlives main: whatever it holds is still allocated when the program ends.
    auto* sessions = new SessionStore;
    int nextSession = 0;
    const auto openSessions = [&](int count) {
        for (int i = 0; i < count; ++i)
            sessions->open(nextSession++);
    };

    ReportBuilder reports;
    for (int step = 0; step < 6; ++step) {
        for (int i = 0; i < 20000; ++i)
            reports.record(i * 0.5);
        reports.publish();
        for (int tick = 0; tick < 15; ++tick) {
            openSessions(20);
            pause(10);
        }
    }

    {
        BatchJob job;
        for (int round = 0; round < 8; ++round) {
            job.run(6000);
            openSessions(60);
            pause(60);
        }
    }

    LruCache cache(2000);
    for (int i = 0; i < 8000; ++i) {
        cache.put(i, std::string(600, 'x'));
        if (i % 80 == 0) {
            openSessions(12);
            pause(10);
        }
    }
    return 0;
}
