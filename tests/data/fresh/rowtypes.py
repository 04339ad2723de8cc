# A CSV-like reader that makes a namedtuple class for every row, from that row's header, and
# keeps the rows: each row brings a class of its own (its dict, its tuple of fields, its
# properties), ten times the row itself.
import collections
import time

rows = []


def parse_row(header, values):
    Row = collections.namedtuple("Row", header)
    return Row(*values)


def main():
    header = ["id", "name", "price", "qty"]
    end = time.time() + 2.5
    i = 0
    while time.time() < end:
        rows.append(parse_row(header, [i, "item%d" % i, i * 0.5, i % 7]))
        i += 1
    print(i, len(rows))


main()
