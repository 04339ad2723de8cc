# An event pipeline: each event becomes an Order object; orders are kept in a dict "for auditing"
# and never removed (the leak); a functools.lru_cache of 500 price lookups (bounded); every 200
# events a batch of 20 000 dicts is built for a report and dropped.
import functools
import time


class Order:
    def __init__(self, i):
        self.id = i
        self.customer = "customer-%d" % (i % 977)
        self.items = [("sku-%d" % (i * 7 + k), k + 1) for k in range(5)]


audit = {}


@functools.lru_cache(maxsize=500)
def price(sku):
    return sum(ord(c) for c in sku) / 10.0


def report():
    rows = [{"n": n, "square": n * n, "label": "row %d" % n} for n in range(20000)]
    return len(rows)


for i in range(12000):
    order = Order(i)
    audit[order.id] = order
    total = sum(price(sku) * qty for sku, qty in order.items)
    if i % 200 == 0:
        report()
        time.sleep(0.01)
