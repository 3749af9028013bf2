"""Reference: 2-layer ReLU MLP, MSE over all entries, ReLU'(0) = 0."""
import numpy as np


def mlp_mse_backprop(X, Y, W1, b1, W2, b2):
    X, Y, W1, b1, W2, b2 = (np.asarray(a, dtype=float) for a in (X, Y, W1, b1, W2, b2))
    H = X @ W1 + b1
    A = np.maximum(H, 0.0)
    O = A @ W2 + b2
    loss = float(np.mean((O - Y) ** 2))
    dO = 2.0 * (O - Y) / O.size
    dW2 = A.T @ dO
    db2 = dO.sum(axis=0)
    dA = dO @ W2.T
    dH = dA * (H > 0)
    dW1 = X.T @ dH
    db1 = dH.sum(axis=0)
    return {"loss": loss, "dW1": dW1.tolist(), "db1": db1.tolist(),
            "dW2": dW2.tolist(), "db2": db2.tolist()}
