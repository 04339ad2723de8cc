# memhandler.py mended: the buffer has a capacity it reaches, and is flushed to its target each
# time it fills.
import logging
import logging.handlers
import time

target = logging.FileHandler("/dev/null")
buffer = logging.handlers.MemoryHandler(capacity=1000, flushLevel=logging.CRITICAL, target=target)
log = logging.getLogger("svc")
log.addHandler(buffer)
log.setLevel(logging.DEBUG)
log.propagate = False


def handle(i):
    payload = {"id": i, "items": list(range(20))}
    log.debug("handled request %d with payload %r", i, payload)
    return sum(payload["items"])


def main():
    total = 0
    end = time.time() + 2.5
    i = 0
    while time.time() < end:
        total += handle(i)
        i += 1
    print(total, len(buffer.buffer))


main()
