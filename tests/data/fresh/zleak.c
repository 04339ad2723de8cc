/* A log shipper that compresses each batch with zlib; on the error path (every 5th batch) it
   returns without deflateEnd(), so the stream's window and state (~268 kB) stay. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

static unsigned char out[1 << 16];

static int ship_batch(const char *text, size_t len, int batch)
{
    z_stream zs;
    memset(&zs, 0, sizeof zs);
    if (deflateInit(&zs, 6) != Z_OK)
        return -1;
    zs.next_in = (unsigned char *)text;
    zs.avail_in = (uInt)len;
    zs.next_out = out;
    zs.avail_out = sizeof out;
    deflate(&zs, Z_FINISH);
    if (batch % 5 == 0)
        return -1; /* "network error": the stream is never ended */
    deflateEnd(&zs);
    return 0;
}

int main(void)
{
    char *text = malloc(20000);
    for (int i = 0; i < 20000; ++i)
        text[i] = "abcdefghij"[i % 10];
    int failed = 0;
    for (int b = 0; b < 400; ++b) {
        failed += ship_batch(text, 20000, b) != 0;
        usleep(2000);
    }
    free(text);
    printf("%d failed\n", failed);
    return 0;
}
