// Validates each input line by building a std::regex per call: heavy, but everything is freed.
#include <cstdio>
#include <regex>
#include <string>

static bool valid(const std::string& line)
{
    const std::regex pattern("^[a-z]+-[0-9]{3,8}@example\\.(com|org)$");
    return std::regex_match(line, pattern);
}

int main()
{
    int ok = 0;
    for (int i = 0; i < 20000; ++i)
        ok += valid("user-" + std::to_string(1000 + i) + (i % 2 ? "@example.com" : "@example.net"));
    std::printf("%d\n", ok);
}
