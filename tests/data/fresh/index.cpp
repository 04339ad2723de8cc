// A document indexer: an inverted index (word -> postings) that grows with every document and is
// never pruned, a per-document token vector freed after each document, and an LRU of the last
// 256 parsed documents (bounded).
#include <chrono>
#include <list>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

static std::unordered_map<std::string, std::vector<int>> g_index;
static std::list<std::string> g_recent;

static std::vector<std::string> tokenize(int doc)
{
    std::vector<std::string> tokens;
    for (int w = 0; w < 200; ++w)
        tokens.push_back("word" + std::to_string((doc * 7 + w * 13) % 50000) + "_with_a_long_suffix");
    return tokens;
}

static void indexDocument(int doc)
{
    const auto tokens = tokenize(doc);
    for (const auto& t : tokens)
        g_index[t].push_back(doc);
    g_recent.push_back(std::string(2000, 'd'));
    if (g_recent.size() > 256)
        g_recent.pop_front();
}

int main()
{
    for (int doc = 0; doc < DOCS; ++doc) {
        indexDocument(doc);
        if (doc % 100 == 0)
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    g_index.clear();
    g_recent.clear();
}
