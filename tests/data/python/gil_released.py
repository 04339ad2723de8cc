# C extensions allocating with the GIL released (zlib's inflate allocates its window through
# PyMem_RawMalloc inside Py_BEGIN_ALLOW_THREADS), from several threads at once, and json's
# encoder and decoder with it held: the sampler must neither crash nor lose blocks' frees.
import json
import sys
import threading
import zlib
import heapline_recorder as recorder

ROUNDS = int(sys.argv[1]) if len(sys.argv) > 1 else 200
payload = json.dumps([{"id": i, "name": "item-%d" % i, "tags": [i, str(i)]} for i in range(2000)]).encode()
packed = zlib.compress(payload, 6)
kept = []


def work():
    for _ in range(ROUNDS):
        inflater = zlib.decompressobj()
        data = inflater.decompress(packed) + inflater.flush()
        deflater = zlib.compressobj(6)
        again = deflater.compress(data) + deflater.flush()
        assert json.loads(zlib.decompress(again)) == json.loads(data)
    kept.append(zlib.decompressobj())  # one inflater kept alive: its window is live at the end
    kept[-1].decompress(packed)


recorder.mark("warm")
threads = [threading.Thread(target=work) for _ in range(3)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
recorder.mark("done")
print("ok", len(kept))
