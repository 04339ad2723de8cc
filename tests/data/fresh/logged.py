# A request loop that logs each request through a small dict it drops at once (log_event), and
# keeps a small dict per request forever (remember: the leak). CPython hands the logger's dropped
# dicts and key tables to the dicts remember() keeps, through its free lists.
import time

SEEN = {}
LOG = []


def log_event(kind, n):
    record = {"kind": kind, "n": n, "t": time.time()}
    LOG.append(len(record))


def remember(n):
    SEEN[n] = {"n": n, "at": n * 2}


def handle(n):
    log_event("req", n)
    remember(n)


for n in range(300000):
    handle(n)
