import socket, time
# The same client, closing every connection, the failed ones included, and retrying by id.
server = socket.socket(); server.bind(("127.0.0.1", 0)); server.listen(4096)
port = server.getsockname()[1]
server.setblocking(False)
kept = []
def request(i):
    s = socket.create_connection(("127.0.0.1", port))
    try:
        if i % 4 == 0:
            kept.append(i)  # retried later by id, on a connection of its own
            return None
        return i
    finally:
        s.close()
t0 = time.time(); i = 0
while time.time() - t0 < 2.0 and i < 3000:
    for _ in range(50):
        request(i); i += 1
        try:
            while True:
                c, _ = server.accept(); c.close()
        except BlockingIOError:
            pass
    time.sleep(0.005)
print(i, len(kept))
