# An event bus: each request's handler subscribes its bound method, and nobody unsubscribes.
import time
class Bus:
    def __init__(self):
        self.subscribers = []
    def subscribe(self, callback):
        self.subscribers.append(callback)
bus = Bus()
class RequestHandler:
    def __init__(self, req_id):
        self.req_id = req_id
        self.body = bytearray(2048)
        self.headers = {f"h{k}": "v" * 20 for k in range(8)}
        bus.subscribe(self.on_config_changed)
    def on_config_changed(self, config):
        pass
    def handle(self):
        return len(self.body)
for i in range(20000):
    RequestHandler(i).handle()
    if i % 500 == 0:
        time.sleep(0.01)
print(len(bus.subscribers))
