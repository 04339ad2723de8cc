"""A web page cache bounded at 2 000 entries (functools.lru_cache), serving requests for 6 s."""
import functools, random, time

@functools.lru_cache(maxsize=2000)
def page(n):
    return ("<p>%d</p>" % n) * 300

start = time.time()
i = 0
while time.time() - start < 6:
    page(random.randrange(50_000))
    i += 1
print(i)
