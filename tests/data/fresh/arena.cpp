// A fresh program with its own arena: parse() takes tokens from an arena that grows in 64 kB
// blocks and is never reset (the leak); render() uses std::string scratch freed at once.
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>
#include <unistd.h>

class Arena {
public:
    void* allocate(size_t n) {
        if (m_used + n > BlockSize || m_blocks.empty()) { grow(); }
        void* p = m_blocks.back() + m_used; m_used += n; return p;
    }
private:
    static constexpr size_t BlockSize = 64 * 1024;
    __attribute__((noinline)) void grow() { m_blocks.push_back(static_cast<char*>(std::malloc(BlockSize))); m_used = 0; }
    std::vector<char*> m_blocks;
    size_t m_used = 0;
};

static Arena g_tokens;

__attribute__((noinline)) void parse(int i) {
    for (int k = 0; k < 40; ++k) { char* t = static_cast<char*>(g_tokens.allocate(48)); std::snprintf(t, 48, "tok-%d-%d", i, k); }
}
__attribute__((noinline)) size_t render(int i) {
    std::string page(8000, 'p'); page += std::to_string(i); return page.size();
}
int main() {
    size_t n = 0;
    for (int i = 0; i < 20000; ++i) { parse(i); n += render(i); if (i % 500 == 0) usleep(30000); }
    return n == 0;
}
