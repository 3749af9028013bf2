"""Reference: full-batch gradient descent for logistic regression, from w = 0, b = 0."""
import numpy as np


def _sigmoid(z):
    # Stable: exp is only ever taken of a non-positive number.
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def train_and_predict(X, y, X_test, lr, iterations, l2):
    X = np.asarray(X, dtype=float)
    y = np.asarray(y, dtype=float)
    Xt = np.asarray(X_test, dtype=float).reshape(-1, X.shape[1])
    n, d = X.shape
    w = np.zeros(d)
    b = 0.0
    for _ in range(iterations):
        p = _sigmoid(X @ w + b)
        r = p - y
        gw = X.T @ r / n + 2.0 * l2 * w
        gb = r.mean()
        w = w - lr * gw
        b = b - lr * gb
    return w.tolist(), float(b), _sigmoid(Xt @ w + b).tolist()
