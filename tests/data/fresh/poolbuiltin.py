# A loader that decodes each record on a thread pool with a built-in as the task
# (executor.map(json.loads, lines)) and keeps every decoded record.
import json
import time
from concurrent.futures import ThreadPoolExecutor

records = []
with ThreadPoolExecutor(max_workers=4) as executor:
    for batch in range(10):
        lines = ['{"id": %d, "name": "user-%d", "tags": ["a", "b", "c"]}' % (i, i) for i in range(batch * 20000, (batch + 1) * 20000)]
        records.extend(executor.map(json.loads, lines))
        time.sleep(0.05)
