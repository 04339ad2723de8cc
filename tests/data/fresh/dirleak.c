// Counts files in a spool directory per tick; the early return skips closedir.
#include <dirent.h>
#include <stdio.h>
static int count_jobs(const char *dir) {
    DIR *d = opendir(dir);
    if (!d) return -1;
    int n = 0; struct dirent *e;
    while ((e = readdir(d))) if (e->d_name[0] != '.') { if (++n > 3) return n; }
    closedir(d);
    return n;
}
int main(void) {
    long total = 0;
    for (int i = 0; i < 800; ++i) total += count_jobs("/usr/lib");
    printf("%ld\n", total);
    return 0;
}
