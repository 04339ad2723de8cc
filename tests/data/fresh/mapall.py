# A thread pool rendering 100,000 templates through Executor.map, which submits them all at once
# and keeps every future until the loop over its results reaches it; each worker also keeps a
# per-thread cache of what it rendered (threading.local), never pruned.
import random, threading
from concurrent.futures import ThreadPoolExecutor

local = threading.local()

def render(i):
    cache = getattr(local, "cache", None)
    if cache is None:
        cache = local.cache = {}
    key = f"tpl-{i}"
    if key not in cache:
        cache[key] = [random.random() for _ in range(12)]
    return cache[key][0]

def main():
    with ThreadPoolExecutor(max_workers=4) as pool:
        total = sum(pool.map(render, range(100_000)))
    print(round(total))

main()
