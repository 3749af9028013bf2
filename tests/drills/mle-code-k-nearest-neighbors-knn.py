"""Reference: brute-force KNN classification with documented tie-breaking."""
from collections import Counter


def knn_predict(X, y, Q, k):
    n = len(X)
    if k < 1 or k > n:
        raise ValueError("k must satisfy 1 <= k <= n")
    out = []
    for q in Q:
        dists = [(sum((a - b) ** 2 for a, b in zip(x, q)), i) for i, x in enumerate(X)]
        nearest = sorted(dists)[:k]
        votes = Counter(y[i] for _, i in nearest)
        top = max(votes.values())
        # The first neighbour (by distance, then index) whose label has the most votes.
        out.append(next(y[i] for _, i in nearest if votes[y[i]] == top))
    return out
