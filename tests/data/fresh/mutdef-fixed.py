import json, time

def collect(event, seen=None):  # a new list per call unless one is given
    if seen is None:
        seen = []
    seen.append(json.dumps(event))
    return len(seen)

def main():
    for i in range(150000):
        collect({"id": i, "user": "u%d" % (i % 100), "payload": "x" * 200})
        if i % 10000 == 0:
            time.sleep(0.05)

main()
