"""Reference: layer norm forward (two-pass variance) and backward."""
import numpy as np


def layer_norm_fwd_bwd(x, gamma, beta, eps, dy):
    x, gamma, beta, dy = (np.asarray(a, dtype=float) for a in (x, gamma, beta, dy))
    mu = x.mean(axis=1, keepdims=True)
    var = ((x - mu) ** 2).mean(axis=1, keepdims=True)
    rstd = 1.0 / np.sqrt(var + eps)
    xhat = (x - mu) * rstd
    y = xhat * gamma + beta
    dxhat = dy * gamma
    dx = rstd * (dxhat - dxhat.mean(axis=1, keepdims=True) - xhat * (dxhat * xhat).mean(axis=1, keepdims=True))
    return {"y": y.tolist(), "dx": dx.tolist(), "dgamma": (dy * xhat).sum(axis=0).tolist(),
            "dbeta": dy.sum(axis=0).tolist()}
