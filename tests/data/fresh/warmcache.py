"""A cache of rendered pages, filled over its first 2.5 s (to 12 716 here), then refreshed in place until 6 s."""
import random, time
pages = {}
start = time.time(); i = 0
while time.time() - start < 6:
    if len(pages) < 20_000 and time.time() - start < 2.5:
        key = len(pages)
    else:
        key = random.randrange(len(pages))
    pages[key] = str(i).ljust(500)
    i += 1
    if len(pages) < 20_000:
        time.sleep(0.0001)
    elif i % 200 == 0:
        time.sleep(0.002)
print(len(pages))
