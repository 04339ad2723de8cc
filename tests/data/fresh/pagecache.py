"""A page cache of 16 000 entries of 1 kB whose entries are replaced at random for four seconds: it fills, then holds."""
import random, time
cache = {}
def render(i):
    cache[random.randrange(16_000)] = str(i).ljust(1000)
start = time.time(); i = 0
while time.time() - start < 4:
    render(i); i += 1
    if i % 300 == 0:
        time.sleep(0.002)
print(i, len(cache))
