// A program that allocates through wrappers of its own, as many C code bases do: safe_malloc
// (abort on failure) and str_dup_checked. The leak is in cache_put, which keeps every entry.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static void *safe_malloc(size_t n)
{
    void *p = malloc(n);
    if (!p) {
        perror("malloc");
        abort();
    }
    return p;
}

static char *safe_strdup(const char *s)
{
    size_t n = strlen(s) + 1;
    return memcpy(safe_malloc(n), s, n);
}

struct entry {
    char *key;
    char payload[200];
    struct entry *next;
};
static struct entry *cache;

static void cache_put(int i)
{
    char key[32];
    snprintf(key, sizeof key, "key-%d", i);
    struct entry *e = safe_malloc(sizeof *e);
    e->key = safe_strdup(key);
    memset(e->payload, 'p', sizeof e->payload);
    e->next = cache;
    cache = e;
}

static void handle(int i)
{
    char *scratch = safe_malloc(4096);
    memset(scratch, 0, 4096);
    cache_put(i);
    free(scratch);
}

int main(void)
{
    struct timespec pause = { 0, 200000 };
    for (int i = 0; i < 5000; ++i) {
        handle(i);
        nanosleep(&pause, NULL);
    }
    return 0;
}
