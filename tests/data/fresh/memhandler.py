# A service that buffers its log records in a MemoryHandler "to write them out on error", with
# a capacity no one will reach and a flushLevel of CRITICAL: every record is kept.
import logging
import logging.handlers
import time

target = logging.FileHandler("/dev/null")
buffer = logging.handlers.MemoryHandler(capacity=10_000_000, flushLevel=logging.CRITICAL, target=target)
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
