import json, time

def fetch(i):
    # stands for a network call: the body parsed into a dict
    return json.loads('{"id": %d, "items": [%s]}' % (i, ", ".join('{"k": %d}' % j for j in range(20))))

class Responses:
    def __init__(self):
        self._by_request = {}

    def remember(self, request_id, body):
        self._by_request[request_id] = body   # kept for "debugging", never evicted

class Service:
    def __init__(self):
        self.responses = Responses()

    def handle(self, i):
        body = fetch(i)
        self.responses.remember(i, body)
        return len(body["items"])

svc = Service()
for i in range(40000):
    svc.handle(i)
    if i % 4000 == 0:
        time.sleep(0.1)
