"""The compatibility graph: every giver -> recipient pair the rules allow, with its score.

Never all pairs: an inverted index (tag -> givers who offer it) names each recipient's
candidates through the most selective required tag type; only those are checked in full.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Sequence, Set

import numpy as np
import numpy.typing as npt

from ficfest.exchanges.matching_rules import (
    EMPTY,
    Participant,
    Rules,
    offered_tags,
    offers_something,
    pair_score,
)

IntArray = npt.NDArray[np.int64]


class Graph:
    """Givers (rows) and recipients (columns) by position, edges in CSR form."""

    def __init__(
        self,
        givers: Sequence[Participant],
        recipients: Sequence[Participant],
        edges: dict[int, dict[int, int]],
    ) -> None:
        self.givers = list(givers)
        self.recipients = list(recipients)
        self._out = edges  # giver position -> {recipient position: score}
        self._in: dict[int, list[int]] | None = None

    @property
    def edge_count(self) -> int:
        return sum(len(row) for row in self._out.values())

    def out_edges(self, gi: int) -> list[int]:
        return list(self._out.get(gi, {}))

    def in_edges(self, ri: int) -> list[int]:
        if self._in is None:
            self._in = defaultdict(list)
            for gi, row in self._out.items():
                for ri_ in row:
                    self._in[ri_].append(gi)
        return self._in.get(ri, [])

    def has_edge(self, gi: int, ri: int) -> bool:
        return ri in self._out.get(gi, {})

    def score(self, gi: int, ri: int) -> int:
        return self._out[gi][ri]

    def max_score(self) -> int:
        return max((s for row in self._out.values() for s in row.values()), default=0)

    def arrays(self) -> tuple[IntArray, IntArray, IntArray]:
        """Rows, columns and scores of every edge."""
        rows = [gi for gi, row in self._out.items() for _ in row]
        cols = [ri for row in self._out.values() for ri in row]
        scores = [s for row in self._out.values() for s in row.values()]
        return (np.array(rows, dtype=np.int64), np.array(cols, dtype=np.int64),
                np.array(scores, dtype=np.int64))  # fmt: skip

    def without(self, edges: Set[tuple[int, int]]) -> Graph:
        """A copy with some edges (by position) removed."""
        out = {gi: {ri: s for ri, s in row.items() if (gi, ri) not in edges}
               for gi, row in self._out.items()}  # fmt: skip
        return Graph(self.givers, self.recipients, out)


class _Index:
    """Per required tag type: tag -> givers offering it, givers offering anything of it."""

    def __init__(self, givers: Sequence[Participant], rules: Rules) -> None:
        self.by_tag: dict[str, dict[int, list[int]]] = {}
        self.any_offer: dict[str, list[int]] = {}
        self.some_offer: dict[str, list[int]] = {}
        for tag_type in rules.required():
            by_tag: dict[int, list[int]] = defaultdict(list)
            for gi, giver in enumerate(givers):
                for tag in offered_tags(giver, tag_type):
                    by_tag[tag].append(gi)
            self.by_tag[tag_type] = by_tag
            self.any_offer[tag_type] = [
                gi for gi, g in enumerate(givers) if tag_type in g.any_offer
            ]
            self.some_offer[tag_type] = [
                gi for gi, g in enumerate(givers) if offers_something(g, tag_type)
            ]

    def candidates(self, recipient: Participant, n_givers: int) -> Collection[int]:
        """Givers who could meet the recipient's most selective required type."""
        best: Collection[int] | None = None
        for tag_type, by_tag in self.by_tag.items():
            found: Collection[int]
            if tag_type in recipient.any_request:
                found = self.some_offer[tag_type]
            else:
                union = set(self.any_offer[tag_type])
                for tag in recipient.requests.get(tag_type, EMPTY):
                    union.update(by_tag.get(tag, ()))
                found = union
            if best is None or len(found) < len(best):
                best = found
        return range(n_givers) if best is None else best


def build_graph(
    givers: Sequence[Participant],
    recipients: Sequence[Participant],
    rules: Rules,
    *,
    forbidden: Set[tuple[int, int]] = frozenset(),
) -> Graph:
    """Every compatible giver -> recipient pair, by position in the two lists."""
    index = _Index(givers, rules)
    edges: dict[int, dict[int, int]] = defaultdict(dict)
    for ri, recipient in enumerate(recipients):
        for gi in index.candidates(recipient, len(givers)):
            giver = givers[gi]
            if (giver.id, recipient.id) in forbidden:
                continue
            score = pair_score(giver, recipient, rules)
            if score is not None:
                edges[gi][ri] = score
    return Graph(givers, recipients, dict(edges))
