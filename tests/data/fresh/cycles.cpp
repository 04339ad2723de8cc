// A node graph whose parent/child links are shared_ptr both ways: each request's
// subtree forms a cycle and is never freed, although every handle to it is dropped.
#include <memory>
#include <string>
#include <vector>
#include <cstdio>
#include <unistd.h>

struct Node {
    std::string name;
    std::vector<std::shared_ptr<Node>> children;
    std::shared_ptr<Node> parent;   // should be weak_ptr
    std::vector<char> payload;
};

static std::shared_ptr<Node> buildTree(int request) {
    auto root = std::make_shared<Node>();
    root->name = "request-" + std::to_string(request) + "-root-node-with-a-long-name";
    for (int i = 0; i < 8; ++i) {
        auto child = std::make_shared<Node>();
        child->name = "child-" + std::to_string(i) + "-of-request-with-a-long-name";
        child->payload.resize(512);
        child->parent = root;
        root->children.push_back(child);
    }
    return root;
}

static size_t handleRequest(int request) {
    auto tree = buildTree(request);
    std::vector<char> scratch(32 * 1024, 'x');  // freed each time
    size_t total = scratch.size();
    for (auto& c : tree->children) total += c->payload.size();
    return total;  // tree dropped here, but the cycle keeps it alive
}

int main() {
    size_t sum = 0;
    for (int r = 0; r < 3000; ++r) {
        sum += handleRequest(r);
        if (r % 100 == 0) usleep(20000);
    }
    std::printf("%zu\n", sum);
}
