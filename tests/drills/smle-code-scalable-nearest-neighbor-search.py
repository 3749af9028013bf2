"""Reference: IVF over given centroids, cosine similarity, probe the n_probe most similar lists."""
import math


def _unit(v):
    norm = math.sqrt(sum(x * x for x in v))
    if norm == 0:
        raise ValueError("zero vector")
    return [x / norm for x in v]


def _dot(a, b):
    return sum(x * y for x, y in zip(a, b))


class IVFIndex:
    def __init__(self, vectors, centroids):
        self.vectors = [_unit(v) for v in vectors]
        self.centroids = [_unit(c) for c in centroids]
        self.lists = [[] for _ in self.centroids]
        for i, v in enumerate(self.vectors):
            j = max(range(len(self.centroids)), key=lambda c: (_dot(v, self.centroids[c]), -c))
            self.lists[j].append(i)

    def list_sizes(self):
        return [len(ids) for ids in self.lists]

    def _top(self, q, ids, k):
        ids = sorted(ids, key=lambda i: (-_dot(q, self.vectors[i]), i))
        return ids[:k]

    def exact_search(self, query, k):
        return self._top(_unit(query), range(len(self.vectors)), k)

    def search(self, query, k, n_probe):
        q = _unit(query)
        probes = sorted(range(len(self.centroids)), key=lambda c: (-_dot(q, self.centroids[c]), c))[:n_probe]
        cand = [i for c in probes for i in self.lists[c]]
        return self._top(q, cand, k)

    def recall(self, queries, k, n_probe):
        total = 0.0
        for q in queries:
            exact = self.exact_search(q, k)
            if not exact:
                continue
            total += len(set(exact) & set(self.search(q, k, n_probe))) / len(exact)
        return total / len(queries)
