"""Reference: sorted sweep per feature; exact Fraction scores so ties are exact."""
from fractions import Fraction


def best_gini_split(X, y):
    n = len(X)
    if n < 2:
        return None
    classes = sorted(set(y))
    best = None  # (score, feature, threshold); score = sum over sides of sum(count^2)/size, to maximise
    for f in range(len(X[0])):
        rows = sorted(range(n), key=lambda i: X[i][f])
        left = {c: 0 for c in classes}
        right = {c: 0 for c in classes}
        for i in rows:
            right[y[i]] += 1
        for pos in range(n - 1):
            i = rows[pos]
            left[y[i]] += 1
            right[y[i]] -= 1
            a, b = X[i][f], X[rows[pos + 1]][f]
            if a == b:
                continue
            nl, nr = pos + 1, n - pos - 1
            score = Fraction(sum(v * v for v in left.values()), nl) + Fraction(sum(v * v for v in right.values()), nr)
            t = (a + b) / 2
            if best is None or score > best[0]:
                best = (score, f, t)
    if best is None:
        return None
    score, f, t = best
    gini = 1 - score / n
    return [f, t, float(gini)]
