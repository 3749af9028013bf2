"""Reference: smoothed TF-IDF with raw counts and L2-normalised sparse vectors."""
import math
import re
from collections import Counter


def _tokens(doc):
    return re.findall(r"[a-z0-9]+", doc.lower())


def tfidf(train_docs, docs):
    n = len(train_docs)
    df = Counter()
    for doc in train_docs:
        df.update(set(_tokens(doc)))
    idf = {t: math.log((1 + n) / (1 + c)) + 1 for t, c in df.items()}
    out = []
    for doc in docs:
        counts = Counter(t for t in _tokens(doc) if t in idf)
        vec = {t: c * idf[t] for t, c in counts.items()}
        norm = math.sqrt(sum(v * v for v in vec.values()))
        out.append({t: v / norm for t, v in vec.items()} if norm > 0 else {})
    return out
