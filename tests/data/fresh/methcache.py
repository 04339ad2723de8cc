"""A pricing service: each request builds a Quote, whose price() is memoised with
functools.lru_cache on the method. The cache's keys hold `self`: every Quote, and the
order lines it carries, stays alive for the life of the process."""
import functools
import time


class Quote:
    def __init__(self, request_id, skus):
        self.request_id = request_id
        self.lines = [{"sku": s, "qty": (request_id + s) % 7 + 1, "note": "gift wrap" * 4} for s in skus]

    @functools.lru_cache(maxsize=None)
    def price(self, currency):
        rate = 1.0 if currency == "EUR" else 1.08
        return round(sum(line["qty"] * 9.99 for line in self.lines) * rate, 2)


def handle(request_id):
    quote = Quote(request_id, range(request_id % 20 + 5))
    return quote.price("EUR") + quote.price("USD")


def main():
    total = 0.0
    for i in range(30_000):
        total += handle(i)
        if i % 3000 == 0:
            time.sleep(0.01)
    print(round(total, 2))


if __name__ == "__main__":
    main()
