#include <stdlib.h>
#include <string.h>
#include <stdio.h>
#include <time.h>
static void nap(long ms){ struct timespec t={ms/1000,(ms%1000)*1000000L}; nanosleep(&t,0); }
typedef struct Rec { char* payload; struct Rec* next; } Rec;
static Rec* keep = 0;
static void* batch_buffer(size_t n){ return malloc(n); }
static void run_batch(int round){
    void* parts[200];
    for (int i=0;i<200;i++){ parts[i]=batch_buffer(8192); memset(parts[i],round,8192); }
    nap(40);
    for (int i=0;i<200;i++) free(parts[i]);
}
static void remember(int round){
    Rec* r = malloc(sizeof *r); r->payload = malloc(3000); memset(r->payload, round, 3000); r->next = keep; keep = r;
}
int main(void){
    char* cache[64] = {0};
    for (int round=0; round<60; round++){
        run_batch(round);               /* spiky: +1.6 MB then back */
        remember(round);                /* linear leak: 3 kB a round */
        int slot = round % 64; free(cache[slot]); cache[slot] = malloc(20000); /* plateau cache */
        nap(20);
    }
    printf("done %p\n", (void*)keep);
    return 0; /* keep and cache leak at exit */
}
