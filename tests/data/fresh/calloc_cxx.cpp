// A session cache in a std::map with a counting allocator of the program's own (snake_case, as
// many code bases spell it), filled per request and never pruned.
#include <atomic>
#include <cstdio>
#include <map>
#include <new>
#include <string>
#include <vector>

static std::atomic<size_t> g_bytes { 0 };

template <class T> struct counting_allocator {
    using value_type = T;
    counting_allocator() = default;
    template <class U> counting_allocator(const counting_allocator<U>&) { }
    T* allocate(std::size_t n)
    {
        g_bytes += n * sizeof(T);
        return static_cast<T*>(::operator new(n * sizeof(T)));
    }
    void deallocate(T* p, std::size_t n)
    {
        g_bytes -= n * sizeof(T);
        ::operator delete(p);
    }
    template <class U> bool operator==(const counting_allocator<U>&) const { return true; }
};

using Sessions = std::map<int, std::vector<char, counting_allocator<char>>, std::less<int>,
    counting_allocator<std::pair<const int, std::vector<char, counting_allocator<char>>>>>;

static Sessions sessions;

__attribute__((noinline)) size_t handleRequest(int id)
{
    std::vector<char, counting_allocator<char>> state(256, static_cast<char>(id));
    std::vector<int, counting_allocator<int>> scratch(100, id);
    size_t sum = 0;
    for (int v : scratch)
        sum += v;
    sessions.emplace(id, std::move(state));
    return sum;
}

int main()
{
    size_t total = 0;
    for (int i = 0; i < 100000; ++i)
        total += handleRequest(i);
    std::printf("%zu %zu\n", total, g_bytes.load());
}
