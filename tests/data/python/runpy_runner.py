# A runner that runs a job script with runpy.run_path and keeps what it returns (its globals).
import os
import runpy

import heapline_recorder as recorder

job = runpy.run_path(os.path.join(os.path.dirname(os.path.abspath(__file__)), "runpy_job.py"))
recorder.mark("done")
print(len(job["KEPT"]))
