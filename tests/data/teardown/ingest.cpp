// A service-like program: it ingests records into an index that grows for the whole run, then
// frees everything as it exits (the index is a local, destroyed at the end of main).
#include <chrono>
#include <map>
#include <string>
#include <thread>
#include <vector>

struct Record {
    std::string name;
    std::vector<double> values;
};

int main()
{
    std::map<int, Record> index;
    for (int i = 0; i < 3000; ++i) {
        Record r;
        r.name = "record-" + std::to_string(i) + std::string(200, 'x');
        r.values.resize(600, double(i));
        index.emplace(i, std::move(r));
        if (i % 100 == 0)
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    return index.size() == 3000 ? 0 : 1;
}
