"""Reference: A-Res (Efraimidis-Spirakis) with keys log(u) / w kept in a size-k min-heap."""
import heapq
import math


class WeightedReservoir:
    def __init__(self, k):
        self.k = k
        self._heap = []  # (key, -arrival, item): the root is the weakest kept item
        self._seen = 0

    def add(self, item, weight, u):
        if weight < 0:
            raise ValueError("negative weight")
        self._seen += 1
        if weight == 0 or self.k == 0:
            return
        entry = (math.log(u) / weight, -self._seen, item)
        if len(self._heap) < self.k:
            heapq.heappush(self._heap, entry)
        elif entry[:2] > self._heap[0][:2]:
            heapq.heapreplace(self._heap, entry)

    def sample(self):
        return [item for _, _, item in sorted(self._heap, key=lambda e: (e[0], e[1]), reverse=True)]
