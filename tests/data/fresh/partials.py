# Subscribes a functools.partial per request to an event bus, binding the request's context; never unsubscribed.
import functools
listeners = []
def on_event(context, event):
    return len(context["body"]) + len(event)
def handle(i):
    context = {"id": i, "body": "b" * 2000, "headers": {"x": str(i)}}
    listeners.append(functools.partial(on_event, context))
for i in range(40000):
    handle(i)
print(len(listeners))
