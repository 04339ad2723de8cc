# A multiprocessing pool: workers compute, the parent keeps every result (the growth).
import multiprocessing as mp, time

def work(n):
    return [float(i) for i in range(n % 500 + 500)]

if __name__ == "__main__":
    results = []
    with mp.Pool(2) as pool:
        for round_ in range(30):
            results.extend(pool.map(work, range(round_ * 100, round_ * 100 + 100)))
            time.sleep(0.02)
    print(len(results))
