// An event bus whose subscribers are std::function callbacks; each request subscribes a lambda
// that captures the request's payload by value and never unsubscribes.
#include <cstdio>
#include <functional>
#include <string>
#include <vector>

struct Bus {
    std::vector<std::function<void(int)>> subscribers;
    void subscribe(std::function<void(int)> f) { subscribers.push_back(std::move(f)); }
    void publish(int v)
    {
        for (auto& f : subscribers)
            f(v);
    }
};

static Bus bus;
static long seen = 0;

void handleRequest(int id)
{
    std::string payload(400, 'x');
    std::vector<int> items(50, id);
    bus.subscribe([payload, items](int v) { seen += v + payload.size() + items.size(); });
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
