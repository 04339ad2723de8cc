// A service that caches every response by request id and never evicts.
#include <cstdio>
#include <map>
#include <string>
#include <vector>

static std::map<int, std::string> responseCache;

static std::string render(int id) {
    std::string body(2000 + id % 500, 'x');
    body += std::to_string(id);
    return body;
}

static void handle(int id) {
    std::string out = render(id);
    std::vector<char> scratch(out.size() * 2);  // freed at once
    responseCache.emplace(id, out);
}

int main() {
    for (int i = 0; i < 40000; ++i) handle(i);
    std::printf("%zu cached\n", responseCache.size());
}
