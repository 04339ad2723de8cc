// A service-like program: a request log that grows without bound (the leak), a scratch map
// built and dropped every tenth round (batches) and a bounded cache (plateau); every static is
// destroyed as it exits.
#include <map>
#include <string>
#include <vector>
#include <deque>
#include <unistd.h>
#include <cstdio>
static std::vector<std::string> requestLog;
static std::deque<std::vector<char>> cache;
void logRequest(int i) { requestLog.push_back("request number " + std::to_string(i) + std::string(200, 'x')); }
void runBatch(int n) {
    std::map<int, std::string> scratch;
    for (int i = 0; i < n; ++i) scratch[i] = std::string(300, 'y');
    usleep(2000);
}
void cacheResult(int i) {
    cache.emplace_back(4096, char(i));
    if (cache.size() > 200) cache.pop_front();
}
int main() {
    for (int round = 0; round < 400; ++round) {
        for (int k = 0; k < 20; ++k) logRequest(round * 20 + k);
        if (round % 10 == 0) runBatch(5000);
        cacheResult(round);
        usleep(3000);
    }
    std::puts("done");
}
