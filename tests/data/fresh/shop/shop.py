import time
from app import store

seq = 0

def serve(n):
    global seq
    total = 0
    for _ in range(n):
        seq += 1
        cart = store.open_cart("user%07d" % seq)
        total += store.checkout(cart)
    return total

t0 = time.time()
i = 0
while time.time() - t0 < 2.0:
    serve(2000)
    i += 1
    time.sleep(0.01)
print("batches", i)
