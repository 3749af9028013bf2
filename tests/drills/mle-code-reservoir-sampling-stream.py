"""Reference: Algorithm R with the random draws given as data."""


def reservoir_sample(stream, k, draws):
    reservoir = []
    for i, item in enumerate(stream):
        if i < k:
            reservoir.append(item)
        else:
            j = int(draws[i - k] * (i + 1))
            if j < k:
                reservoir[j] = item
    return reservoir
