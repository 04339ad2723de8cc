"""A log shipper: request threads put records on a queue.Queue that one uploader thread drains
more slowly than they fill it. Killed before it catches up."""
import os
import queue
import threading
import time

records = queue.Queue()


def uploader():
    while True:
        records.get()
        time.sleep(0.0005)  # the HTTP round trip


def request_thread(n, base):
    for i in range(n):
        records.put({"seq": base + i, "line": "GET /api/items?page=%d 200" % i * 8})


threading.Thread(target=uploader, daemon=True).start()
workers = [threading.Thread(target=request_thread, args=(40_000, k * 40_000)) for k in range(3)]
for w in workers:
    w.start()
for w in workers:
    w.join()
print(records.qsize(), flush=True)
os._exit(137)
