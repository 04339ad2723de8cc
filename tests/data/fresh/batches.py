# A job runner: each job builds a batch of MB, processes it, and drops it.
import sys, time
mb = float(sys.argv[1]) if len(sys.argv) > 1 else 4
def job(n):
    batch = [bytes(1000) for _ in range(int(mb * 1000))]
    time.sleep(0.03)
    return len(batch)
end = time.time() + 4
done = 0
while time.time() < end:
    done += job(done)
    time.sleep(0.02)
print("jobs", done)
