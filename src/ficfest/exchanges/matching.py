"""The gift-exchange matcher: who writes for whom.

Pure Python and SciPy, no models: the caller turns sign-ups into `Participant`s and the
challenge's settings into `Rules`, and gets plain ids back.

**Compatible pair.** A giver may write for a recipient when all of these hold:

- they are two different participants, neither lists the other in ``excluded``, and the pair
  is not in ``forbidden``;
- for every tag type ``t`` with ``rules.overlap[t] = N`` (N >= 1), the *overlap* on ``t`` is at
  least ``N``, or the recipient asked for "any" on ``t`` and the giver offers something of ``t``.

The giver's offers of type ``t`` are ``offers[t]``, or every tag when ``t`` is in
``any_offer``; either way minus ``wont_write``. The overlap on ``t`` is the number of the
recipient's requested ``t`` tags among those offers; an "any" request met by a giver who offers
something of ``t`` counts as one overlapping tag when nothing overlaps by name.

**Score** of a pair: the sum of its overlaps over every tag type the recipient requested
(those in the rules and the others), so more shared tags make a better pair.

**Result.** `match` returns a maximum assignment: as many givers with a recipient as any
assignment could have (so a complete one, where everyone gives one gift and receives one,
whenever one exists: a cycle cover of the compatibility graph, found as a perfect matching of
givers to recipients), and among those the best total score. Locked pairs are kept as given,
even when they are not compatible (the result lists those). Everyone left out is named with
the reason. With ``allow_mutual=False`` see `ficfest.exchanges.matching_mutual` for what is
guaranteed.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from ficfest.exchanges.matching_graph import Graph, build_graph
from ficfest.exchanges.matching_mutual import remove_mutual
from ficfest.exchanges.matching_rules import (
    EMPTY,
    Participant,
    Rules,
    excluded,
    meets,
    offered_tags,
    overlaps,
)
from ficfest.exchanges.matching_solve import best_assignment

__all__ = ["Compat", "MatchResult", "Participant", "Rules", "Unmatched", "compatibility", "match"]


@dataclass(frozen=True)
class Compat:
    ok: bool
    score: int
    overlap: Mapping[str, int]  # tag type -> overlapping tags (an "any" met counts 1)
    why_not: tuple[str, ...] = ()  # plain sentences, empty when ok


# Why someone is left out of a result.
NO_COMPATIBLE_PARTNER = "no_compatible_partner"
PARTNERS_TAKEN = "partners_taken"
MUTUAL = "mutual"


@dataclass(frozen=True)
class Unmatched:
    id: int
    reason: str  # one of the three constants above
    # For a recipient with nobody compatible: per tag type of the rules, the requested tags no
    # other eligible giver offers at all ("nobody offers Firefly"). Empty otherwise.
    missing: Mapping[str, frozenset[int]] = field(default_factory=dict)
    # The compatible partners, all assigned elsewhere (PARTNERS_TAKEN) or all but the one
    # who would make a mutual pair (MUTUAL).
    candidates: tuple[int, ...] = ()

    def explain(self, tag_name: Callable[[int], str], *, as_giver: bool) -> str:
        """One sentence for moderators; tag_name turns a tag id into its name."""
        if self.reason == MUTUAL:
            return ("Their one partner left would make a mutual pair, which the rules forbid; "
                    "every other compatible partner is needed elsewhere.")  # fmt: skip
        if self.reason == PARTNERS_TAKEN:
            whom = (
                "recipient they could write for" if as_giver else "giver who could write for them"
            )
            return f"Every {whom} is needed elsewhere ({len(self.candidates)} in all)."
        if as_giver:
            return "Nobody requested what they offer."
        named = [tag_name(t) for tags in self.missing.values() for t in sorted(tags)]
        if named:
            return "Nobody offers " + ", ".join(named) + "."
        return "No single giver offers enough of what they requested."


@dataclass(frozen=True)
class MatchResult:
    pairs: Mapping[int, int]  # giver id -> recipient id (locked pairs included)
    scores: Mapping[int, int]  # giver id -> score of their pair
    total_score: int
    complete: bool  # everyone gives one gift and receives one
    # Proven maximum coverage, then best score: always so when mutual pairs are allowed; when
    # they are not, if the search for a mutual-free assignment ended within its budget.
    optimal: bool
    unmatched_givers: tuple[Unmatched, ...]
    unmatched_recipients: tuple[Unmatched, ...]
    incompatible_locked: tuple[tuple[int, int], ...]  # locked pairs the rules would refuse
    edges: int  # compatible pairs found
    timings: Mapping[str, float]  # seconds: "graph", "matching", "total"


def compatibility(giver: Participant, recipient: Participant, rules: Rules) -> Compat:
    """Whether giver may write for recipient under rules, how well, and if not why not."""
    overlap = overlaps(giver, recipient, rules)
    why_not: list[str] = []
    if giver.id == recipient.id:
        why_not.append("Nobody can write their own gift.")
    if excluded(giver, recipient):
        why_not.append("These two are excluded from being paired.")
    for tag_type, needed in sorted(rules.required().items()):
        if not meets(giver, recipient, tag_type, needed):
            why_not.append(f"{tag_type}: {overlap[tag_type]} in common, {needed} needed.")
    return Compat(ok=not why_not, score=sum(overlap.values()), overlap=overlap,
                  why_not=tuple(why_not))  # fmt: skip


def _check_input(people: Sequence[Participant], locked: Mapping[int, int]) -> None:
    ids = {p.id for p in people}
    if len(ids) != len(people):
        raise ValueError("Two participants share one id.")
    if not set(locked) <= ids or not set(locked.values()) <= ids:
        raise ValueError("A locked pair names someone who is not a participant.")
    if len(set(locked.values())) != len(locked):
        raise ValueError("Two locked pairs give to one recipient.")
    if any(g == r for g, r in locked.items()):
        raise ValueError("A locked pair gives to themselves.")


def match(
    participants: Sequence[Participant],
    rules: Rules,
    *,
    locked: Mapping[int, int] | None = None,
    forbidden: Iterable[tuple[int, int]] = (),
) -> MatchResult:
    """A maximum assignment with the best total score; see the module docstring."""
    started = time.perf_counter()
    locked = dict(locked or {})
    _check_input(participants, locked)
    by_id = {p.id: p for p in participants}
    free_givers = [p for p in participants if p.id not in locked]
    taken = set(locked.values())
    free_recipients = [p for p in participants if p.id not in taken]
    graph = build_graph(free_givers, free_recipients, rules, forbidden=set(forbidden))
    built = time.perf_counter()
    chosen, optimal = best_assignment(graph), True
    if not rules.allow_mutual:
        chosen, optimal = remove_mutual(graph, chosen, locked)
    solved = time.perf_counter()
    pairs = dict(locked)
    scores = {g: compatibility(by_id[g], by_id[r], rules).score for g, r in locked.items()}
    for gi, ri in chosen.items():
        pairs[graph.givers[gi].id] = graph.recipients[ri].id
        scores[graph.givers[gi].id] = graph.score(gi, ri)
    return MatchResult(
        pairs=pairs, scores=scores, total_score=sum(scores.values()),
        complete=len(pairs) == len(participants), optimal=optimal,
        unmatched_givers=_unmatched_givers(graph, chosen, pairs, rules),
        unmatched_recipients=_unmatched_recipients(graph, chosen, pairs, participants, rules),
        incompatible_locked=tuple(
            (g, r) for g, r in sorted(locked.items())
            if not compatibility(by_id[g], by_id[r], rules).ok
        ),
        edges=graph.edge_count,
        timings={"graph": built - started, "matching": solved - built,
                 "total": time.perf_counter() - started},
    )  # fmt: skip


def _unmatched_givers(
    graph: Graph, chosen: Mapping[int, int], pairs: Mapping[int, int], rules: Rules
) -> tuple[Unmatched, ...]:
    gets_from = {r: g for g, r in pairs.items()}
    out = []
    for gi, giver in enumerate(graph.givers):
        if gi in chosen:
            continue
        partners = tuple(graph.recipients[ri].id for ri in graph.out_edges(gi))
        mutual = not rules.allow_mutual and gets_from.get(giver.id) in partners
        out.append(_left_out(giver.id, partners, mutual, {}))
    return tuple(out)


def _unmatched_recipients(
    graph: Graph,
    chosen: Mapping[int, int],
    pairs: Mapping[int, int],
    people: Sequence[Participant],
    rules: Rules,
) -> tuple[Unmatched, ...]:
    served = set(chosen.values())
    offerers: _Offerers | None = None  # built only if someone has no compatible giver
    out = []
    for ri, recipient in enumerate(graph.recipients):
        if ri in served:
            continue
        partners = tuple(graph.givers[gi].id for gi in graph.in_edges(ri))
        missing: Mapping[str, frozenset[int]] = {}
        if not partners:
            offerers = offerers or _Offerers(people, rules)
            missing = offerers.missing(recipient)
        mutual = not rules.allow_mutual and pairs.get(recipient.id) in partners
        out.append(_left_out(recipient.id, partners, mutual, missing))
    return tuple(out)


def _left_out(
    pid: int, partners: tuple[int, ...], mutual: bool, missing: Mapping[str, frozenset[int]]
) -> Unmatched:
    if not partners:
        return Unmatched(id=pid, reason=NO_COMPATIBLE_PARTNER, missing=missing)
    return Unmatched(id=pid, reason=MUTUAL if mutual else PARTNERS_TAKEN, candidates=partners)


class _Offerers:
    """Who offers each tag of the required types, to say which requested tags nobody offers."""

    def __init__(self, people: Sequence[Participant], rules: Rules) -> None:
        self.rules = rules
        self.by_tag: dict[tuple[str, int], list[int]] = defaultdict(list)
        self.any_offer: dict[str, list[Participant]] = defaultdict(list)
        self.excluded_by: dict[int, set[int]] = defaultdict(set)
        for person in people:
            for tag_type in rules.required():
                if tag_type in person.any_offer:
                    self.any_offer[tag_type].append(person)
                for tag in offered_tags(person, tag_type):
                    self.by_tag[tag_type, tag].append(person.id)
            for other in person.excluded:
                self.excluded_by[other].add(person.id)

    def missing(self, recipient: Participant) -> dict[str, frozenset[int]]:
        """Per required type, the requested tags that no eligible giver offers."""
        barred = {recipient.id} | recipient.excluded | self.excluded_by[recipient.id]
        missing = {}
        for tag_type in self.rules.required():
            if tag_type in recipient.any_request:
                continue
            unoffered = frozenset(
                tag
                for tag in recipient.requests.get(tag_type, EMPTY)
                if all(g in barred for g in self.by_tag.get((tag_type, tag), ()))
                and all(g.id in barred or tag in g.wont_write for g in self.any_offer[tag_type])
            )
            if unoffered:
                missing[tag_type] = unoffered
        return missing
