/* A request handler that puts the request's id in the environment for a child's sake:
   glibc's setenv keeps every "NAME=value" string it has made (old ones may still be pointed
   at by environ's copies), so each distinct value leaks. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static long handle(long id)
{
    char value[64];
    snprintf(value, sizeof value, "req-%08ld-%s", id, "abcdefghijklmnopqrstuvwxyz0123456789");
    setenv("REQUEST_ID", value, 1);
    char* body = malloc(4096);
    memset(body, 'x', 4096);
    long sum = 0;
    for (int i = 0; i < 4096; i += 64)
        sum += body[i];
    free(body);
    return sum + (long)strlen(getenv("REQUEST_ID"));
}

int main(void)
{
    long total = 0;
    for (long id = 0; id < 300000; ++id)
        total += handle(id);
    printf("%ld\n", total);
    return 0;
}
