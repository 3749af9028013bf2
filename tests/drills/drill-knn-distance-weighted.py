"""Reference: 1/d-weighted kNN; exact matches vote alone; ties to the smallest label."""
import math


def knn_weighted(X_train, y_train, queries, k):
    out = []
    for q in queries:
        d2 = [(sum((a - b) ** 2 for a, b in zip(x, q)), i) for i, x in enumerate(X_train)]
        d2.sort()
        nearest = d2[:k]
        exact = [(s, i) for s, i in nearest if s == 0]
        totals = {}
        if exact:
            for _, i in exact:
                totals[y_train[i]] = totals.get(y_train[i], 0.0) + 1.0
        else:
            for s, i in nearest:
                totals[y_train[i]] = totals.get(y_train[i], 0.0) + 1.0 / math.sqrt(s)
        best = max(totals.values())
        label = min(l for l, t in totals.items() if t >= best - 1e-9)
        out.append([label, totals[label] / sum(totals.values())])
    return out
