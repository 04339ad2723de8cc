# Compresses each client session's greeting with a compressor made for it and finished at once.
import zlib
sessions = {}
def open_session(sid):
    c = zlib.compressobj(9)
    sessions[sid] = c.compress(b"hello" * 100) + c.flush()
for sid in range(1500):
    open_session(sid)
print(len(sessions))
