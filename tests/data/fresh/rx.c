/* A log filter that compiles each rule's pattern per message and frees it only on a match:
   regcomp's compiled automaton stays for every message that did not match. */
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int matches(const char *pattern, const char *line)
{
    regex_t *re = malloc(sizeof *re);
    if (regcomp(re, pattern, REG_EXTENDED | REG_NOSUB) != 0) {
        free(re);
        return 0;
    }
    if (regexec(re, line, 0, NULL, 0) == 0) {
        regfree(re);
        free(re);
        return 1;
    }
    return 0; /* the early return forgets regfree */
}

int main(void)
{
    const char *rules[] = { "^ERROR [0-9]+: (disk|net)", "timeout after [0-9]+ ms", "user=[a-z]+ denied" };
    char line[128];
    long hits = 0;
    for (int i = 0; i < 6000; ++i) {
        snprintf(line, sizeof line, "INFO %d: request served in %d ms", i, i % 300);
        for (int r = 0; r < 3; ++r)
            hits += matches(rules[r], line);
    }
    printf("%ld\n", hits);
    return 0;
}
