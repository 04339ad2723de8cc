/* A symbol table that interns every name it is given in an obstack and never frees it. */
#include <obstack.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define obstack_chunk_alloc malloc
#define obstack_chunk_free free

static struct obstack names;

static const char *intern(const char *name)
{
    return obstack_copy0(&names, name, strlen(name));
}

static void handle_request(int id)
{
    char name[128];
    snprintf(name, sizeof name, "session-%d-user-%d-with-some-padding-to-make-it-longer", id, id * 7);
    intern(name);
    char *scratch = malloc(4096);
    memset(scratch, id, 4096);
    free(scratch);
}

int main(void)
{
    obstack_init(&names);
    for (int id = 0; id < 200000; ++id) {
        handle_request(id);
        if (id % 10000 == 0)
            usleep(20000);
    }
    printf("done\n");
    return 0;
}
