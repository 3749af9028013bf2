"""Reference: label-smoothed cross-entropy via logsumexp, mean over non-ignored rows."""
import math


def softmax_xent_smoothed(logits, labels, smoothing, ignore_index):
    n = len(logits)
    c = len(logits[0])
    kept = [i for i in range(n) if labels[i] != ignore_index]
    grad = [[0.0] * c for _ in range(n)]
    if not kept:
        return 0.0, grad
    m = len(kept)
    total = 0.0
    for i in kept:
        z = logits[i]
        mx = max(z)
        s = sum(math.exp(v - mx) for v in z)
        lse = mx + math.log(s)
        t = [smoothing / c] * c
        t[labels[i]] += 1.0 - smoothing
        total += lse - sum(t[j] * z[j] for j in range(c))
        grad[i] = [(math.exp(z[j] - mx) / s - t[j]) / m for j in range(c)]
    return total / m, grad
