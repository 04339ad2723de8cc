// A request log kept in pmr containers drawing from a tracking memory_resource of the program's
// own (counts bytes, forwards to new_delete_resource), never trimmed.
#include <cstdio>
#include <memory_resource>
#include <string>
#include <vector>

class tracking_resource : public std::pmr::memory_resource {
public:
    size_t bytes = 0;
private:
    void* do_allocate(size_t n, size_t align) override
    {
        bytes += n;
        return std::pmr::new_delete_resource()->allocate(n, align);
    }
    void do_deallocate(void* p, size_t n, size_t align) override
    {
        bytes -= n;
        std::pmr::new_delete_resource()->deallocate(p, n, align);
    }
    bool do_is_equal(const memory_resource& o) const noexcept override { return this == &o; }
};

static tracking_resource g_resource;
static std::pmr::vector<std::pmr::string> g_log { &g_resource };

__attribute__((noinline)) void logRequest(int id)
{
    std::pmr::string line { &g_resource };
    line = "request " + std::to_string(id) + " from client with a long description of what happened here";
    g_log.push_back(std::move(line));
}

int main()
{
    for (int i = 0; i < 200000; ++i)
        logRequest(i);
    std::printf("%zu %zu\n", g_log.size(), g_resource.bytes);
}
