"""unpicklerlog.py mended: each event stands alone (the writer clears its memo after each
dump) and is read by an Unpickler of its own (pickle.load), so neither memo keeps it."""
import io
import pickle
import time


def produce(n):
    buf = io.BytesIO()
    writer = pickle.Pickler(buf)
    offsets = []
    for i in range(n):
        offsets.append(buf.tell())
        writer.dump({"id": i, "user": "user%d" % (i % 500), "body": "x" * 200, "tags": ["a", "b"]})
        writer.clear_memo()
    return buf.getvalue(), offsets


def consume(data, offsets):
    stream = io.BytesIO(data)
    seen = 0
    for k in range(len(offsets)):
        event = pickle.load(stream)
        seen += event["id"] % 7
        if k % 3000 == 0:
            time.sleep(0.02)
    return seen


data, offsets = produce(60000)
print(consume(data, offsets))
