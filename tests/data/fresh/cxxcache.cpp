// A request handler with a session cache that never evicts, beside a bounded LRU and
// per-request temporary vectors. heaptrack.cxxcache.zst: 60 000 requests (the default);
// massif.out.cxxcache: 8 000 (`valgrind --tool=massif ./cxxcache 8000`).
#include <cstdio>
#include <cstdlib>
#include <list>
#include <map>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

struct Session {
    std::string user;
    std::vector<char> blob;
};

class SessionCache {
public:
    std::shared_ptr<Session> get(const std::string& key)
    {
        auto it = m_sessions.find(key);
        if (it != m_sessions.end())
            return it->second;
        auto s = std::make_shared<Session>();
        s->user = key + "-user-with-a-long-name-to-escape-sso";
        s->blob.resize(200);
        m_sessions.emplace(key, s);
        return s;
    }

private:
    std::map<std::string, std::shared_ptr<Session>> m_sessions;
};

class Lru {
public:
    void put(int k, std::string v)
    {
        if (m_index.count(k))
            return;
        m_order.push_front({ k, std::move(v) });
        m_index[k] = m_order.begin();
        if (m_order.size() > 500) {
            m_index.erase(m_order.back().first);
            m_order.pop_back();
        }
    }

private:
    std::list<std::pair<int, std::string>> m_order;
    std::unordered_map<int, std::list<std::pair<int, std::string>>::iterator> m_index;
};

static size_t handle(SessionCache& cache, Lru& lru, int i)
{
    std::vector<double> scratch(2000 + (i % 7) * 100);
    for (size_t j = 0; j < scratch.size(); ++j)
        scratch[j] = j * 0.5;
    auto s = cache.get("session-" + std::to_string(i));
    lru.put(i % 2000, std::string(300, 'x'));
    return scratch.size() + s->blob.size();
}

int main(int argc, char** argv)
{
    const int requests = argc > 1 ? std::atoi(argv[1]) : 60000;
    SessionCache cache;
    Lru lru;
    size_t total = 0;
    for (int i = 0; i < requests; ++i)
        total += handle(cache, lru, i);
    std::printf("%zu\n", total);
    // no teardown: the cache lives until exit (destructors run, so it is freed at exit)
}
