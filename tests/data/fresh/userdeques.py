# Keeps the last 20 events of each user in a bounded deque: each deque is bounded (maxlen), but a
# deque is made for every user ever seen, and users keep arriving.
import collections, time
history = {}
def on_event(user, event):
    q = history.get(user)
    if q is None:
        q = history[user] = collections.deque(maxlen=20)
    q.append(event)
for i in range(300000):
    on_event(f"user{i // 6}", ("click", i, "/page/%d" % (i % 50)))
    if i % 10000 == 0:
        time.sleep(0.01)
print(len(history))
