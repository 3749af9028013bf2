"""Reference: cosine similarity with zero-vector guard, top k by (-similarity, index)."""
import heapq
import math


def top_k_cosine(q, M, k):
    qn = math.sqrt(sum(v * v for v in q))
    sims = []
    for row in M:
        rn = math.sqrt(sum(v * v for v in row))
        if qn == 0 or rn == 0:
            sims.append(0.0)
        else:
            sims.append(sum(a * b for a, b in zip(q, row)) / (qn * rn))
    return heapq.nsmallest(min(k, len(M)), range(len(M)), key=lambda i: (-sims[i], i))
