"""Reference: per-class largest-remainder allocation over rows ordered by (key, index)."""
def stratified_split(labels, ratios, keys):
    total = sum(ratios)
    m = len(ratios)
    groups = {}
    for i, lab in enumerate(labels):
        groups.setdefault(lab, []).append(i)
    parts = [[] for _ in range(m)]
    for rows in groups.values():
        n = len(rows)
        rows.sort(key=lambda i: (keys[i], i))
        counts = [r * n // total for r in ratios]
        rem = [r * n % total for r in ratios]
        left = n - sum(counts)
        for j in sorted(range(m), key=lambda j: (-rem[j], j))[:left]:
            counts[j] += 1
        start = 0
        for j in range(m):
            parts[j].extend(rows[start:start + counts[j]])
            start += counts[j]
    return [sorted(p) for p in parts]
