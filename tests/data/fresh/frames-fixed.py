# The same audit log keeping only the caller's name and line: no frame is kept.
# (The frame is dropped as record_caller returns.)
import random, sys

audit = []

def record_caller():
    caller = sys._getframe(1)
    audit.append((caller.f_code.co_name, caller.f_lineno))

def handle(i):
    payload = [random.random() for _ in range(50)]
    record_caller()
    return payload[0]

def main():
    total = 0.0
    for i in range(60_000):
        total += handle(i)
    print(round(total), len(audit))

main()
