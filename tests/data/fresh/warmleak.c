// A service that warms a 48 MB cache at start-up and then serves requests, each leaking a
// 200-byte context record (the slow leak under a big, bounded cache).
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char *cache[12000];

static void warm_cache(void)
{
    for (int i = 0; i < 12000; ++i) {
        cache[i] = malloc(4000);
        memset(cache[i], i, 4000);
    }
}

static void *make_context(int id)
{
    char *ctx = malloc(200);
    snprintf(ctx, 200, "request %d", id);
    return ctx;
}

static long serve(int id)
{
    void *ctx = make_context(id); // never freed: the leak
    char *scratch = malloc(8192);
    memset(scratch, id, 8192);
    long sum = scratch[id % 8192] + ((char *)ctx)[0] + cache[id % 12000][0];
    free(scratch);
    return sum;
}

int main(void)
{
    warm_cache();
    long total = 0;
    for (int id = 0; id < 20000; ++id) {
        total += serve(id);
        if (id % 200 == 0)
            usleep(20000);
    }
    for (int i = 0; i < 12000; ++i)
        free(cache[i]);
    printf("%ld\n", total);
    return 0;
}
