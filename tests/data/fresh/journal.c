#include <stdlib.h>
#include <string.h>
#include <stdio.h>
#include <unistd.h>
typedef struct { char *data; size_t len, cap; } Buf;
static void append(Buf *b, const char *s, size_t n) {
    if (b->len + n > b->cap) { b->cap = b->cap ? b->cap * 2 : 4096; while (b->cap < b->len + n) b->cap *= 2; b->data = realloc(b->data, b->cap); }
    memcpy(b->data + b->len, s, n); b->len += n;
}
static void write_record(Buf *b, int i) { char line[128]; int n = snprintf(line, sizeof line, "record %d: status=ok latency=%dms\n", i, i % 97); append(b, line, n); }
int main(void) {
    Buf journal = {0};
    for (int i = 0; i < 400000; i++) { write_record(&journal, i); if (i % 20000 == 0) usleep(20000); }
    printf("%zu\n", journal.len);
    free(journal.data);
    return 0;
}
