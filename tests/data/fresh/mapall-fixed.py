# The same, with map fed a thousand items at a time: no more than a thousand futures at once.
import random, threading
from concurrent.futures import ThreadPoolExecutor
from itertools import islice

local = threading.local()

def render(i):
    cache = getattr(local, "cache", None)
    if cache is None:
        cache = local.cache = {}
    key = f"tpl-{i}"
    if key not in cache:
        cache[key] = [random.random() for _ in range(12)]
    return cache[key][0]

def batches(items, size):
    items = iter(items)
    while chunk := list(islice(items, size)):
        yield chunk

def main():
    with ThreadPoolExecutor(max_workers=4) as pool:
        total = sum(sum(pool.map(render, chunk)) for chunk in batches(range(100_000), 1000))
    print(round(total))

main()
