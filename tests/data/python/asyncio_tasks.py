# An asyncio service: each request spawns a background task whose handle is kept in a set that is
# never pruned (the leak: Task objects and their coroutine frames), a bounded LRU of rendered
# pages, and a per-request JSON body built and dropped.
import asyncio, functools, json, random, sys

pending = set()  # leak: finished tasks are never discarded


@functools.lru_cache(maxsize=200)
def render(page):
    return ("<p>" + str(page) + "</p>") * 50


async def audit(request_id, payload):
    await asyncio.sleep(0)
    return len(payload) + request_id


async def handle(request_id):
    body = json.dumps([{"id": i, "name": "item%d" % i, "tags": ["a", "b", "c"]} for i in range(200)])
    page = render(random.randrange(1000))
    task = asyncio.ensure_future(audit(request_id, body[:64]))
    pending.add(task)
    await asyncio.sleep(0)
    return len(body) + len(page)


async def main():
    total = 0
    for batch in range(int(sys.argv[1]) if len(sys.argv) > 1 else 700):
        results = await asyncio.gather(*(handle(batch * 20 + i) for i in range(20)))
        total += sum(results)
    print("served", total, "tasks kept", len(pending))


asyncio.run(main())
