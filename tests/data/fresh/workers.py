# Starts a watcher thread per session that waits on an event nobody sets.
import threading

class SessionWatcher(threading.Thread):
    def __init__(self, sid):
        super().__init__(daemon=True)
        self.sid = sid
        self.done = threading.Event()
        self.log = []
    def run(self):
        self.done.wait()

watchers = []
def open_session(sid):
    w = SessionWatcher(sid)
    w.start()
    watchers.append(w)

for sid in range(1500):
    open_session(sid)
print(threading.active_count())
