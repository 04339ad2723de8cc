// A service that keeps its buffers in memory it maps itself (an arena of its own), and leaks one
// 2 MB region per hundred requests; the C heap stays small and bounded.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>

static void *regions[64];
static int nregions;

static void *map_region(size_t size)
{
    void *p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED)
        abort();
    memset(p, 1, size);
    return p;
}

static void handle(int request)
{
    char *scratch = malloc(16 * 1024);
    memset(scratch, 0, 16 * 1024);
    snprintf(scratch, 64, "request %d", request);
    if (request % 100 == 0 && nregions < 64)
        regions[nregions++] = map_region(2 << 20);
    free(scratch);
}

int main(void)
{
    struct timespec pause = { 0, 1000000 };
    for (int r = 1; r <= 3000; ++r) {
        handle(r);
        nanosleep(&pause, NULL);
    }
    printf("%d regions\n", nregions);
    return 0;
}
