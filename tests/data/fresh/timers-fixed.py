import threading, time
# The same request timeout, cancelled once the request is done: its thread ends at once.
def expire(context):
    context["expired"] = True

def handle(i):
    context = {"id": i, "buffer": bytearray(4096)}
    t = threading.Timer(60.0, expire, args=(context,))
    t.daemon = True
    t.start()
    try:
        return len(context["buffer"])
    finally:
        t.cancel()

t0 = time.time(); i = 0
while time.time() - t0 < 2.0:
    for _ in range(50):
        handle(i); i += 1
    time.sleep(0.01)
print(i, threading.active_count())
