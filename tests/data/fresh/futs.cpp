// A job queue keeps every job's std::future to "report later"; nothing ever reads or drops them.
#include <cstdio>
#include <future>
#include <string>
#include <vector>

static std::vector<std::future<std::string>> pending;

static std::string render(int id) { return std::string(1500, 'r') + std::to_string(id); }

static void submit(int id) {
    std::promise<std::string> done;
    pending.push_back(done.get_future());
    done.set_value(render(id));
}

int main() {
    for (int i = 0; i < 60000; ++i) submit(i);
    std::printf("%zu pending\n", pending.size());
}
