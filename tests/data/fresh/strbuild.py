# Builds the day's audit log as one string in memory, appending each event's line.
import time
audit = ""
def record(i):
    global audit
    audit += f"{time.time():.6f} user={i % 97} action=update item={i} status=ok\n"
for i in range(600000):
    record(i)
print(len(audit))
