# A streaming API: each request gets a generator that yields the rows of a result page by page.
# Clients that disconnect early leave their generator suspended in `streams`, which is only
# cleaned when a stream runs to its end: each one keeps its frame, and the page buffer in it.
import time

streams = {}


def page_rows(request_id, pages):
    buffer = [f"row-{request_id}-{i}-" + "x" * 40 for i in range(500)]  # the page being sent
    for page in range(pages):
        yield buffer[page * 50:(page + 1) * 50]
    streams.pop(request_id, None)


def handle(request_id):
    stream = page_rows(request_id, 10)
    streams[request_id] = stream
    next(stream)  # the first page goes out
    if request_id % 4 == 0:
        for _ in stream:  # a client that reads to the end
            pass
    # the others disconnected: their generators stay in `streams`


for r in range(4000):
    handle(r)
    if r % 200 == 0:
        time.sleep(0.03)
print(len(streams))
