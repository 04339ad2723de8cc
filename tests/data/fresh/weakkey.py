# Per-request metadata attached through a WeakKeyDictionary, whose values refer back to their
# keys: a value keeps its key alive, so no entry ever goes.
import random, weakref

class Request:
    def __init__(self, i):
        self.id = i
        self.body = bytes(random.randrange(256) for _ in range(300))

class Meta:
    def __init__(self, request):
        self.request = request          # the back reference that keeps the key alive
        self.tags = [f"tag{k}" for k in range(4)]

meta = weakref.WeakKeyDictionary()

def handle(i):
    req = Request(i)
    meta[req] = Meta(req)
    return len(req.body)

def main():
    total = 0
    for i in range(40_000):
        total += handle(i)
    print(total, len(meta))

main()
