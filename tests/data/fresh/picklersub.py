# An event log written through one long-lived pickle.Pickler subclass: its memo keeps every object
# it has pickled alive (and maps each by id), so the events written are never freed.
import io, pickle, time

class Sink(io.RawIOBase):
    def writable(self):
        return True
    def write(self, b):
        return len(b)  # sent over the wire, not kept

class EventPickler(pickle.Pickler):
    def persistent_id(self, obj):
        return None

pickler = EventPickler(Sink(), protocol=4)

def emit(i):
    event = {"id": i, "user": "u%d" % (i % 997), "path": "/item/%d" % i, "tags": ["a", "b"], "n": i * 3}
    pickler.dump(event)   # bug: pickler.clear_memo() never called

for i in range(150000):
    emit(i)
    if i % 30000 == 0:
        time.sleep(0.05)
print("done")
