"""Reference: Welford updates, Chan et al. merge, missing-value counting."""
import math


class FeatureStats:
    def __init__(self):
        self.n = 0
        self._mean = 0.0
        self.m2 = 0.0
        self.missing = 0

    def update(self, x):
        if x is None or (isinstance(x, float) and math.isnan(x)):
            self.missing += 1
            return
        self.n += 1
        delta = x - self._mean
        self._mean += delta / self.n
        self.m2 += delta * (x - self._mean)

    def state(self):
        return {"n": self.n, "mean": self._mean, "m2": self.m2, "missing": self.missing}

    def merge(self, other):
        s = other.state() if isinstance(other, FeatureStats) else other
        nb = s["n"]
        self.missing += s["missing"]
        if nb == 0:
            return
        if self.n == 0:
            self.n, self._mean, self.m2 = nb, float(s["mean"]), float(s["m2"])
            return
        n = self.n + nb
        delta = s["mean"] - self._mean
        self._mean += delta * nb / n
        self.m2 += s["m2"] + delta * delta * self.n * nb / n
        self.n = n

    def count(self):
        return self.n

    def missing_rate(self):
        seen = self.n + self.missing
        return self.missing / seen if seen else 0.0

    def mean(self):
        return self._mean if self.n else None

    def variance(self, sample=True):
        if self.n < (2 if sample else 1):
            return None
        return self.m2 / (self.n - 1 if sample else self.n)

    def std(self, sample=True):
        v = self.variance(sample)
        return None if v is None else math.sqrt(v)
