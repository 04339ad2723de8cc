# Imports numpy, then runs batches that free everything.
import time
import numpy as np

def batch(n):
    a = np.arange(n, dtype=np.float64)
    b = np.random.rand(n)
    return float((a * b).sum())

total = 0.0
for i in range(12):
    total += batch(400_000)
    time.sleep(0.05)
print("done", round(total))
