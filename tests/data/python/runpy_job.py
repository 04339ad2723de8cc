# A job a runner runs with runpy.run_path (runpy_runner.py): it keeps 10 MB in a global.
import time

import heapline_recorder as recorder

KEPT = []
recorder.mark("warm")
for step in range(8):
    KEPT.append([bytes(1000) for _ in range(1250)])
    recorder.snapshot()
    time.sleep(0.01)
