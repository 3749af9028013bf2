"""Reference: bounded-bin streaming histogram (Ben-Haim/Tom-Tov style) with exact min/max,
piecewise-linear quantiles and merge of another histogram or its summary() dict."""
import bisect
import math


class StreamingHistogram:
    def __init__(self, max_bins):
        self.max_bins = max_bins
        self._bins = []  # [centroid, count], sorted by centroid, centroids distinct
        self._min = None
        self._max = None

    def _insert(self, c, n):
        keys = [b[0] for b in self._bins]
        i = bisect.bisect_left(keys, c)
        if i < len(self._bins) and self._bins[i][0] == c:
            self._bins[i][1] += n
        else:
            self._bins.insert(i, [c, n])

    def _compress(self):
        while len(self._bins) > self.max_bins:
            best = 0
            for i in range(1, len(self._bins) - 1):
                if self._bins[i + 1][0] - self._bins[i][0] < self._bins[best + 1][0] - self._bins[best][0]:
                    best = i
            (c1, n1), (c2, n2) = self._bins[best], self._bins[best + 1]
            n = n1 + n2
            self._bins[best:best + 2] = [[(c1 * n1 + c2 * n2) / n, n]]

    def add(self, x):
        x = float(x)
        if math.isnan(x):
            raise ValueError("NaN")
        self._min = x if self._min is None else min(self._min, x)
        self._max = x if self._max is None else max(self._max, x)
        self._insert(x, 1)
        self._compress()

    def count(self):
        return sum(n for _, n in self._bins)

    def bins(self):
        return [[c, n] for c, n in self._bins]

    def summary(self):
        return {"min": self._min, "max": self._max, "bins": self.bins()}

    def merge(self, other):
        s = other.summary() if isinstance(other, StreamingHistogram) else other
        if not s["bins"]:
            return
        self._min = s["min"] if self._min is None else min(self._min, s["min"])
        self._max = s["max"] if self._max is None else max(self._max, s["max"])
        for c, n in s["bins"]:
            self._insert(float(c), n)
        self._compress()

    def quantile(self, q):
        if not self._bins:
            raise ValueError("empty histogram")
        total = self.count()
        pts = [(0.0, self._min)]
        cum = 0
        for c, n in self._bins:
            pts.append((cum + n / 2, c))
            cum += n
        pts.append((float(total), self._max))
        r = q * total
        for (r0, v0), (r1, v1) in zip(pts, pts[1:]):
            if r <= r1:
                return v0 + (v1 - v0) * (r - r0) / (r1 - r0)
        return self._max
