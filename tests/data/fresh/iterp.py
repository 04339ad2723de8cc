# Streaming a large XML export with ElementTree.iterparse, reading each <order> as it ends, and
# never clearing it: iterparse still builds the whole tree under the root.
import io, random
import xml.etree.ElementTree as ET

def export(n):
    yield b"<orders>"
    for i in range(n):
        items = "".join(f'<item sku="s{random.randrange(9999)}" qty="{random.randrange(9)}"/>' for _ in range(5))
        yield f'<order id="{i}" customer="c{random.randrange(99999)}">{items}<note>{"x" * 80}</note></order>'.encode()
    yield b"</orders>"

class Stream(io.RawIOBase):
    def __init__(self, chunks):
        self.chunks, self.buf = chunks, b""
    def readable(self):
        return True
    def readinto(self, b):
        while not self.buf:
            try:
                self.buf = next(self.chunks)
            except StopIteration:
                return 0
        n = min(len(b), len(self.buf))
        b[:n], self.buf = self.buf[:n], self.buf[n:]
        return n

def total_quantity(n):
    total = 0
    for event, elem in ET.iterparse(io.BufferedReader(Stream(export(n))), events=("end",)):
        if elem.tag == "order":
            total += sum(int(item.get("qty")) for item in elem.iter("item"))
    return total

print(total_quantity(60_000))
