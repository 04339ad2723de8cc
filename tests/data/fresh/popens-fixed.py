# Starts a helper per job and waits for it, keeping its return code.
import subprocess
children = []
def run_job(i):
    p = subprocess.Popen(["true"], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    p.communicate()
    children.append(p.returncode)
for i in range(1500):
    run_job(i)
print(len(children))
