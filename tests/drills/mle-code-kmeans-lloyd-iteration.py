"""Reference: Lloyd's algorithm with the documented step and stopping rule."""
import math


def step(points, centroids):
    k = len(centroids)
    d = len(centroids[0])
    assignments = []
    inertia = 0.0
    for p in points:
        best, best_j = None, 0
        for j, c in enumerate(centroids):
            dist = sum((a - b) ** 2 for a, b in zip(p, c))
            if best is None or dist < best:
                best, best_j = dist, j
        assignments.append(best_j)
        inertia += best
    sums = [[0.0] * d for _ in range(k)]
    counts = [0] * k
    for p, j in zip(points, assignments):
        counts[j] += 1
        for t in range(d):
            sums[j][t] += p[t]
    new = [[s / counts[j] for s in sums[j]] if counts[j] else list(map(float, centroids[j]))
           for j in range(k)]
    return new, assignments, inertia


def kmeans(points, centroids, max_iter, tol):
    inertias = []
    assignments = []
    c = [list(map(float, row)) for row in centroids]
    for _ in range(max_iter):
        new, assignments, inertia = step(points, c)
        inertias.append(inertia)
        moved = max(math.dist(a, b) for a, b in zip(new, c))
        c = new
        if moved <= tol:
            break
    return c, assignments, inertias
