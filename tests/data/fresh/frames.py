# An audit log that records where each call came from by keeping the caller's frame
# (sys._getframe(1)), which keeps every local variable of that call alive with it.
import random, sys

audit = []

def record_caller():
    audit.append(sys._getframe(1))

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
