# memo.py mended: the fragment is keyed by the user alone, which repeats; the timestamp is put in
# after the cache.
import functools
import time


@functools.cache
def render(user):
    rows = ["<tr><td>%s</td><td>%d</td></tr>" % (user, i) for i in range(20)]
    return "".join(rows)


def handle(i):
    page = render("user%d" % (i % 500)) + "<!-- %d -->" % time.monotonic_ns()
    return len(page)


def main():
    end = time.time() + 2.5
    i = total = 0
    while time.time() < end:
        total += handle(i)
        i += 1
    print(i, total, render.cache_info().currsize)


main()
