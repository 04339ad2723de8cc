# Growth made inside comprehensions, and a recursion that is not one (tst_heapline's
# aComprehensionIsItsFunctionsFrame). Under Python 3.11 each comprehension runs in a frame of its
# own; under 3.12 list, dict and set comprehensions run inline, generator expressions do not.
import time


def lowered(rows):
    kept = []
    for text in rows:
        kept.append([word.lower() for word in text.split()])
    return kept


def grids(rows):
    return [[letter.upper() * 4
             for letter in word]
            for word in rows]


def padded(count):
    return tuple(str(i) * 40 for i in range(count))


def countdown(n):
    return [] if n == 0 else [str(n) * 2000] + countdown(n - 1)


rows = ["Record number %d with some words" % i for i in range(20000)]
kept = [lowered(rows)]
time.sleep(0.05)
kept.append(grids(rows[:2000]))
time.sleep(0.05)
kept.append(padded(20000))
kept.append(countdown(200))
time.sleep(0.05)
