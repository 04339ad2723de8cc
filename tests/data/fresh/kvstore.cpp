// A fresh program nobody wrote a test for: a request loop with a bounded cache, an index that
// keeps growing, a history vector, per-request scratch buffers and a leaked session per 10 requests.
#include <cstdio>
#include <cstring>
#include <list>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>
#include <unistd.h>

struct Session { char token[200]; int id; };
struct Record { long a, b, c, d; };

static std::unordered_map<long, std::string> g_index;
static std::vector<Record> g_history;

class LruCache {
public:
    explicit LruCache(size_t cap) : m_cap(cap) {}
    void put(long key, std::string value) {
        auto it = m_map.find(key);
        if (it != m_map.end()) { m_list.erase(it->second); m_map.erase(it); }
        m_list.emplace_front(key, std::move(value));
        m_map[key] = m_list.begin();
        if (m_list.size() > m_cap) { m_map.erase(m_list.back().first); m_list.pop_back(); }
    }
private:
    size_t m_cap;
    std::list<std::pair<long, std::string>> m_list;
    std::unordered_map<long, std::list<std::pair<long, std::string>>::iterator> m_map;
};

__attribute__((noinline)) Session* openSession(int id) {
    auto* s = new Session; std::snprintf(s->token, sizeof s->token, "session-%d", id); s->id = id; return s;
}
__attribute__((noinline)) void indexDocument(long id) {
    g_index.emplace(id, std::string(120, 'x') + std::to_string(id));
}
__attribute__((noinline)) long handleRequest(LruCache& cache, long i) {
    std::vector<char> scratch(64 * 1024 + (i % 7) * 1024); // per-request, freed on return
    std::memset(scratch.data(), int(i), scratch.size());
    cache.put(i % 5000, std::string(300, char('a' + i % 26)));
    indexDocument(i);
    g_history.push_back({ i, i * 2, i * 3, i * 4 });
    return scratch[i % scratch.size()];
}

int main() {
    LruCache cache(2000);
    std::vector<Session*> leakedRefs; // dropped on purpose below
    long sum = 0;
    for (long i = 0; i < 60000; ++i) {
        sum += handleRequest(cache, i);
        if (i % 10 == 0) { Session* s = openSession(int(i)); sum += s->id; }
        if (i % 200 == 0) usleep(8000);
    }
    std::printf("%ld\n", sum);
    g_index.clear(); g_index.rehash(0);
    std::vector<Record>().swap(g_history);
    return 0;
}
