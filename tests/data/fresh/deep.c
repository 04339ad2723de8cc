// A recursive parser whose depth grows with its input, and a heap table it fills.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
static char **table;
static size_t used;
static int parse(int depth, int max)
{
    char frame[512];
    memset(frame, depth, sizeof frame);
    if (depth < max)
        return parse(depth + 1, max) + frame[depth % 512];
    table = realloc(table, (used + 1) * sizeof *table);
    table[used++] = strdup("entry-with-some-text-in-it-for-the-table");
    return frame[0];
}
int main(void)
{
    long total = 0;
    for (int i = 0; i < 3000; ++i)
        total += parse(0, i / 3);
    printf("%ld %zu\n", total, used);
    return 0;
}
