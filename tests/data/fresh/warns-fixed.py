# warns.py mended: the warning carries no value, so the registry remembers one message; the
# value would go to the log.
import time
import warnings


def parse(i):
    value = {"id": i, "price": -i}
    if value["price"] < 0:
        warnings.warn("negative price", RuntimeWarning)  # the value goes to the log
    return value


def main():
    end = time.time() + 2.5
    i = 0
    with open("/dev/null", "w") as sink:
        warnings.showwarning = lambda *a, **k: None
        while time.time() < end:
            parse(i)
            i += 1
    print(i)


main()
