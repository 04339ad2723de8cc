# Orders kept per session, each a dataclass whose fields are made in the __init__ that dataclasses
# generates (its code compiled from a string, "<string>"), and each order's rules built with eval.
import sys
import time
from dataclasses import dataclass, field

import heapline_recorder as recorder

# How many rounds: the first argument, or 40 (tests record fewer).
STEPS = int(sys.argv[1]) if len(sys.argv) > 1 else 40
SESSIONS = {}


@dataclass
class Order:
    order_id: int
    payload: bytearray = field(default_factory=lambda: bytearray(2000))
    notes: dict = field(default_factory=dict)


def take_order(i):
    order = Order(i)
    order.notes["rule"] = eval("[%d] * 50" % i)
    SESSIONS.setdefault(i % 100, []).append(order)


recorder.mark("warm")
for step in range(STEPS):
    for i in range(500):
        take_order(step * 500 + i)
    recorder.snapshot()
    time.sleep(0.01)
recorder.mark("done")
