# The same scanner keeping the request id each match found, not the match:
# the pages go as they are scanned.
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
            found.append(m.group(1))
    return found

found = scan(20_000)
print(len(found), found[-1])
