"""Reference: count, then a size-k selection ordered by (-count, value)."""
import heapq
from collections import Counter


def top_k_frequent(nums, k):
    if k <= 0 or not nums:
        return []
    counts = Counter(nums)
    return heapq.nsmallest(k, counts, key=lambda v: (-counts[v], v))
