# The same service with a no-op stand-in for its metrics client: nothing is recorded.
import random

class NullMetrics:
    def __getattr__(self, name):
        return lambda *args, **kwargs: None

metrics = NullMetrics()

def handle(i):
    payload = {"id": i, "tags": [f"t{k}" for k in range(5)], "value": random.random()}
    metrics.timing("request.latency", payload["value"], tags=payload["tags"])
    metrics.increment("request.count", tags={"path": f"/items/{i}"})
    return payload["value"]

def main():
    total = 0.0
    for i in range(40_000):
        total += handle(i)
    print(round(total))

main()
