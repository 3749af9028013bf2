"""Reference: direct-loop cross-correlation with zero padding and stride."""
def conv2d(x, weight, bias, stride, padding):
    cin, h, w = len(x), len(x[0]), len(x[0][0])
    cout, kh, kw = len(weight), len(weight[0][0]), len(weight[0][0][0])
    ho = (h + 2 * padding - kh) // stride + 1
    wo = (w + 2 * padding - kw) // stride + 1

    def at(c, r, s):
        r -= padding
        s -= padding
        if 0 <= r < h and 0 <= s < w:
            return x[c][r][s]
        return 0.0

    out = []
    for o in range(cout):
        plane = []
        for i in range(ho):
            row = []
            for j in range(wo):
                acc = float(bias[o])
                for c in range(cin):
                    for a in range(kh):
                        for b in range(kw):
                            acc += weight[o][c][a][b] * at(c, i * stride + a, j * stride + b)
                row.append(acc)
            plane.append(row)
        out.append(plane)
    return out
