"""A consumer reads events from one long-lived stream: the producer's Pickler and the
consumer's Unpickler are each made once, so both memos keep every event."""
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
    return buf.getvalue(), offsets


def consume(data, offsets):
    stream = io.BytesIO(data)
    reader = pickle.Unpickler(stream)
    seen = 0
    for k in range(len(offsets)):
        event = reader.load()
        seen += event["id"] % 7
        if k % 3000 == 0:
            time.sleep(0.02)
    return seen


data, offsets = produce(60000)
print(consume(data, offsets))
