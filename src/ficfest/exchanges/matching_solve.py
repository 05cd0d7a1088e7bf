"""Solving the assignment on a compatibility graph with SciPy's sparse graph routines.

Maximum cardinality first, then the best total score: one minimum-cost full matching in which
every giver may also take a private "nobody" column at a cost higher than any real pair could
save, so using one more real pair always beats any gain in score.
"""

from __future__ import annotations

from collections.abc import Mapping, Set

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


def _mutual_pairs(
    graph: Graph, chosen: Mapping[int, int], locked: Mapping[int, int]
) -> list[tuple[int, int]]:
    """Free (giver position, recipient position) edges that close a two-person cycle."""
    gives_to = dict(locked)
    for gi, ri in chosen.items():
        gives_to[graph.givers[gi].id] = graph.recipients[ri].id
    return [
        (gi, ri) for gi, ri in chosen.items()
        if gives_to.get(graph.recipients[ri].id) == graph.givers[gi].id
    ]  # fmt: skip


def remove_mutual(
    graph: Graph, chosen: dict[int, int], locked: Mapping[int, int], *, rounds: int = 20
) -> dict[int, int]:
    """An assignment with no pair A->B, B->A (unless both are locked).

    Each round forbids, in every mutual pair, its free edge of lower score and solves again;
    whatever is still mutual after the last round loses its free edges.
    """
    forbidden: set[tuple[int, int]] = set()
    for _ in range(rounds):
        mutual = _mutual_pairs(graph, chosen, locked)
        if not mutual:
            return chosen
        forbidden |= _weaker_edges(graph, mutual)
        chosen = best_assignment(graph, forbidden=forbidden)
    for gi, _ in _mutual_pairs(graph, chosen, locked):
        del chosen[gi]
    return chosen


def _weaker_edges(graph: Graph, mutual: list[tuple[int, int]]) -> set[tuple[int, int]]:
    """One free edge of each mutual pair: the one with the lower score."""
    position = {g.id: gi for gi, g in enumerate(graph.givers)}
    chosen = dict(mutual)
    weaker: set[tuple[int, int]] = set()
    for gi, ri in mutual:
        # The other edge of the pair may be locked (its giver then has no position).
        other_gi = position.get(graph.recipients[ri].id)
        if other_gi is None or other_gi not in chosen:
            weaker.add((gi, ri))
            continue
        other = (other_gi, chosen[other_gi])
        if other not in weaker and graph.score(gi, ri) <= graph.score(*other):
            weaker.add((gi, ri))
    return weaker
