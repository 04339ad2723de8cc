// A compiler-like run: parse into a big tree, transform it, print, free everything.
#include <cstdio>
#include <memory>
#include <string>
#include <vector>
#include <memory_resource>

struct Node {
    std::string name;
    std::vector<std::unique_ptr<Node>> kids;
};

static std::unique_ptr<Node> parse(int depth, int width)
{
    auto n = std::make_unique<Node>();
    n->name = "node_with_a_longish_name_" + std::to_string(depth * 1000 + width);
    if (depth > 0)
        for (int i = 0; i < width; ++i)
            n->kids.push_back(parse(depth - 1, width));
    return n;
}

static size_t lower(const Node& n, std::pmr::memory_resource* arena, std::pmr::vector<std::pmr::string>& out)
{
    out.emplace_back(n.name.data(), n.name.size());
    size_t count = 1;
    for (auto& k : n.kids)
        count += lower(*k, arena, out);
    return count;
}

int main()
{
    size_t total = 0;
    for (int unit = 0; unit < 6; ++unit) {
        auto tree = parse(6, 6); // ~56k nodes
        std::pmr::monotonic_buffer_resource arena;
        std::pmr::vector<std::pmr::string> lowered(&arena);
        total += lower(*tree, &arena, lowered);
    }
    std::printf("%zu\n", total);
}
