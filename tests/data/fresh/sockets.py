import socket, time
# A client that opens a connection per request to a local service and never closes the ones whose
# request failed validation: every such socket stays open (a file descriptor and its buffers).
server = socket.socket(); server.bind(("127.0.0.1", 0)); server.listen(4096)
port = server.getsockname()[1]
server.setblocking(False)
kept = []
def request(i):
    s = socket.create_connection(("127.0.0.1", port))
    if i % 4 == 0:
        kept.append(s)  # "retry later" list, never retried nor closed
        return None
    s.close()
    return i
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
