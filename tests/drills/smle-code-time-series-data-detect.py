"""Reference: trailing-window robust z-score with median and MAD (no look-ahead)."""


def _median(v):
    s = sorted(v)
    n = len(s)
    mid = n // 2
    return s[mid] if n % 2 else (s[mid - 1] + s[mid]) / 2


def detect_anomalies(xs, w, t):
    out = []
    for i in range(w, len(xs)):
        window = xs[i - w:i]
        med = _median(window)
        mad = _median([abs(x - med) for x in window])
        if mad == 0:
            if xs[i] != med:
                out.append(i)
        elif abs(xs[i] - med) / (1.4826 * mad) > t:
            out.append(i)
    return out
