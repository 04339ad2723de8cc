"""An ingest service: a reader puts events on an unbounded asyncio.Queue faster than the
single writer drains it; the backlog grows until the process is killed."""
import asyncio


async def reader(queue, n):
    for i in range(n):
        await queue.put({"id": i, "payload": "x" * 600, "tags": ["a", "b", str(i)]})
        if i % 50 == 0:
            await asyncio.sleep(0)


async def writer(queue):
    while True:
        event = await queue.get()
        await asyncio.sleep(0.0004)  # the database round trip
        queue.task_done()


async def main():
    queue = asyncio.Queue()
    w = asyncio.create_task(writer(queue))
    await reader(queue, 150_000)
    await asyncio.sleep(0.2)
    print(queue.qsize())
    w.cancel()


asyncio.run(main())
