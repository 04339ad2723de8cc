// A store that maps its own pages (as a custom allocator or a database would), plus a little malloc.
#include <sys/mman.h>
#include <stdlib.h>
#include <string.h>
#include <stdio.h>
#include <unistd.h>
static void *segments[64]; static int nseg;
static void grow_store(void) { void *p = mmap(NULL, 1 << 20, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0); memset(p, 1, 1 << 20); segments[nseg++] = p; }
int main(void) {
    char *names[1000];
    for (int i = 0; i < 40; i++) { grow_store(); names[i] = strdup("segment-name"); usleep(20000); }
    for (int i = 0; i < 40; i++) free(names[i]);
    printf("%d\n", nseg);
    return 0;
}
