# A job service: each submitted job's Future is kept in `jobs` so that clients can poll its
# status; nothing removes finished jobs, and each finished Future holds its result.
import concurrent.futures
import time

jobs = {}


def render(job_id):
    return {"id": job_id, "html": "<p>" + ("report line " * 300) + "</p>", "rows": list(range(200))}


with concurrent.futures.ThreadPoolExecutor(2) as pool:
    for job_id in range(3000):
        jobs[job_id] = pool.submit(render, job_id)
        if job_id % 100 == 0:
            time.sleep(0.02)
    done = sum(1 for f in jobs.values() if f.result())
print(done)
