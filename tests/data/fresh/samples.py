import array, math, time
# A metrics collector that appends every latency sample to one array, never trimmed.
latencies = array.array("d")
t0 = time.time(); i = 0
while time.time() - t0 < 2.0:
    for _ in range(20000):
        latencies.append(math.sin(i) * 10 + 20); i += 1
    time.sleep(0.002)
print(len(latencies))
