"""Reference: per-class test counts with the documented rounding; random keys pick the rows."""
import math


def stratified_split(labels, test_fraction, keys):
    groups = {}
    for i, label in enumerate(labels):
        groups.setdefault(label, []).append(i)
    test = []
    for rows in groups.values():
        n_c = len(rows)
        t = math.floor(test_fraction * n_c + 0.5)
        if n_c >= 2:
            t = max(1, min(n_c - 1, t))
        else:
            t = 0
        rows = sorted(rows, key=lambda i: (keys[i], i))
        test.extend(rows[:t])
    test_set = set(test)
    train = [i for i in range(len(labels)) if i not in test_set]
    return train, sorted(test)
