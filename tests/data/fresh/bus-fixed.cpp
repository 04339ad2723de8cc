// bus.cpp mended: each request unsubscribes its callback, by the token subscribe() gave it,
// once the request is handled.
#include <cstdio>
#include <functional>
#include <map>
#include <string>
#include <vector>

struct Bus {
    std::map<int, std::function<void(int)>> subscribers;
    int next = 0;
    int subscribe(std::function<void(int)> f)
    {
        subscribers.emplace(next, std::move(f));
        return next++;
    }
    void unsubscribe(int token) { subscribers.erase(token); }
    void publish(int v)
    {
        for (auto& [token, f] : subscribers)
            f(v);
    }
};

static Bus bus;
static long seen = 0;

void handleRequest(int id)
{
    std::string payload(400, 'x');
    std::vector<int> items(50, id);
    const int token = bus.subscribe([payload, items](int v) { seen += v + payload.size() + items.size(); });
    bus.publish(0);
    bus.unsubscribe(token);
}

int main()
{
    for (int i = 0; i < 60000; ++i) {
        handleRequest(i);
        if (i % 10000 == 0)
            bus.publish(1);
    }
    std::printf("%ld %zu\n", seen, bus.subscribers.size());
}
