# The same, mended: a user's deque is dropped when the user's session ends.
import collections, time
history = {}
def on_event(user, event):
    q = history.get(user)
    if q is None:
        q = history[user] = collections.deque(maxlen=20)
    q.append(event)
def on_logout(user):
    history.pop(user, None)
for i in range(300000):
    on_event(f"user{i // 6}", ("click", i, "/page/%d" % (i % 50)))
    if i % 6 == 5:
        on_logout(f"user{i // 6}")
    if i % 10000 == 0:
        time.sleep(0.01)
print(len(history))
