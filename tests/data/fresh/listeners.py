import time
# An event bus whose subscribers are never removed: each request subscribes a closure over its
# context, so every request's context (and its buffer) stays.
class Bus:
    def __init__(self):
        self.listeners = []
    def subscribe(self, fn):
        self.listeners.append(fn)
    def publish(self, event):
        for fn in self.listeners[-10:]:
            fn(event)

bus = Bus()

def handle(i):
    context = {"id": i, "buffer": bytearray(2048), "user": "u%d" % (i % 977)}
    def on_config_change(event):
        context["seen"] = event
    bus.subscribe(on_config_change)
    return len(context["buffer"])

t0 = time.time(); i = 0
while time.time() - t0 < 2.0:
    for _ in range(500):
        handle(i); i += 1
    bus.publish(i)
    time.sleep(0.005)
print(i)
