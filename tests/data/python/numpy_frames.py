# A frame pipeline that keeps every frame's feature map (numpy arrays, never trimmed) and makes
# a scratch float buffer per frame; half the frames are worked in a thread pool. numpy allocates
# array data through its own handler, outside Python's allocators
# (tst_recorder::numpyArraysAreSampled).
import sys
from concurrent.futures import ThreadPoolExecutor

import heapline_recorder as recorder
import numpy as np

# How many frames: the first argument, or 400.
FRAMES = int(sys.argv[1]) if len(sys.argv) > 1 else 400
history = []


def features(i):
    frame = np.full((240, 320), i % 255, dtype=np.uint8)
    scratch = frame.astype(np.float64) * 0.5  # transient: eight times the frame
    return (scratch[::2, ::2] > 10).astype(np.uint8)  # kept: a quarter of the frame, 19.2 kB


recorder.mark("warm")
for i in range(FRAMES // 2):
    history.append(features(i))
    if i % 40 == 0:
        recorder.snapshot()
with ThreadPoolExecutor(max_workers=2) as pool:
    history.extend(pool.map(features, range(FRAMES // 2, FRAMES)))
recorder.snapshot()
recorder.mark("done")
