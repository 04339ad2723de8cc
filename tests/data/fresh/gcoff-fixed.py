# gcoff.py with the collector left on: each request's tree is freed when the collector runs.
import gc, time
# the collector left on

class Node:
    def __init__(self, parent=None):
        self.parent = parent
        self.children = []
        self.payload = "x" * 200
        if parent is not None:
            parent.children.append(self)

def handle(i):
    root = Node()
    for _ in range(20):
        Node(root)
    return len(root.children)

for i in range(30000):
    handle(i)
    if i % 3000 == 0:
        time.sleep(0.05)
