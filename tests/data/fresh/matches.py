# A log scanner that keeps the match object of each request id it finds, to report them later:
# each re.Match keeps the whole 4 kB page it was found in.
import random, re

ID = re.compile(r"request-id=(\w+)")

def fetch_page(i):
    filler = "".join(random.choice("abcdefgh ") for _ in range(4000))
    return f"{filler} request-id=r{i:08d} {filler[:100]}"

def scan(n):
    found = []
    for i in range(n):
        m = ID.search(fetch_page(i))
        if m:
            found.append(m)
    return found

found = scan(20_000)
print(len(found), found[-1].group(1))
