# A service that calls into a C library through ctypes for each request; the library's buffers
# (libc malloc) are never freed: RSS climbs while the traced Python heap holds level.
import ctypes, ctypes.util, time

libc = ctypes.CDLL(ctypes.util.find_library("c"))
libc.malloc.restype = ctypes.c_void_p
libc.malloc.argtypes = [ctypes.c_size_t]
libc.memset.argtypes = [ctypes.c_void_p, ctypes.c_int, ctypes.c_size_t]

def handle(i):
    payload = [str(j) * 10 for j in range(200)]      # freed each request
    buf = libc.malloc(64 * 1024)                         # never freed
    libc.memset(buf, 1, 64 * 1024)
    return len(payload)

total = 0
for i in range(1500):
    total += handle(i)
    if i % 50 == 0:
        time.sleep(0.02)
print(total)
