# A web app's session layer: sessions registered on login and never unregistered on logout
# (the leak), a bounded lru_cache of rendered pages, and per-request batches of parsed rows.
import functools
import random
import time


class Session:
    registry = {}

    def __init__(self, user):
        self.user = user
        self.history = [("login", time.time())]
        self.token = "%032x" % random.getrandbits(128)
        Session.registry[self.token] = self

    def logout(self):
        self.history.append(("logout", time.time()))  # forgot: del Session.registry[self.token]


@functools.lru_cache(maxsize=300)
def render(page):
    return "<html>" + ("<p>%d</p>" % page) * 200 + "</html>"


def handle(request):
    rows = [{"id": i, "value": "v" * 30} for i in range(200 + request % 300)]
    total = sum(len(r["value"]) for r in rows)
    page = render(random.randrange(1000))
    return total + len(page)


random.seed(7)
start = time.time()
request = 0
while time.time() - start < 4:
    session = Session("user%d" % request)
    for _ in range(3):
        handle(request)
        request += 1
    session.logout()
