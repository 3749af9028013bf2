"""Reference: one BPE merge step over {'space separated symbols': count}."""


def bpe_merge_step(vocab):
    pairs = {}
    for word, count in vocab.items():
        syms = word.split(" ")
        for a, b in zip(syms, syms[1:]):
            pairs[(a, b)] = pairs.get((a, b), 0) + count
    if not pairs:
        return [None, vocab]
    best = min(pairs, key=lambda p: (-pairs[p], p))
    a, b = best
    new_vocab = {}
    for word, count in vocab.items():
        syms = word.split(" ")
        out = []
        i = 0
        while i < len(syms):
            if i + 1 < len(syms) and syms[i] == a and syms[i + 1] == b:
                out.append(a + b)
                i += 2
            else:
                out.append(syms[i])
                i += 1
        key = " ".join(out)
        new_vocab[key] = new_vocab.get(key, 0) + count
    return [[a, b], new_vocab]
