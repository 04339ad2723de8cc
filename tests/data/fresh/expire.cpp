// A service that loads 200k sessions at start-up and expires them over its run, while each
// request leaks a small audit record.
#include <cstdio>
#include <cstring>
#include <deque>
#include <string>
#include <vector>

struct Session {
    std::string user;
    char state[200];
};

static std::deque<Session*> sessions;
static std::vector<char*> audit;

void loadSessions()
{
    for (int i = 0; i < 200000; ++i) {
        auto* s = new Session;
        s->user = "user-with-a-long-name-" + std::to_string(i);
        std::memset(s->state, 0, sizeof s->state);
        sessions.push_back(s);
    }
}

void handleRequest(int i)
{
    char* record = new char[96];
    std::snprintf(record, 96, "request %d", i);
    audit.push_back(record);
    if (i % 2 == 0 && !sessions.empty()) {
        delete sessions.front();
        sessions.pop_front();
    }
}

int main()
{
    loadSessions();
    long sum = 0;
    for (int i = 0; i < 300000; ++i) {
        handleRequest(i);
        std::string scratch(100, 'x');
        sum += scratch.size();
    }
    std::printf("%ld %zu %zu\n", sum, sessions.size(), audit.size());
}
