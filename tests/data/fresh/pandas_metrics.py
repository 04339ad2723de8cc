# A metrics collector: every tick appends a row to a DataFrame by pd.concat (the whole frame
# copied each time) and keeps a per-tick summary dict; the raw batch is dropped.
import time
import numpy as np
import pandas as pd

frame = pd.DataFrame({"ts": np.array([], dtype=np.float64), "value": np.array([], dtype=np.float64)})
summaries = []
def tick(i):
    global frame
    batch = pd.DataFrame({"ts": np.full(500, float(i)), "value": np.random.rand(500)})
    frame = pd.concat([frame, batch], ignore_index=True)
    summaries.append({"tick": i, "mean": float(batch["value"].mean())})
for i in range(300):
    tick(i)
    time.sleep(0.003)
