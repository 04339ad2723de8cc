import time
kept = []
def handle(i):
    kept.append({"id": i, "payload": "x" * 500})
for i in range(20000):
    handle(i)
