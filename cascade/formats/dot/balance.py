"""Work split into shares of about equal weight (one per `dot` process, one per core)."""
from __future__ import annotations


def balanced(items: list[int], weights: list[int], n: int) -> list[list[int]]:
    """`items` in at most `n` groups of about equal weight (heaviest first onto the lightest group),
    each group in its original order."""
    groups: list[list[int]] = [[] for _ in range(max(1, min(n, len(items))))]
    loads = [0] * len(groups)
    for weight, item in sorted(zip(weights, items), key=lambda wi: -wi[0]):
        lightest = loads.index(min(loads))
        groups[lightest].append(item)
        loads[lightest] += weight
    return [sorted(g) for g in groups if g]
