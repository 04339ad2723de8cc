// Reads a config file per request and forgets to close it on the early return.
#include <stdio.h>
#include <string.h>
static int read_limit(const char *path) {
    FILE *f = fopen(path, "r");
    if (!f) return -1;
    char line[128];
    if (!fgets(line, sizeof line, f)) return 0; /* leaks f */
    if (strncmp(line, "limit", 5) == 0) return 1; /* leaks f too */
    fclose(f);
    return 2;
}
int main(void) {
    FILE *w = fopen("/tmp/s57/c/limits.conf", "w"); fputs("limit=10\n", w); fclose(w);
    long sum = 0;
    for (int i = 0; i < 900; ++i) sum += read_limit("/tmp/s57/c/limits.conf");
    printf("%ld\n", sum);
    return 0;
}
