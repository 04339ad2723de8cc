# Starts a helper per job and keeps the Popen objects to "check on them later", never reaped.
import subprocess
children = []
def run_job(i):
    p = subprocess.Popen(["true"], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    children.append(p)
for i in range(1500):
    run_job(i)
print(len(children))
