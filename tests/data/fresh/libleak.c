// A service that leaks through libc: names kept with strdup and never freed, log lines built
// with asprintf and dropped, and a config file opened per request and never closed (fopen's
// FILE and buffer). Meanwhile a request buffer is allocated and freed every round.
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static char *names[100000];
static int name_count;

static void remember_name(int i)
{
    char buf[64];
    snprintf(buf, sizeof buf, "client-%08d-with-a-longer-name", i);
    names[name_count++] = strdup(buf);
}

static void log_request(int i)
{
    char *line;
    if (asprintf(&line, "request %d handled at %ld with some detail text", i, (long)time(NULL)) < 0)
        return;
    /* forgot free(line) */
}

static void read_config(void)
{
    FILE *f = fopen("/etc/hostname", "r");
    if (f) {
        char b[32];
        (void)fgets(b, sizeof b, f);
        /* forgot fclose(f) */
    }
}

static void handle(int i)
{
    char *request = malloc(16384);
    memset(request, 'x', 16384);
    remember_name(i);
    log_request(i);
    if (i % 10 == 0)
        read_config();
    free(request);
}

int main(void)
{
    struct timespec pause = { 0, 200000 };
    for (int i = 0; i < 6000; ++i) {
        handle(i);
        nanosleep(&pause, NULL);
    }
    return 0;
}
