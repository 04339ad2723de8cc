# Builds an inverted index of generated documents, answers queries, then drops it before exit.
import random, time
random.seed(7)
words = [f"w{i}" for i in range(20000)]
index = {}
for doc in range(60000):
    for w in random.sample(words, 12):
        index.setdefault(w, []).append(doc)
    if doc % 5000 == 0:
        time.sleep(0.02)
hits = 0
for q in range(20000):
    hits += len(index.get(random.choice(words), ()))
print(hits)
index.clear()
del index
time.sleep(0.3)
