# An HTTP client wrapper that makes a fresh SSL context per request and keeps each session object
# (with its context) in a pool "for keep-alive" that nothing ever trims.
import ssl, time
class Session:
    def __init__(self, host):
        self.host = host
        self.ctx = ssl.create_default_context()
pool = []
def request(i):
    s = Session(f"api{i % 7}.example.com")
    pool.append(s)
    return s.host
for i in range(200):
    request(i)
    if i % 20 == 0:
        time.sleep(0.01)
print(len(pool))
