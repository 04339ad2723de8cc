"""A feature service that loads a frame per request and keeps only its header row "for stats":
each kept row is a copy: the frames are freed."""
import numpy as np
import time

headers = []


def load_frame(i):
    rng = np.random.default_rng(i)
    return rng.random((256, 512))  # 1 MiB of float64


def handle(i):
    frame = load_frame(i)
    headers.append(frame[0].copy())  # 4 kB of its own: the frame is freed
    return float(frame.mean())


def main():
    total = 0.0
    for i in range(300):
        total += handle(i)
        if i % 30 == 0:
            time.sleep(0.02)
    print(len(headers), round(total, 3))


if __name__ == "__main__":
    main()
