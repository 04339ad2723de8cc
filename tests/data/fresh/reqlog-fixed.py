"""A web handler that logs through one logger, the request id in extra: nothing kept."""
import logging
import time

logging.basicConfig(level=logging.WARNING)


def handle(request_id, payload):
    log = logging.LoggerAdapter(logging.getLogger("app.request"), {"request_id": request_id})
    log.debug("handling %s", request_id)
    return sum(payload) % 97


def serve(n):
    total = 0
    for i in range(n):
        total += handle(i, range(i % 50))
        if i % 2000 == 0:
            time.sleep(0.01)
    return total


if __name__ == "__main__":
    print(serve(120_000))
