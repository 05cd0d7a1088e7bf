"""What the matcher is given (participants, rules) and what makes one pair compatible.

The semantics are written out in `ficfest.exchanges.matching`'s docstring and in
docs/exchanges.md ("Matching").
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

EMPTY: frozenset[int] = frozenset()


@dataclass(frozen=True)
class Participant:
    id: int  # the SignUp id
    requests: Mapping[str, frozenset[int]]  # tag type -> requested tag ids
    offers: Mapping[str, frozenset[int]]  # tag type -> offered tag ids
    any_request: frozenset[str] = frozenset()  # types where any tag is welcome
    any_offer: frozenset[str] = frozenset()  # types where the giver writes anything...
    wont_write: frozenset[int] = frozenset()  # ...except these tags
    excluded: frozenset[int] = frozenset()  # participant ids never to be paired with (either way)


@dataclass(frozen=True)
class Rules:
    overlap: Mapping[str, int]  # minimum overlapping tags per type; 0 or absent: no minimum
    allow_mutual: bool = True  # False: never A->B and B->A both

    def required(self) -> dict[str, int]:
        return {t: n for t, n in self.overlap.items() if n > 0}


def offered_tags(giver: Participant, tag_type: str) -> frozenset[int]:
    """The tags a giver named for a type, less those they won't write."""
    return giver.offers.get(tag_type, EMPTY) - giver.wont_write


def offers_something(giver: Participant, tag_type: str) -> bool:
    return tag_type in giver.any_offer or bool(offered_tags(giver, tag_type))


def type_overlap(giver: Participant, recipient: Participant, tag_type: str) -> int:
    """How many of the recipient's requested tags of a type the giver offers; an "any"
    request met by a giver who offers something of the type counts one."""
    requested = recipient.requests.get(tag_type, EMPTY)
    if tag_type in giver.any_offer:
        count = len(requested - giver.wont_write)
    else:
        count = len(requested & offered_tags(giver, tag_type))
    if count == 0 and tag_type in recipient.any_request and offers_something(giver, tag_type):
        return 1
    return count


def meets(giver: Participant, recipient: Participant, tag_type: str, needed: int) -> bool:
    """Whether the pair meets a minimum overlap on a type; "any" meets every minimum."""
    if tag_type in recipient.any_request and offers_something(giver, tag_type):
        return True
    return type_overlap(giver, recipient, tag_type) >= needed


def scored_types(recipient: Participant, rules: Rules) -> list[str]:
    return sorted(set(recipient.requests) | set(recipient.any_request) | set(rules.overlap))


def excluded(giver: Participant, recipient: Participant) -> bool:
    return recipient.id in giver.excluded or giver.id in recipient.excluded


def pair_score(giver: Participant, recipient: Participant, rules: Rules) -> int | None:
    """The pair's score, or None when it is not compatible (forbidden pairs aside)."""
    if giver.id == recipient.id or excluded(giver, recipient):
        return None
    for tag_type, needed in rules.required().items():
        if not meets(giver, recipient, tag_type, needed):
            return None
    return sum(type_overlap(giver, recipient, t) for t in scored_types(recipient, rules))


def overlaps(giver: Participant, recipient: Participant, rules: Rules) -> Mapping[str, int]:
    return {t: type_overlap(giver, recipient, t) for t in scored_types(recipient, rules)}
