/* A server that starts a thread per connection and neither joins nor detaches it: each finished
   thread keeps its stack and its thread-local storage until someone joins it. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void *serve(void *arg)
{
    char *reply = malloc(2048);
    memset(reply, 'r', 2048);
    free(reply);
    return arg;
}

int main(void)
{
    for (int c = 0; c < 600; ++c) {
        pthread_t thread;
        if (pthread_create(&thread, NULL, serve, NULL) != 0) {
            perror("pthread_create");
            return 1;
        }
        usleep(1500);
    }
    puts("done");
    return 0;
}
