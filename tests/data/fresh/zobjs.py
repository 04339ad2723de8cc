# Keeps a zlib compressor per client session "to reuse it", and never drops the sessions.
import zlib
sessions = {}
def open_session(sid):
    sessions[sid] = zlib.compressobj(9)
    sessions[sid].compress(b"hello" * 100)
for sid in range(1500):
    open_session(sid)
print(len(sessions))
