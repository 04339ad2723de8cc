# A job runner: each job parses a payload into a list of dicts and drops it (batches); failed
# jobs are kept in a module-level list for a retry that never comes (the leak); results are
# memoised in a bounded dict (plateau).
import json, time, random
failed = []
memo = {}
def parse(payload):
    return [json.loads(line) for line in payload]
def run_job(n):
    rows = parse(['{"id": %d, "v": "%s"}' % (i, "x" * 50) for i in range(3000)])
    if n % 3 == 0:
        failed.append({"job": n, "rows": rows[:200]})
    key = n % 50
    memo[key] = [r["id"] for r in rows[:100]]
    return len(rows)
for n in range(150):
    run_job(n)
    time.sleep(0.01)
