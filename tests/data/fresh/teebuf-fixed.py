import itertools, time
# The same stream split with itertools.tee, its two branches advanced in step: tee holds one item.
def events():
    i = 0
    while True:
        yield {"id": i, "path": "/api/v1/items/%d" % i, "payload": "x" * 200}
        i += 1

main, metrics = itertools.tee(events())
t0 = time.time(); n = 0; seen = 0
for ev, m in zip(main, metrics):
    seen += 1
    n += len(ev["payload"])
    if n % 200000 == 0:
        time.sleep(0.002)
    if time.time() - t0 > 2.0:
        break
print(n, seen)
