# A feature service: each request computes a numpy feature vector; results are memoised in a
# dict that is never pruned (the leak), and a bounded deque keeps the last 50 request frames.
import collections, time
import numpy as np

memo = {}
recent = collections.deque(maxlen=50)

def features(key):
    if key in memo:
        return memo[key]
    base = np.arange(2000, dtype=np.float64) * (key % 97)
    vec = np.fft.rfft(base).real.copy()
    memo[key] = vec
    return vec

def handle(i):
    frame = np.zeros((64, 64))
    recent.append(frame)
    return features(i).sum() + frame.sum()

t = time.time()
for i in range(6000):
    handle(i)
    if i % 500 == 0:
        time.sleep(0.05)
print("done", len(memo))
