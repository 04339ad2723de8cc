# Loads a dataset at start (a list of 200 000 records), then serves requests against it for a
# while: each request builds a small response and drops it. Nothing leaks.
import json
import time


def load_dataset():
    text = json.dumps([{"id": i, "name": f"item-{i}", "tags": ["a", "b"]} for i in range(200_000)])
    return json.loads(text)


def serve(dataset, n):
    total = 0
    for i in range(n):
        record = dataset[(i * 7919) % len(dataset)]
        response = {"record": record, "payload": "x" * 500, "related": [dataset[(i + k) % len(dataset)] for k in range(20)]}
        total += len(json.dumps(response))
        if i % 2000 == 0:
            time.sleep(0.05)
    return total


if __name__ == "__main__":
    data = load_dataset()
    serve(data, 40_000)
