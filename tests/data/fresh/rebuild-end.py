# rebuild.py with a short tail: the index is rebuilt in the last snapshots.
import time

class Index:
    def __init__(self):
        self.entries = {}

    def add(self, key, text):
        self.entries[key] = (text, text.split())

def rebuild(old):
    # A new index, normalised; the old one is dropped by the caller.
    new = Index()
    for key, (text, words) in old.entries.items():
        new.entries[key] = (text.lower(), [w.lower() for w in words])
    return new

index = Index()
for i in range(60000):
    index.add(i, "Record number %d with some words in it to index" % i)
    if i % 2000 == 0:
        time.sleep(0.02)
index = rebuild(index)
for i in range(3):
    time.sleep(0.03)
print("done", len(index.entries))
