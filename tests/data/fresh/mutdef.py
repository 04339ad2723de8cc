import json, time

def collect(event, seen=[]):  # the default list is made once and shared by every call
    seen.append(json.dumps(event))
    return len(seen)

def main():
    for i in range(150000):
        collect({"id": i, "user": "u%d" % (i % 100), "payload": "x" * 200})
        if i % 10000 == 0:
            time.sleep(0.05)

main()
