
import sys
kept = []
for step in range(60):
    batch = [{"id": i, "name": "item-%d" % i, "tags": [i, str(i)]} for i in range(4000)]
    kept.extend(batch[:200])
    text = "".join("%d," % i for i in range(5000))
    del batch, text
print(len(kept))
