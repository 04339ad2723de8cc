# A program that computes without ever blocking: pure Python for the given seconds (the first
# argument, or 1.5), allocating and freeing small lists as it goes. The recorder's periodic
# snapshots must keep coming, and its clock keep up with the program's.
import sys
import time

seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 1.5
end = time.monotonic() + seconds
kept = []
while time.monotonic() < end:
    kept.append([i for i in range(50)])
    if len(kept) > 2000:
        kept.clear()
