// A request handler that logs where errors come from and resolves paths, and never frees what
// libc handed it: backtrace_symbols' array, realpath's buffer and asprintf's string.
#define _GNU_SOURCE
#include <execinfo.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

__attribute__((noinline)) static void logError(int id)
{
    void* frames[16];
    int n = backtrace(frames, 16);
    char** names = backtrace_symbols(frames, n);
    if (names && id % 1000 == 0)
        fprintf(stderr, "error %d at %s\n", id, names[0]);
}

__attribute__((noinline)) static size_t handleRequest(int id)
{
    char* resolved = realpath("/usr/lib/../lib/./x86_64-linux-gnu", NULL);
    char* line = NULL;
    if (asprintf(&line, "request %d resolved to %s", id, resolved ? resolved : "?") < 0)
        return 0;
    if (id % 3 == 0)
        logError(id);
    return strlen(line);
}

int main(void)
{
    size_t total = 0;
    for (int i = 0; i < 30000; ++i)
        total += handleRequest(i);
    printf("%zu\n", total);
    return 0;
}
