import json
history = []
def handle(i):
    body = json.dumps({"id": i, "items": [{"k": j, "v": "x" * 40} for j in range(30)]})
    history.append(body)
for i in range(30000):
    handle(i)
