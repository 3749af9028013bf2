"""Reference: row blocks of C computed concurrently by a thread pool; NumPy (BLAS) releases the GIL."""
from concurrent.futures import ThreadPoolExecutor

import numpy as np


def parallel_matmul(A, B, n_workers, block_size):
    n = len(A)
    k = len(A[0]) if n else len(B)
    m = len(B[0]) if B else 0
    if len(B) != k:
        raise ValueError("inner dimensions %d and %d differ" % (k, len(B)))
    a = np.asarray(A, dtype=float).reshape(n, k)
    b = np.asarray(B, dtype=float).reshape(k, m)
    c = np.zeros((n, m))

    def task(start):
        stop = min(start + block_size, n)
        c[start:stop] = a[start:stop] @ b  # disjoint row block: no locking needed

    with ThreadPoolExecutor(max_workers=max(1, n_workers)) as pool:
        list(pool.map(task, range(0, n, block_size)))
    return c.tolist()
