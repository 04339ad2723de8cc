import importlib, os, sys, tempfile, time
# A rules engine that writes each customer's rules as a module and imports it under a fresh name
# on every reload: sys.modules keeps every version, with its code, functions and constants.
workdir = tempfile.mkdtemp()
sys.path.insert(0, workdir)
RULES = "\n".join("def rule_%d(x):\n    return x * %d + len('%s')\n" % (k, k, "c" * 40) for k in range(30))

def reload_rules(version):
    name = "rules_v%d" % version
    with open(os.path.join(workdir, name + ".py"), "w") as f:
        f.write(RULES + "\nTABLE = [%d] * 200\n" % version)
    module = importlib.import_module(name)
    return module.rule_3(version)

t0 = time.time(); v = 0
while time.time() - t0 < 2.0:
    reload_rules(v); v += 1
print(v)
