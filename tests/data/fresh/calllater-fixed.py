import asyncio, time
# The same request timeouts, each cancelled once its request is done.
def expire(context):
    context["expired"] = True

async def handle(loop, i):
    context = {"id": i, "buffer": bytearray(4096)}
    timeout = loop.call_later(60.0, expire, context)
    try:
        await asyncio.sleep(0)
        return len(context["buffer"])
    finally:
        timeout.cancel()

async def main():
    loop = asyncio.get_running_loop()
    t0 = time.time(); i = 0
    while time.time() - t0 < 2.0:
        for _ in range(200):
            await handle(loop, i); i += 1
        await asyncio.sleep(0.005)
    print(i, len(loop._scheduled))

asyncio.run(main())
