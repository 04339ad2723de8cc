#include <stdlib.h>
#include <string.h>
#include <stdio.h>
#include <unistd.h>
typedef struct Job { char *payload; struct Job *next; } Job;
static Job *make_batch(int n, size_t sz) {
    Job *head = NULL;
    for (int i = 0; i < n; i++) { Job *j = malloc(sizeof *j); j->payload = malloc(sz); memset(j->payload, i, sz); j->next = head; head = j; }
    return head;
}
static void free_batch(Job *j) { while (j) { Job *n = j->next; free(j->payload); free(j); j = n; } }
static char **cache; static size_t ncache;
static void remember(const char *key) { cache = realloc(cache, (ncache + 1) * sizeof *cache); cache[ncache++] = strdup(key); }
int main(void) {
    char key[64];
    for (int round = 0; round < 40; round++) {
        Job *b = make_batch(2000, 512);
        usleep(20000);
        free_batch(b);
        for (int k = 0; k < 500; k++) { snprintf(key, sizeof key, "session-%d-%d-padding-padding", round, k); remember(key); }
        usleep(10000);
    }
    printf("%zu\n", ncache);
    return 0;
}
