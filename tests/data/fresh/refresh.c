// A long-running service that heaptrack attaches to while it runs (heaptrack -p PID): before
// the attach it has built a 4 MB lookup table it keeps; after, each request leaks a 512-byte
// session, frees a 16 kB scratch buffer, and the table's entries are replaced one by one.
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define ENTRIES 4096
static char *table[ENTRIES];

static void build_table(void)
{
    for (int i = 0; i < ENTRIES; ++i)
        table[i] = calloc(1, 1024);
}

static void refresh_entry(int i)
{
    free(table[i % ENTRIES]);
    table[i % ENTRIES] = calloc(1, 1024);
}

static void *open_session(int i)
{
    char *s = malloc(512);
    memset(s, i & 0xff, 512);
    return s; // never closed
}

static void handle(int i)
{
    char *scratch = malloc(16384);
    memset(scratch, 1, 16384);
    (void)open_session(i);
    refresh_entry(i);
    free(scratch);
}

int main(void)
{
    build_table();
    struct timespec pause = { 0, 200000 }; // 0.2 ms
    for (int i = 0; i < 3000; ++i) {
        handle(i);
        nanosleep(&pause, NULL);
    }
    return 0;
}
