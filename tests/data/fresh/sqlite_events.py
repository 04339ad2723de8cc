import sqlite3, time
db = sqlite3.connect(":memory:")
db.execute("create table events (id integer primary key, kind text, payload text)")
def handle(i):
    db.execute("insert into events (kind, payload) values (?, ?)", ("click", "x" * 300 + str(i)))
    if i % 100 == 0:
        db.commit()
def main():
    for i in range(60000):
        handle(i)
        if i % 5000 == 0:
            time.sleep(0.05)
    print(db.execute("select count(*) from events").fetchone())
main()
