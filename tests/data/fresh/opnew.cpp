// A message type with its own operator new (counting allocations); the router keeps every message.
#include <cstdio>
#include <cstdlib>
#include <new>
#include <string>
#include <vector>

static size_t liveMessages = 0;

struct Message {
    int id;
    char payload[200];
    static void* operator new(std::size_t size) {
        ++liveMessages;
        if (void* p = std::malloc(size)) return p;
        throw std::bad_alloc();
    }
    static void operator delete(void* p) noexcept { --liveMessages; std::free(p); }
};

// A global operator new too, as some codebases do for their statistics.
static size_t totalAllocated = 0;
void* operator new(std::size_t size) {
    totalAllocated += size;
    if (void* p = std::malloc(size)) return p;
    throw std::bad_alloc();
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }

static std::vector<Message*> history;
static std::vector<std::string*> names;

static void route(int id) {
    Message* m = new Message{id, {}};
    history.push_back(m);                       // never trimmed
    names.push_back(new std::string(64, 'n'));  // never freed either
    Message* scratch = new Message{id, {}};
    delete scratch;
}

int main() {
    for (int i = 0; i < 200000; ++i) route(i);
    std::printf("%zu live, %zu bytes\n", liveMessages, totalAllocated);
}
