"""The compatibility graph: every giver -> recipient pair the rules allow, with its score.

Never all pairs. Tags become columns of sparse 0/1 matrices (givers x tags offered, recipients
x tags requested, per tag type); the product of the two for the most selective required type
is an inverted-index join done in C: it names exactly the pairs sharing a tag of that type.
Only those candidates (with the few givers who offer "any" of it, and the recipients who ask
for "any") are then checked on the other types, pair by pair but in whole arrays at once.
"""

from __future__ import annotations

from collections.abc import Sequence, Set

import numpy as np
import numpy.typing as npt
from scipy.sparse import csr_matrix

from ficfest.exchanges.matching_rules import Participant, Rules

IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]


class Graph:
    """Givers (rows) and recipients (columns) by position; edges in CSR form, each row's
    columns sorted."""

    def __init__(
        self,
        givers: Sequence[Participant],
        recipients: Sequence[Participant],
        rows: IntArray,
        cols: IntArray,
        scores: IntArray,
    ) -> None:
        self.givers = list(givers)
        self.recipients = list(recipients)
        keys = rows * max(1, len(recipients)) + cols
        if keys.size and not bool(np.all(keys[1:] > keys[:-1])):
            order = np.argsort(keys, kind="stable")
            rows, cols, scores = rows[order], cols[order], scores[order]
        self.rows, self.cols, self.scores = rows, cols, scores
        self.indptr = np.searchsorted(self.rows, np.arange(len(self.givers) + 1))
        self._in: tuple[IntArray, IntArray] | None = None

    @property
    def edge_count(self) -> int:
        return int(self.rows.size)

    def arrays(self) -> tuple[IntArray, IntArray, IntArray]:
        """Rows, columns and scores of every edge."""
        return self.rows, self.cols, self.scores

    def out_edges(self, gi: int) -> list[int]:
        return [int(c) for c in self.cols[self.indptr[gi] : self.indptr[gi + 1]]]

    def in_edges(self, ri: int) -> list[int]:
        if self._in is None:
            order = np.argsort(self.cols, kind="stable")
            starts = np.searchsorted(self.cols[order], np.arange(len(self.recipients) + 1))
            self._in = (self.rows[order], starts)
        rows, starts = self._in
        return [int(r) for r in rows[starts[ri] : starts[ri + 1]]]

    def _position(self, gi: int, ri: int) -> int:
        start, end = int(self.indptr[gi]), int(self.indptr[gi + 1])
        at = start + int(np.searchsorted(self.cols[start:end], ri))
        return at if at < end and self.cols[at] == ri else -1

    def has_edge(self, gi: int, ri: int) -> bool:
        return self._position(gi, ri) >= 0

    def score(self, gi: int, ri: int) -> int:
        at = self._position(gi, ri)
        if at < 0:
            raise KeyError((gi, ri))
        return int(self.scores[at])


def _keys(rows: IntArray, cols: IntArray, width: int) -> IntArray:
    return rows * width + cols


class _TypeMatrices:
    """One tag type: who offers, who asks, in sparse 0/1 matrices over that type's tags."""

    def __init__(
        self, tag_type: str, givers: Sequence[Participant], recipients: Sequence[Participant]
    ) -> None:
        column: dict[int, int] = {}
        for person in recipients:
            for tag in person.requests.get(tag_type, ()):
                column.setdefault(tag, len(column))
        width = max(1, len(column))

        def matrix(sets: list[Set[int]]) -> csr_matrix:
            rows = [i for i, tags in enumerate(sets) for t in tags if t in column]
            cols = [column[t] for tags in sets for t in tags if t in column]
            data = np.ones(len(rows), dtype=np.int64)
            return csr_matrix((data, (rows, cols)), shape=(len(sets), width))

        # Offers of tags nobody asked for cannot overlap: they get no column.
        self.offers = matrix([g.offers.get(tag_type, frozenset()) - g.wont_write for g in givers])
        self.wont = matrix([g.wont_write for g in givers])
        self.asks = matrix([r.requests.get(tag_type, frozenset()) for r in recipients])
        self.asked = np.diff(self.asks.indptr).astype(np.int64)
        self.any_offer = np.array([tag_type in g.any_offer for g in givers], dtype=bool)
        self.any_request = np.array([tag_type in r.any_request for r in recipients], dtype=bool)
        self.some_offer = self.any_offer | np.array(
            [bool(g.offers.get(tag_type, frozenset()) - g.wont_write) for g in givers], dtype=bool
        )

    def overlap(self, rows: IntArray, cols: IntArray) -> IntArray:
        """The overlap of each pair (rows[i] gives to cols[i]) on this type."""
        if rows.size == 0:
            return np.zeros(0, dtype=np.int64)
        # Products of sparse matrices hold a count for every pair sharing a tag, and only
        # those: an inverted-index join done in C. Each pair then reads its count.
        named = _lookup(self.offers @ self.asks.T, rows, cols)
        count = named
        if self.any_offer.any():
            refused = _lookup(self.wont @ self.asks.T, rows, cols)
            count = np.where(self.any_offer[rows], self.asked[cols] - refused, named)
        met_any = (count == 0) & self.any_request[cols] & self.some_offer[rows]
        return np.where(met_any, 1, count)

    def meets(self, rows: IntArray, cols: IntArray, overlap: IntArray, needed: int) -> BoolArray:
        """Which pairs meet a minimum overlap on this type: "any" meets every minimum."""
        return (overlap >= needed) | (self.any_request[cols] & self.some_offer[rows])

    def candidates(self) -> tuple[IntArray, IntArray]:
        """Every pair that may overlap on this type: sharing a named tag, or through "any"."""
        pairs = (self.offers @ self.asks.T).astype(bool)
        for giver_mask, recipient_mask in (
            (self.any_offer, self.asked > 0),
            (self.some_offer, self.any_request),
        ):
            if giver_mask.any() and recipient_mask.any():
                pairs = pairs + _outer(giver_mask, recipient_mask)
        coo = pairs.tocsr().tocoo()
        return coo.row.astype(np.int64), coo.col.astype(np.int64)

    def estimate(self) -> float:
        """How many candidate pairs this type would give, roughly."""
        per_tag = (
            np.asarray(self.offers.sum(axis=0)).ravel() @ np.asarray(self.asks.sum(axis=0)).ravel()
        )
        dense = self.any_offer.sum() * (self.asked > 0).sum()
        return float(per_tag + dense + self.some_offer.sum() * self.any_request.sum())


def _outer(rows: BoolArray, cols: BoolArray) -> csr_matrix:
    """The 0/1 matrix with a 1 wherever both masks are true."""
    left = csr_matrix(rows.reshape(-1, 1).astype(np.int64))
    right = csr_matrix(cols.reshape(1, -1).astype(np.int64))
    return (left @ right).astype(bool)


def _lookup(matrix: csr_matrix, rows: IntArray, cols: IntArray) -> IntArray:
    """matrix[rows[i], cols[i]] for each i (0 where it holds nothing)."""
    matrix = csr_matrix(matrix)
    matrix.sum_duplicates()  # also sorts each row's columns
    width = matrix.shape[1]
    held = np.repeat(np.arange(matrix.shape[0], dtype=np.int64), np.diff(matrix.indptr))
    held = held * width + matrix.indices
    wanted = rows * width + cols
    if held.size == 0:
        return np.zeros(rows.size, dtype=np.int64)
    at = np.minimum(np.searchsorted(held, wanted), held.size - 1)
    return np.where(held[at] == wanted, matrix.data[at], 0).astype(np.int64)


def _all_pairs(n_g: int, n_r: int) -> tuple[IntArray, IntArray]:
    return (np.repeat(np.arange(n_g, dtype=np.int64), n_r),
            np.tile(np.arange(n_r, dtype=np.int64), n_g))  # fmt: skip


def _refused(
    givers: Sequence[Participant],
    recipients: Sequence[Participant],
    forbidden: Set[tuple[int, int]],
) -> IntArray:
    """Keys of the pairs that self-pairing, exclusions and `forbidden` rule out."""
    giver_at = {p.id: i for i, p in enumerate(givers)}
    recipient_at = {p.id: i for i, p in enumerate(recipients)}
    pairs = set(forbidden) | {(p.id, p.id) for p in givers}
    for person in [*givers, *recipients]:
        for other in person.excluded:
            pairs |= {(person.id, other), (other, person.id)}
    keys = [
        giver_at[g] * len(recipients) + recipient_at[r]
        for g, r in pairs
        if g in giver_at and r in recipient_at
    ]
    return np.array(sorted(keys), dtype=np.int64)


def build_graph(
    givers: Sequence[Participant],
    recipients: Sequence[Participant],
    rules: Rules,
    *,
    forbidden: Set[tuple[int, int]] = frozenset(),
) -> Graph:
    """Every compatible giver -> recipient pair, by position in the two lists."""
    n_g, n_r = len(givers), len(recipients)
    types = sorted(
        set(rules.overlap)
        | {t for r in recipients for t in r.requests}
        | {t for r in recipients for t in r.any_request}
    )
    matrices = {t: _TypeMatrices(t, givers, recipients) for t in types}
    required = rules.required()
    if required and n_g and n_r:
        first = min(required, key=lambda t: matrices[t].estimate())
        rows, cols = matrices[first].candidates()
        # The required types first, the most selective leading, so later types see fewer pairs.
        types = [first, *(t for t in types if t in required and t != first),
                 *(t for t in types if t not in required)]  # fmt: skip
    else:
        rows, cols = _all_pairs(n_g, n_r)
    keep = ~np.isin(_keys(rows, cols, n_r), _refused(givers, recipients, forbidden))
    rows, cols = rows[keep], cols[keep]
    scores = np.zeros(rows.size, dtype=np.int64)
    for tag_type in types:
        overlap = matrices[tag_type].overlap(rows, cols)
        if tag_type in required:
            keep = matrices[tag_type].meets(rows, cols, overlap, required[tag_type])
            rows, cols, scores, overlap = rows[keep], cols[keep], scores[keep], overlap[keep]
        scores += overlap
    return Graph(givers, recipients, rows, cols, scores)
