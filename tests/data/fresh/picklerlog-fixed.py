# An event log written through one long-lived pickle.Pickler, its memo cleared after each dump:
# the events written are freed.
import io, pickle, time

class Sink(io.RawIOBase):
    def writable(self):
        return True
    def write(self, b):
        return len(b)  # sent over the wire, not kept

pickler = pickle.Pickler(Sink(), protocol=4)

def emit(i):
    event = {"id": i, "user": "u%d" % (i % 997), "path": "/item/%d" % i, "tags": ["a", "b"], "n": i * 3}
    pickler.dump(event)
    pickler.clear_memo()

for i in range(150000):
    emit(i)
    if i % 30000 == 0:
        time.sleep(0.05)
print("done")
