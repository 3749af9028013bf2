"""Reference: softmax, mean cross-entropy and its gradient, via log-sum-exp."""
import numpy as np


def softmax_cross_entropy(logits, labels):
    z = np.asarray(logits, dtype=float)
    y = np.asarray(labels, dtype=int)
    n = z.shape[0]
    shifted = z - z.max(axis=1, keepdims=True)
    e = np.exp(shifted)
    s = e.sum(axis=1, keepdims=True)
    probs = e / s
    log_probs = shifted - np.log(s)
    loss = -log_probs[np.arange(n), y].mean()
    grad = probs.copy()
    grad[np.arange(n), y] -= 1.0
    grad /= n
    return probs.tolist(), float(loss), grad.tolist()
