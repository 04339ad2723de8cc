// Requests parsed into a pmr arena per request (freed with it), and an index whose pmr pool
// grows forever: the leak sits behind std::pmr's resources.
#include <cstdio>
#include <memory_resource>
#include <string>
#include <unistd.h>
#include <vector>

static std::pmr::unsynchronized_pool_resource indexPool;
static std::pmr::vector<std::pmr::string> indexEntries{&indexPool};

static size_t parseRequest(int id)
{
    std::pmr::monotonic_buffer_resource arena;
    std::pmr::vector<std::pmr::string> fields{&arena};
    for (int i = 0; i < 200; ++i)
        fields.emplace_back(std::string(100, char('a' + (id + i) % 26)));
    return fields.size();
}

static void indexRequest(int id)
{
    indexEntries.emplace_back("request-" + std::to_string(id) + std::string(80, 'x'));
}

int main()
{
    size_t total = 0;
    for (int id = 0; id < 30000; ++id) {
        total += parseRequest(id);
        indexRequest(id);
        if (id % 1000 == 0)
            usleep(20000);
    }
    std::printf("%zu %zu\n", total, indexEntries.size());
}
