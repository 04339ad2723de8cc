import os, time
# Each request's payload is read whole; its 16-byte id is kept as a memoryview slice, which keeps
# the whole payload alive.
seen = []
def handle(i):
    payload = os.urandom(16) + b"x" * (256 * 1024)
    seen.append(memoryview(payload)[:16])
t0 = time.time(); i = 0
while time.time() - t0 < 2.0:
    for _ in range(20):
        handle(i); i += 1
    time.sleep(0.01)
print(i)
