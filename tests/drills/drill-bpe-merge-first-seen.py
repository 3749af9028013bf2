"""Reference: one BPE merge, ties by first occurrence, min_count cut-off."""
def bpe_merge_step(corpus, min_count):
    counts = {}
    first = {}
    pos = 0
    for symbols, freq in corpus:
        for a, b in zip(symbols, symbols[1:]):
            counts[(a, b)] = counts.get((a, b), 0) + freq
            if (a, b) not in first:
                first[(a, b)] = pos
            pos += 1
    if not counts:
        return [None, 0, corpus]
    pair = min(counts, key=lambda p: (-counts[p], first[p]))
    if counts[pair] < min_count:
        return [None, 0, corpus]
    a, b = pair
    new = []
    for symbols, freq in corpus:
        out = []
        i = 0
        while i < len(symbols):
            if i + 1 < len(symbols) and symbols[i] == a and symbols[i + 1] == b:
                out.append(a + b)
                i += 2
            else:
                out.append(symbols[i])
                i += 1
        new.append([out, freq])
    return [[a, b], counts[pair], new]
