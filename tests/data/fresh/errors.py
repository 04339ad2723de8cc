# A worker that keeps every exception it caught, for a report it never writes: each exception's
# traceback keeps its frames alive, and with them the 20 kB buffer each failed item had read.
import time

failures = []


class ParseError(Exception):
    pass


def parse(item):
    buffer = bytearray(20_000)  # the item's raw bytes
    buffer[0] = item % 256
    if item % 3 == 0:
        raise ParseError(f"item {item}: bad header")
    return len(buffer)


def work(n):
    done = 0
    for item in range(n):
        try:
            done += parse(item)
        except ParseError as error:
            failures.append(error)  # kept "for the report"
        if item % 200 == 0:
            time.sleep(0.01)
    return done


if __name__ == "__main__":
    work(12_000)
