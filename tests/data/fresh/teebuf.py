import itertools, time
# A stream split with itertools.tee for a metrics branch that is read only at the end: tee
# buffers every item the main branch has passed until the other branch reads it.
def events():
    i = 0
    while True:
        yield {"id": i, "path": "/api/v1/items/%d" % i, "payload": "x" * 200}
        i += 1

main, metrics = itertools.tee(events())
t0 = time.time(); n = 0
for ev in main:
    n += len(ev["payload"])
    if n % 200000 == 0:
        time.sleep(0.002)
    if time.time() - t0 > 2.0:
        break
print(n, sum(1 for _ in itertools.islice(metrics, 10)))
