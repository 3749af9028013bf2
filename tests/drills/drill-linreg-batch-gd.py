"""Reference: full-batch gradient descent from zero with simultaneous updates; L2 on w only."""
def fit_linear_gd(X, y, lr, epochs, l2):
    n = len(X)
    d = len(X[0])
    w = [0.0] * d
    b = 0.0
    for _ in range(epochs):
        r = [sum(w[j] * X[i][j] for j in range(d)) + b - y[i] for i in range(n)]
        gw = [2.0 / n * sum(r[i] * X[i][j] for i in range(n)) + 2.0 * l2 * w[j] for j in range(d)]
        gb = 2.0 / n * sum(r)
        w = [w[j] - lr * gw[j] for j in range(d)]
        b = b - lr * gb
    return w, b
