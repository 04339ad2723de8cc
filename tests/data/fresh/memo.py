# Page fragments memoised with functools.cache, keyed by (user, timestamp): every key is new, so
# the cache keeps every fragment it ever rendered.
import functools
import time


@functools.cache
def render(user, stamp):
    rows = ["<tr><td>%s</td><td>%d</td></tr>" % (user, i) for i in range(20)]
    return "".join(rows)


def handle(i):
    page = render("user%d" % (i % 500), time.monotonic_ns())
    return len(page)


def main():
    end = time.time() + 2.5
    i = total = 0
    while time.time() < end:
        total += handle(i)
        i += 1
    print(i, total, render.cache_info().currsize)


main()
