# A frame pipeline that keeps every frame's feature map (numpy arrays, never trimmed) and makes
# a scratch float buffer per frame. numpy allocates array data through its own handler, outside
# Python's allocators (tst_recorder::numpyArraysAreSampled).
import sys

import heapline_recorder as recorder
import numpy as np

# How many frames: the first argument, or 400.
FRAMES = int(sys.argv[1]) if len(sys.argv) > 1 else 400
history = []


def features(frame):
    scratch = frame.astype(np.float64) * 0.5  # transient: eight times the frame
    return (scratch[::2, ::2] > 10).astype(np.uint8)  # kept: a quarter of the frame, 19.2 kB


recorder.mark("warm")
for i in range(FRAMES):
    history.append(features(np.full((240, 320), i % 255, dtype=np.uint8)))
    if i % 40 == 0:
        recorder.snapshot()
recorder.mark("done")
