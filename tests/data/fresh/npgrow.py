"""A metrics collector that appends each batch of readings to a numpy array with np.append:
every append copies the whole array, and the history is never trimmed."""
import numpy as np
import time

history = np.empty(0, dtype=np.float64)


def record(values):
    global history
    history = np.append(history, values)


def main():
    rng = np.random.default_rng(1)
    for i in range(2_000):
        record(rng.normal(size=1000))
        if i % 200 == 0:
            time.sleep(0.02)
    print(history.size, float(history.mean()))


if __name__ == "__main__":
    main()
