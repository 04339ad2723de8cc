// A small "service": a log buffer grown by doubling (realloc), a request handler that allocates
// a temporary buffer per request and frees it, and a session table that leaks one node per
// ten requests. Exits without freeing the log or the sessions.
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct session { struct session* next; char name[120]; };
static struct session* sessions;
static char* logbuf; static size_t loglen, logcap;

static void log_line(const char* s)
{
    size_t n = strlen(s);
    if (loglen + n + 1 > logcap) {
        logcap = logcap ? logcap * 2 : 4096;
        logbuf = realloc(logbuf, logcap);
    }
    memcpy(logbuf + loglen, s, n); loglen += n;
}

static void handle(int i)
{
    char* scratch = malloc(64 * 1024);
    memset(scratch, i, 64 * 1024);
    log_line("request handled with some detail text\n");
    if (i % 10 == 0) {
        struct session* s = malloc(sizeof *s);
        s->next = sessions; sessions = s;
        memset(s->name, 'x', sizeof s->name);
    }
    free(scratch);
}

int main(void)
{
    for (int i = 0; i < 40000; ++i) {
        handle(i);
        if (i % 400 == 0) usleep(2000);
    }
    return 0;
}
