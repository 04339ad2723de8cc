# Opens an sqlite connection per request to an in-memory cache database and keeps it in a dict
# keyed by request ("reuse it if the client comes back"); clients never come back.
import sqlite3, time
conns = {}
def handle(req_id):
    c = sqlite3.connect(":memory:")
    c.execute("create table t(k integer primary key, v text)")
    c.executemany("insert into t values (?, ?)", ((j, "x" * 200) for j in range(200)))
    conns[req_id] = c
    return c.execute("select count(*) from t").fetchone()[0]
for i in range(1500):
    handle(i)
    if i % 50 == 0:
        time.sleep(0.01)
print(len(conns))
