# A thread pool whose workers (the program's own function) build rows the parent keeps.
import concurrent.futures, time

def build(n):
    return [("row", n, i) for i in range(400)]

kept = []
with concurrent.futures.ThreadPoolExecutor(2) as pool:
    for round_ in range(30):
        kept.extend(pool.map(build, range(round_ * 50, round_ * 50 + 50)))
        time.sleep(0.02)
print(len(kept))
