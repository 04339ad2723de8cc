# A service run in a staging mode with its metrics client replaced by a MagicMock: every call to
# it is recorded, with its arguments, for the whole run.
import random
from unittest import mock

metrics = mock.MagicMock()

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
