// A batch importer that collects every failure as a std::exception_ptr "for the final report",
// and never reports: each kept exception_ptr keeps its exception object (and its message).
#include <cstdio>
#include <exception>
#include <stdexcept>
#include <string>
#include <vector>
#include <unistd.h>

static std::vector<std::exception_ptr> failures;

static int parseRecord(int i)
{
    if (i % 3 == 0)
        throw std::runtime_error("record " + std::to_string(i) + ": malformed field list, expected 12 fields but the line ended early");
    return i;
}

int main()
{
    long sum = 0;
    for (int i = 0; i < 60000; ++i) {
        try {
            sum += parseRecord(i);
        } catch (...) {
            failures.push_back(std::current_exception());
        }
        if (i % 2000 == 0)
            usleep(20000);
    }
    std::printf("%ld %zu\n", sum, failures.size());
}
