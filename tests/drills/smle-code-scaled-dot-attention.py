"""Reference: NumPy scaled dot-product attention with boolean mask, causal mask and fully masked rows."""
import numpy as np


def attention(Q, K, V, mask=None, causal=False):
    Q = np.asarray(Q, dtype=float)
    K = np.asarray(K, dtype=float)
    V = np.asarray(V, dtype=float)
    n, m = Q.shape[0], K.shape[0]
    scores = Q @ K.T / np.sqrt(Q.shape[1])
    allowed = np.ones((n, m), dtype=bool)
    if mask is not None:
        allowed &= np.asarray(mask, dtype=bool)
    if causal:
        allowed &= np.tril(np.ones((n, m), dtype=bool))
    scores = np.where(allowed, scores, -np.inf)
    row_max = scores.max(axis=1, keepdims=True)
    row_max = np.where(np.isfinite(row_max), row_max, 0.0)
    e = np.where(allowed, np.exp(scores - row_max), 0.0)
    denom = e.sum(axis=1, keepdims=True)
    weights = np.divide(e, denom, out=np.zeros_like(e), where=denom > 0)
    return weights @ V, weights
