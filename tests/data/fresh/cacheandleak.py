"""One handler: a 10 MB page cache whose entries are replaced at random, and a 1 kB record of every tenth request kept forever."""
import random, time
cache = {}
kept = []
def handle(i):
    cache[random.randrange(10_000)] = str(i).ljust(1000)
    if i % 10 == 0:
        kept.append(str(i).rjust(1000))
start = time.time(); i = 0
while time.time() - start < 4:
    handle(i); i += 1
    if i % 300 == 0:
        time.sleep(0.003)
print(i, len(kept))
