// Fragmentation: each round allocates many small blocks, keeps one in 16 and frees the rest,
// then asks for slightly larger blocks that cannot reuse the holes. The heap grows little
// (the kept blocks); RSS grows with every round.
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
static void* kept[1 << 20];
static size_t nkept;
int main(void) {
    size_t size = 64;
    for (int round = 0; round < 30; ++round) {
        enum { N = 40000 };
        static void* blocks[N];
        for (int i = 0; i < N; ++i) { blocks[i] = malloc(size); memset(blocks[i], 1, size); }
        for (int i = 0; i < N; ++i) {
            if (i % 16 == 0) kept[nkept++] = blocks[i];
            else free(blocks[i]);
        }
        size += 48; // the next round's blocks do not fit the holes
        usleep(20000);
    }
    printf("%zu kept\n", nkept);
    for (size_t i = 0; i < nkept; ++i) free(kept[i]);
    return 0;
}
