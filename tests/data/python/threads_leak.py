# Two threads, each leaking into its own list: the recording must hold both threads' growth,
# each under its own function (each thread's stack is its own).
import sys
import threading
import heapline_recorder as recorder

# How many rounds: the first argument, or 40 (tests record fewer).
STEPS = int(sys.argv[1]) if len(sys.argv) > 1 else 40

orders, events = [], []
go = threading.Barrier(2)


def keep_orders():
    go.wait()
    for step in range(STEPS):
        orders.extend(bytearray(2000) for _ in range(100))  # 200 kB a round


def keep_events():
    go.wait()
    for step in range(STEPS):
        events.extend(bytearray(1000) for _ in range(100))  # 100 kB a round


recorder.mark("warm")
threads = [threading.Thread(target=keep_orders), threading.Thread(target=keep_events)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
recorder.mark("done")
