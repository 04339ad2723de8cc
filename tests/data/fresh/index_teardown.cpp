#include <chrono>
#include <cstdio>
#include <map>
#include <memory>
#include <string>
#include <thread>
#include <vector>
struct Doc {
    std::string title;
    std::vector<int> words;
};
int main()
{
    std::map<int, std::unique_ptr<Doc>> index;
    for (int i = 0; i < 30000; i++) {
        auto d = std::make_unique<Doc>();
        d->title = "document number " + std::to_string(i) + " with a long title";
        d->words.resize(50 + i % 20);
        index.emplace(i, std::move(d));
        if (i % 3000 == 0)
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    long s = 0;
    for (auto& [k, d] : index)
        s += d->words.size();
    std::printf("%ld\n", s);
    return 0; // index freed at exit
}
