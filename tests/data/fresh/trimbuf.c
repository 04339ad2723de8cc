// A report built into one growing buffer by append_row() for every record, then trimmed to size
// by finish_report() (realloc to its length) and kept until exit.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static char* buffer;
static size_t length, capacity;

static void append_row(int id)
{
    char row[160];
    int n = snprintf(row, sizeof row, "%d,user%d,%0100d\n", id, id % 977, id);
    if (length + n > capacity) {
        capacity = capacity ? capacity * 3 / 2 : 4096;
        buffer = realloc(buffer, capacity);
    }
    memcpy(buffer + length, row, n);
    length += n;
}

static char* finish_report(void)
{
    return realloc(buffer, length);
}

int main(void)
{
    struct timespec pause = { 0, 2000000 };
    for (int i = 0; i < 200000; ++i) {
        append_row(i);
        if (i % 2000 == 0)
            nanosleep(&pause, 0);
    }
    char* report = finish_report();
    printf("%zu bytes, %c\n", length, report[length / 2]);
    for (int i = 0; i < 30; ++i) { // serves the report for a while
        char* copy = malloc(4096);
        memcpy(copy, report + i * 4096, 4096);
        free(copy);
        nanosleep(&pause, 0);
    }
    free(report);
    return 0;
}
