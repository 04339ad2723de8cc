#define _GNU_SOURCE
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* A request handler that leaks through libc's own allocators: asprintf's buffer,
   getline's line and a compiled regex never freed. */
static char* format_entry(int i)
{
    char* s = NULL;
    if (asprintf(&s, "entry %d: %s", i, "some payload text to make it bigger than a few bytes") < 0)
        return NULL;
    return s;
}

static regex_t* compile_filter(int i)
{
    regex_t* re = malloc(sizeof *re);
    char pat[64];
    snprintf(pat, sizeof pat, "^entry %d[0-9]*: (.*)$", i % 50);
    regcomp(re, pat, REG_EXTENDED);
    return re;
}

int main(void)
{
    char** keep = calloc(20000, sizeof(char*));
    regex_t** filters = calloc(20000, sizeof(regex_t*));
    FILE* f = fopen("/proc/self/status", "r");
    for (int i = 0; i < 20000; ++i) {
        keep[i] = format_entry(i);
        if (i % 10 == 0)
            filters[i / 10] = compile_filter(i);
        /* temporary work: freed */
        char* tmp = malloc(4096);
        memset(tmp, 1, 4096);
        free(tmp);
        if (i % 200 == 0) {
            struct timespec ts = { 0, 2000000 };
            nanosleep(&ts, NULL);
        }
    }
    fclose(f);
    return 0;
}
