import os, time
# Each request's payload is read whole; a copy of its 16-byte id is kept.
seen = []
def handle(i):
    payload = os.urandom(16) + b"x" * (256 * 1024)
    seen.append(bytes(memoryview(payload)[:16]))
t0 = time.time(); i = 0
while time.time() - t0 < 2.0:
    for _ in range(20):
        handle(i); i += 1
    time.sleep(0.01)
print(i)
