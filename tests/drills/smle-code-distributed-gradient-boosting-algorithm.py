"""Reference: best split of one tree node from per-shard gradient/hessian histograms summed at the driver."""
import bisect


def worker_histogram(shard, bin_edges):
    """What one worker sends: per feature, per bin [G, H, count] over its rows only."""
    hist = [[[0.0, 0.0, 0] for _ in range(len(edges) + 1)] for edges in bin_edges]
    for row, g, h in zip(shard["X"], shard["g"], shard["h"]):
        for f, edges in enumerate(bin_edges):
            b = hist[f][bisect.bisect_left(edges, row[f])]
            b[0] += g
            b[1] += h
            b[2] += 1
    return hist


def best_split(shards, bin_edges, lam):
    total = [[[0.0, 0.0, 0] for _ in range(len(edges) + 1)] for edges in bin_edges]
    for shard in shards:
        hist = worker_histogram(shard, bin_edges)
        for f in range(len(bin_edges)):
            for b in range(len(bin_edges[f]) + 1):
                for j in range(3):
                    total[f][b][j] += hist[f][b][j]
    best = None
    for f, edges in enumerate(bin_edges):
        G = sum(b[0] for b in total[f])
        H = sum(b[1] for b in total[f])
        N = sum(b[2] for b in total[f])
        gl = hl = 0.0
        nl = 0
        for t, thr in enumerate(edges):
            gl += total[f][t][0]
            hl += total[f][t][1]
            nl += total[f][t][2]
            gr, hr, nr = G - gl, H - hl, N - nl
            if nl == 0 or nr == 0:
                continue
            gain = gl * gl / (hl + lam) + gr * gr / (hr + lam) - G * G / (H + lam)
            if gain > 0 and (best is None or gain > best["gain"]):
                best = {"feature": f, "threshold": thr, "gain": gain,
                        "left_value": -gl / (hl + lam), "right_value": -gr / (hr + lam)}
    return best
