# Imports numpy and waits: recorded with --exact (npimport-exact.heapline.zst), whose four censuses
# caught the import at one, the classes numpy makes read "kept classes … made at run time".
import time
time.sleep(0.2)
import numpy
import json
time.sleep(0.3)
