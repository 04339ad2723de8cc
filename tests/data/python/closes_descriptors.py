# Closes every descriptor it inherited, as a daemon does, then logs to a file of its own, which
# gets the lowest free number: the recording's, before. Usage: closes_descriptors.py LOG
import os
import sys
import time

kept = []
os.closerange(3, 256)
log = open(sys.argv[1], "w")
for i in range(50):
    kept.append(bytearray(20000))
    log.write("line %d\n" % i)
    log.flush()
    time.sleep(0.01)
log.close()
