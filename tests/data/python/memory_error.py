# A request handler that keeps every response it renders, until the process runs out of address
# space and dies of MemoryError: the mission's first case. The limit is set here, 120 MB above
# what the process maps as it starts, so that the run lasts about a second on any machine.
import json
import resource

with open("/proc/self/statm") as statm:
    mapped = int(statm.read().split()[0]) * resource.getpagesize()
resource.setrlimit(resource.RLIMIT_AS, (mapped + (120 << 20), resource.getrlimit(resource.RLIMIT_AS)[1]))

history = []


def handle(i):
    body = json.dumps({"id": i, "items": [{"k": j, "v": "x" * 40} for j in range(30)]})
    history.append(body)  # never trimmed
    return len(body)


i = 0
while True:
    handle(i)
    i += 1
