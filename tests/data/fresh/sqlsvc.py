"""A request handler that logs every request into an in-memory SQLite table (native growth),
keeps a bounded LRU of parsed payloads (plateau) and builds a per-request scratch list (spiky)."""
import json, sqlite3, time
from collections import OrderedDict

db = sqlite3.connect(":memory:")
db.execute("create table log (id integer primary key, path text, body text)")
lru = OrderedDict()

def handle(i):
    payload = json.dumps({"id": i, "items": list(range(i % 50)), "name": "user%d" % (i % 997)})
    parsed = json.loads(payload)
    lru[i] = parsed
    if len(lru) > 2000:
        lru.popitem(last=False)
    scratch = [str(x) * 3 for x in range(2000)]
    db.execute("insert into log (path, body) values (?, ?)", ("/api/items/%d" % i, payload * 4))
    return len(scratch)

t0 = time.time()
i = 0
while time.time() - t0 < 4.0:
    handle(i)
    i += 1
    if i % 500 == 0:
        db.commit()
print("handled", i)
