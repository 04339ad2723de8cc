/* A request loop whose allocations all go through a project's own wrappers (xmalloc, xstrdup,
   a small arena for per-request scratch): every 20th request's record is kept forever, the
   rest freed; the scratch arena is reset each request. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static void* xmalloc(size_t n) { void* p = malloc(n); if (!p) { fputs("out of memory\n", stderr); exit(1); } return p; }
static char* xstrdup(const char* s) { size_t n = strlen(s) + 1; char* p = xmalloc(n); memcpy(p, s, n); return p; }

struct arena { char* block; size_t used, size; };
static void* arena_alloc(struct arena* a, size_t n) {
    if (!a->block || a->used + n > a->size) { a->size = 1 << 20; a->block = xmalloc(a->size); a->used = 0; }
    void* p = a->block + a->used; a->used += n; return p;
}
static void arena_reset(struct arena* a) { free(a->block); a->block = NULL; a->used = 0; }

struct record { char* who; char* body; struct record* next; };
static struct record* history;

static void handle(int i, struct arena* scratch) {
    char line[256];
    snprintf(line, sizeof line, "request %d from client %d", i, i % 97);
    char* tmp = arena_alloc(scratch, 64 * 1024);
    memset(tmp, 'x', 64 * 1024);
    struct record* r = xmalloc(sizeof *r);
    r->who = xstrdup(line);
    r->body = xmalloc(2000);
    memset(r->body, i, 2000);
    if (i % 20 == 0) { r->next = history; history = r; }
    else { free(r->body); free(r->who); free(r); }
}

int main(void) {
    struct arena scratch = { 0 };
    for (int i = 0; i < 60000; ++i) {
        handle(i, &scratch);
        arena_reset(&scratch);
        if (i % 1000 == 0) usleep(20000);
    }
    printf("%d kept\n", 60000 / 20);
    return 0;
}
