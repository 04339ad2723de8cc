import threading, time
# A request timeout done with a threading.Timer per request, cancelled by nobody: each Timer is a
# thread that waits out its 60 s, holding the request's context meanwhile.
def expire(context):
    context["expired"] = True

def handle(i):
    context = {"id": i, "buffer": bytearray(4096)}
    t = threading.Timer(60.0, expire, args=(context,))
    t.daemon = True
    t.start()
    return len(context["buffer"])

t0 = time.time(); i = 0
while time.time() - t0 < 2.0:
    for _ in range(50):
        handle(i); i += 1
    time.sleep(0.01)
print(i, threading.active_count())
