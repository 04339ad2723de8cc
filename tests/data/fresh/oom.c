// A service that keeps every request's buffer until the kernel kills it.
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
static void **kept;
static size_t nkept, cap;
static void keep_request(size_t size)
{
    if (nkept == cap) {
        cap = cap ? cap * 2 : 1024;
        kept = realloc(kept, cap * sizeof *kept);
    }
    void *buffer = malloc(size);
    memset(buffer, 7, size);
    kept[nkept++] = buffer;
}
int main(void)
{
    for (;;) {
        for (int i = 0; i < 1000; ++i)
            keep_request(4096);
        usleep(10000);
    }
}
