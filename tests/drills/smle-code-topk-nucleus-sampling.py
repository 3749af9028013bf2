"""Reference: temperature, top-k, top-p, then inverse-CDF sampling with one uniform draw u."""
import math


def sample(logits, temperature, top_k, top_p, u):
    n = len(logits)
    if temperature == 0:
        return max(range(n), key=lambda i: (logits[i], -i))
    z = [x / temperature for x in logits]
    # candidates ordered by scaled logit descending, lower index first on ties
    order = sorted(range(n), key=lambda i: (-z[i], i))
    if 0 < top_k < n:
        order = order[:top_k]
    m = z[order[0]]
    w = [math.exp(z[i] - m) for i in order]
    total = sum(w)
    probs = [x / total for x in w]
    if top_p < 1.0:
        cum = 0.0
        keep = 0
        for p in probs:
            cum += p
            keep += 1
            if cum >= top_p:
                break
        order = order[:keep]
        w = w[:keep]
    kept = sorted(zip(order, w))  # inverse CDF walks kept tokens in increasing index order
    total = sum(x for _, x in kept)
    cum = 0.0
    for i, x in kept:
        cum += x / total
        if cum > u:
            return i
    return kept[-1][0]
