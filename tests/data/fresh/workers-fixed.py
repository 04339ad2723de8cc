# Starts a watcher thread per session and ends it when the session closes.
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
    w.done.set()
    w.join()

for sid in range(1500):
    open_session(sid)
print(threading.active_count())
