// A service leaks a record per request during a load test of 1.5 s, then idles (a timer tick
// every 50 ms that allocates and frees a small buffer) until it is stopped 1.5 s later.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

struct record { char* body; struct record* next; };
static struct record* journal;

static void handle(int request)
{
    char* scratch = malloc(8192);
    memset(scratch, request, 8192);
    struct record* r = malloc(sizeof *r);
    r->body = malloc(200 + request % 100);
    memcpy(r->body, scratch, 200);
    r->next = journal; // the journal is never trimmed
    journal = r;
    free(scratch);
}

static void tick(void)
{
    char* status = malloc(512);
    snprintf(status, 512, "alive");
    free(status);
}

int main(void)
{
    for (int request = 0; request < 150000; ++request) {
        handle(request);
        if (request % 1000 == 0)
            usleep(10000);
    }
    for (int i = 0; i < 30; ++i) {
        tick();
        usleep(50000);
    }
    puts("stopped");
    return 0;
}
