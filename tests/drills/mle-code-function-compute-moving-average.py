"""Reference: running-sum moving average over full windows."""


def moving_average(xs, k):
    if k < 1:
        raise ValueError("k must be at least 1")
    n = len(xs)
    if k > n:
        return []
    s = sum(xs[:k])
    out = [s / k]
    for i in range(k, n):
        s += xs[i] - xs[i - k]
        out.append(s / k)
    return out
