"""Reference: beam search over a next-token log-probability table (prefix key = ' '.join(prefix))."""


def beam_search(table, beam_width, max_len, eos):
    live = [([], 0.0)]
    finished = []
    for _ in range(max_len):
        if not live:
            break
        candidates = []
        for seq, score in live:
            for tok, lp in table[" ".join(seq)].items():
                candidates.append((seq + [tok], score + lp))
        candidates.sort(key=lambda c: (-c[1], c[0]))
        live = []
        for seq, score in candidates[:beam_width]:
            if seq[-1] == eos or len(seq) == max_len:
                finished.append((seq, score))
            else:
                live.append((seq, score))
    best = min(finished, key=lambda c: (-c[1], c[0]))
    return [best[0], best[1]]
