"""A job runner whose jobs and their callbacks reference each other: with the cycle collector
switched off (a latency tweak copied from a blog post), every finished job stays in memory."""
import gc
import time


class Job:
    def __init__(self, n):
        self.n = n
        self.payload = bytearray(2000)
        self.on_done = lambda: self.finish()  # the closure holds the job: a cycle

    def finish(self):
        return self.n


class Scheduler:
    def __init__(self):
        self.recent = []

    def run(self, n):
        job = Job(n)
        job.on_done()
        self.recent.append(n)
        if len(self.recent) > 50:
            self.recent.pop(0)


def main():
    gc.disable()
    scheduler = Scheduler()
    for n in range(6000):
        scheduler.run(n)
        if n % 100 == 0:
            time.sleep(0.02)


main()
