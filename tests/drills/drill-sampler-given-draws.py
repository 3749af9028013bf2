"""Reference: temperature, top-k, top-p, inverse CDF in sorted order with a given draw."""
import math


def sample_with_draws(logits_rows, temperature, top_k, top_p, draws):
    out = []
    for z, u in zip(logits_rows, draws):
        v = len(z)
        if temperature == 0:
            best = max(range(v), key=lambda i: (z[i], -i))
            out.append([best, 1.0])
            continue
        s = [t / temperature for t in z]
        order = sorted(range(v), key=lambda i: (-s[i], i))
        mx = s[order[0]]
        e = {i: math.exp(s[i] - mx) for i in order}
        if top_k > 0:
            order = order[:top_k]
        tot = sum(e[i] for i in order)
        q = {i: e[i] / tot for i in order}
        if top_p < 1.0:
            cum = 0.0
            cut = len(order)
            for pos, i in enumerate(order):
                cum += q[i]
                if cum >= top_p:
                    cut = pos + 1
                    break
            order = order[:cut]
        tot = sum(q[i] for i in order)
        r = {i: q[i] / tot for i in order}
        cum = 0.0
        pick = order[-1]
        for i in order:
            cum += r[i]
            if u < cum:
                pick = i
                break
        out.append([pick, r[pick]])
    return out
