"""Solving the assignment on a compatibility graph with SciPy's sparse graph routines.

Maximum cardinality first, then the best total score: one minimum-cost full matching in which
every giver may also take a private "nobody" column at a cost higher than any real pair could
save, so using one more real pair always beats any gain in score.
"""

from __future__ import annotations

from collections.abc import Set

import numpy as np
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import maximum_bipartite_matching, min_weight_full_bipartite_matching

from ficfest.exchanges.matching_graph import Graph


def best_assignment(
    graph: Graph, *, forbidden: Set[tuple[int, int]] = frozenset()
) -> dict[int, int]:
    """Giver position -> recipient position: maximum cardinality, then maximum score."""
    rows, cols, scores = graph.arrays()
    n_g, n_r = len(graph.givers), len(graph.recipients)
    if forbidden:
        refused = np.array([g * n_r + r for g, r in forbidden], dtype=np.int64)
        keep = ~np.isin(rows * n_r + cols, refused)
        rows, cols, scores = rows[keep], cols[keep], scores[keep]
    if rows.size == 0:
        return {}
    # Every score is below `big`, and any sum of scores of one matching too.
    big = int(scores.max()) * min(n_g, n_r) + 1
    costs = (big - scores).astype(np.float64)
    structure = csr_matrix((np.ones(rows.size), (rows, cols)), shape=(n_g, n_r))
    matched = maximum_bipartite_matching(structure, perm_type="column")
    width = n_r
    if int((matched >= 0).sum()) < n_g:
        # Not every giver can have a recipient: each gets a "nobody" column of their own.
        giver = np.arange(n_g, dtype=np.int64)
        rows = np.concatenate([rows, giver])
        cols = np.concatenate([cols, n_r + giver])
        costs = np.concatenate([costs, np.full(n_g, 2.0 * big)])
        width = n_r + n_g
    weighted = csr_matrix((costs, (rows, cols)), shape=(n_g, width))
    row_ind, col_ind = min_weight_full_bipartite_matching(weighted)
    return {int(r): int(c) for r, c in zip(row_ind, col_ind, strict=True) if c < n_r}
