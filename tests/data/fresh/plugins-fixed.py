import importlib, os, sys, tempfile, time
# The same rules engine, reloading one module in place: the old version's code and functions go.
workdir = tempfile.mkdtemp()
sys.path.insert(0, workdir)
RULES = "\n".join("def rule_%d(x):\n    return x * %d + len('%s')\n" % (k, k, "c" * 40) for k in range(30))

sys.dont_write_bytecode = True
module = None

def reload_rules(version):
    global module
    with open(os.path.join(workdir, "rules.py"), "w") as f:
        f.write(RULES + "\nTABLE = [%d] * 200\n" % version)
    importlib.invalidate_caches()
    module = importlib.reload(module) if module else importlib.import_module("rules")
    return module.rule_3(version)

t0 = time.time(); v = 0
while time.time() - t0 < 2.0:
    reload_rules(v); v += 1
print(v)
