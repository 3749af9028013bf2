"""Reference: causal multi-head self-attention, heads as contiguous column blocks."""
import numpy as np


def multi_head_causal_attention(X, Wq, Wk, Wv, Wo, num_heads):
    X, Wq, Wk, Wv, Wo = (np.asarray(a, dtype=float) for a in (X, Wq, Wk, Wv, Wo))
    n, dm = X.shape
    dh = dm // num_heads
    Q, K, V = X @ Wq, X @ Wk, X @ Wv
    heads = []
    future = np.triu(np.ones((n, n), dtype=bool), k=1)
    for h in range(num_heads):
        s = slice(h * dh, (h + 1) * dh)
        scores = Q[:, s] @ K[:, s].T / np.sqrt(dh)
        scores = np.where(future, -np.inf, scores)
        scores = scores - scores.max(axis=1, keepdims=True)
        w = np.exp(scores)
        w /= w.sum(axis=1, keepdims=True)
        heads.append(w @ V[:, s])
    return (np.concatenate(heads, axis=1) @ Wo).tolist()
