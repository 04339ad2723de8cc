# A service keeps every request's record through a load test, then idles until it is stopped.
import time

journal = []


def handle(i):
    scratch = bytearray(8192)
    journal.append({"id": i, "body": bytes(scratch[:200])})


for i in range(150000):
    handle(i)
    if i % 1000 == 0:
        time.sleep(0.01)
time.sleep(2.0)
print("stopped")
