# A parser that warns about every odd value it meets, with the value in the message: Python's
# warnings registry keeps every distinct message it has shown, so it grows for the whole run.
import time
import warnings


def parse(i):
    value = {"id": i, "price": -i}
    if value["price"] < 0:
        warnings.warn("negative price %d in record %d" % (value["price"], i), RuntimeWarning)
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
