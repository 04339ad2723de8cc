import time


class Point:
    __slots__ = ("x", "y", "tag")

    def __init__(self, x, y, tag):
        self.x = x
        self.y = y
        self.tag = tag


class Track:
    def __init__(self, name):
        self.name = name
        self.points = []


tracks = {}


def ingest(batch):
    for i in range(2000):
        name = "track-%d" % (i % 50)
        track = tracks.get(name)
        if track is None:
            track = tracks[name] = Track(name)
        track.points.append(Point(float(i), float(batch), name))


for batch in range(60):
    ingest(batch)
    scratch = [bytes(1000) for _ in range(300)]
    del scratch
    time.sleep(0.02)
