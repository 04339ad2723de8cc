# A response buffer reused across requests but never truncated: it keeps every response written.
import io, json, time
out = io.BytesIO()
def respond(i):
    body = json.dumps({"id": i, "name": "user%d" % i, "tags": ["a", "b", "c"] * 4}).encode()
    out.write(body)          # bug: out.seek(0); out.truncate() forgotten
    return len(body)
n = 0
for i in range(200000):
    n += respond(i)
    if i % 40000 == 0:
        time.sleep(0.05)
print(n, len(out.getvalue()))
