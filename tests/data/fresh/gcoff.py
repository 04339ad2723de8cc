# A service that turned the cyclic garbage collector off for speed; each request builds a tree
# of nodes that refer to their parent, so dropping the request frees nothing (gcoff-fixed.py: the
# collector left on).
import gc, time
gc.disable()

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
