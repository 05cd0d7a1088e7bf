"""No mutual pairs: an assignment in which no two participants write for each other.

A bipartite matching cannot rule out A->B together with B->A by itself, so this is a search
over matchings (branch and bound):

- the best assignment with some edges forbidden (`best_assignment`) is an upper bound for
  every mutual-free assignment that avoids those edges;
- when that assignment has a mutual pair A->B, B->A, every mutual-free one avoids A->B or
  avoids B->A: the search tries both, forbidding one edge at a time;
- each assignment met is also *repaired* into a mutual-free one (each mutual pair merged with
  another pair C->D into C->A->B->D when C->A and B->D are compatible, which keeps everyone
  covered; else its weaker edge dropped), and the best repaired one is kept.

When the search ends within its budget of solves, the result is proven best: maximum coverage
among mutual-free assignments, then best score. Otherwise it is the best repaired assignment
found, which is mutual-free but maybe not best.
"""

from __future__ import annotations

from collections.abc import Mapping

from ficfest.exchanges.matching_graph import Graph
from ficfest.exchanges.matching_solve import best_assignment

Edge = tuple[int, int]  # (giver position, recipient position)
# Solves the search may spend, shared out by the graph's size so a big exchange stays quick.
SOLVE_BUDGET_EDGES = 4_000_000
MIN_SOLVES, MAX_SOLVES = 2, 300


class _Exchange:
    """Positions of each participant among the graph's givers and recipients."""

    def __init__(self, graph: Graph, locked: Mapping[int, int]) -> None:
        self.graph = graph
        self.locked = locked
        self.giver_at = {p.id: i for i, p in enumerate(graph.givers)}

    def value(self, chosen: Mapping[int, int]) -> tuple[int, int]:
        return len(chosen), sum(self.graph.score(g, r) for g, r in chosen.items())

    def first_mutual(self, chosen: Mapping[int, int]) -> tuple[Edge, Edge | None] | None:
        """A free edge closing a mutual pair, and the pair's other edge unless it is locked."""
        for gi, ri in sorted(chosen.items()):
            partner = self.graph.recipients[ri].id
            me = self.graph.givers[gi].id
            if self.locked.get(partner) == me:
                return (gi, ri), None
            back_gi = self.giver_at.get(partner)
            if back_gi is not None and back_gi in chosen:
                back_ri = chosen[back_gi]
                if self.graph.recipients[back_ri].id == me:
                    return (gi, ri), (back_gi, back_ri)
        return None

    def repair(self, chosen: Mapping[int, int]) -> dict[int, int]:
        """A mutual-free assignment close to chosen, covering as many as it can."""
        fixed = dict(chosen)
        while (found := self.first_mutual(fixed)) is not None:
            one, other = found
            if not (self._merge(fixed, one) or (other is not None and self._merge(fixed, other))):
                weaker = one
                if other is not None and self.graph.score(*other) < self.graph.score(*one):
                    weaker = other
                del fixed[weaker[0]]
        return fixed

    def _merge(self, chosen: dict[int, int], edge: Edge) -> bool:
        """Replace edge B->A and some C->D by C->A and B->D, keeping A->B: the pair joins C's
        cycle (or path), everyone keeps a partner. False when no such C exists.

        No new mutual pair can appear: A writes for B alone, so C->A is not mutual; B's only
        giver is A, who is not D (A's only giver was B), so B->D is not mutual."""
        b, a = edge
        best: tuple[int, int] | None = None
        for c in self.graph.in_edges(a):
            d = chosen.get(c)
            if d is None or c == b or not self.graph.has_edge(b, d):
                continue
            gain = self.graph.score(c, a) + self.graph.score(b, d) - self.graph.score(c, d)
            if best is None or gain > best[0]:
                best = (gain, c)
        if best is None:
            return False
        c = best[1]
        chosen[b], chosen[c] = chosen[c], a
        return True


def remove_mutual(
    graph: Graph, chosen: dict[int, int], locked: Mapping[int, int]
) -> tuple[dict[int, int], bool]:
    """The best mutual-free assignment the search finds, and whether it is proven best."""
    exchange = _Exchange(graph, locked)
    budget = max(MIN_SOLVES, min(MAX_SOLVES, SOLVE_BUDGET_EDGES // max(1, graph.edge_count)))
    best = exchange.repair(chosen)
    best_value = exchange.value(best)
    stack: list[tuple[frozenset[Edge], dict[int, int]]] = [(frozenset(), chosen)]
    while stack:
        forbidden, relaxed = stack.pop()
        if exchange.value(relaxed) <= best_value:
            continue  # nothing under this branch can beat what we have
        found = exchange.first_mutual(relaxed)
        if found is None:
            best, best_value = relaxed, exchange.value(relaxed)
            continue
        if budget <= 0:
            return best, False
        children = []
        for edge in (e for e in found if e is not None):
            budget -= 1
            child = best_assignment(graph, forbidden=forbidden | {edge})
            repaired = exchange.repair(child)
            if exchange.value(repaired) > best_value:
                best, best_value = repaired, exchange.value(repaired)
            children.append((exchange.value(child), forbidden | {edge}, child))
        # The more promising child is searched first (popped last).
        for _, child_forbidden, child in sorted(children, key=lambda c: c[0]):
            stack.append((child_forbidden, child))
    return best, True
