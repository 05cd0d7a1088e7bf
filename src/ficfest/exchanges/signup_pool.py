"""An exchange's tagged sign-ups read in bulk (a few queries, whatever their number), as the
matcher's Participants and as the assignments page shows them."""

from collections import defaultdict
from dataclasses import dataclass, field

from ficfest.communities.models import Challenge
from ficfest.exchanges.matching import Participant
from ficfest.exchanges.models import (
    MatchExclusion,
    SignUp,
    SignUpOffer,
    SignUpRequest,
)
from ficfest.exchanges.signup_tags import Choice, describe
from ficfest.tags.models import Tag


@dataclass
class Pool:
    """Each sign-up's requests and offer, and the pairs the moderators excluded."""

    signups: dict[int, SignUp]
    requests: dict[int, list[Choice]] = field(default_factory=dict)
    offers: dict[int, Choice] = field(default_factory=dict)
    excluded: dict[int, set[int]] = field(default_factory=lambda: defaultdict(set))

    def participant(self, pk: int) -> Participant:
        asked, offer = self.requests.get(pk, []), self.offers.get(pk, Choice())
        requests: dict[str, set[int]] = defaultdict(set)
        for choice in asked:
            for tag_type, tags in choice.tags.items():
                requests[tag_type].update(t.pk for t in tags)
        return Participant(
            id=pk,
            requests={t: frozenset(ids) for t, ids in requests.items()},
            offers={t: frozenset(x.pk for x in tags) for t, tags in offer.tags.items()},
            any_request=frozenset(t for c in asked for t in c.any_types),
            any_offer=frozenset(offer.any_types),
            wont_write=frozenset(t.pk for t in offer.wont_write),
            excluded=frozenset(self.excluded.get(pk, ())),
        )

    def tag_names(self) -> dict[int, str]:
        choices = [c for asked in self.requests.values() for c in asked]
        return {t.pk: t.name for c in choices for tags in c.tags.values() for t in tags}

    def participants(self) -> list[Participant]:
        """Everyone who made a tagged request: a pinch hitter added by name asked nothing."""
        return [self.participant(pk) for pk in self.signups if pk in self.requests]


def _tags_by_row(through: type, column: str, ids: list[int]) -> dict[int, list[Tag]]:
    found: dict[int, list[Tag]] = defaultdict(list)
    rows = through.objects.filter(**{f"{column}__in": ids}).select_related("tag")  # type: ignore[attr-defined]
    for row in rows:
        found[getattr(row, f"{column}_id")].append(row.tag)
    return found


def _grouped(tags: list[Tag]) -> dict[str, list[Tag]]:
    grouped: dict[str, list[Tag]] = defaultdict(list)
    for tag in sorted(tags, key=lambda t: t.name.lower()):
        grouped[tag.type].append(tag)
    return dict(grouped)


def pool_of(challenge: Challenge) -> Pool:
    signups = SignUp.objects.filter(challenge=challenge).select_related("pseud__user")
    pool = Pool(signups={s.pk: s for s in signups})
    requests = list(SignUpRequest.objects.filter(signup__challenge=challenge))
    tags = _tags_by_row(SignUpRequest.tags.through, "signuprequest", [r.pk for r in requests])
    for row in requests:
        pool.requests.setdefault(row.signup_id, []).append(
            Choice(
                tags=_grouped(tags.get(row.pk, [])),
                any_types=list(row.any_types),
                letter=row.letter,
            )
        )
    offers = list(SignUpOffer.objects.filter(signup__challenge=challenge))
    ids = [o.pk for o in offers]
    offered = _tags_by_row(SignUpOffer.tags.through, "signupoffer", ids)
    refused = _tags_by_row(SignUpOffer.wont_write_tags.through, "signupoffer", ids)
    for offer in offers:
        pool.offers[offer.signup_id] = Choice(
            tags=_grouped(offered.get(offer.pk, [])),
            any_types=list(offer.any_types),
            wont_write=sorted(refused.get(offer.pk, []), key=lambda t: t.name.lower()),
        )
    for first, second in MatchExclusion.objects.filter(challenge=challenge).values_list(
        "first_id", "second_id"
    ):
        pool.excluded[first].add(second)
        pool.excluded[second].add(first)
    return pool


TAG_COLUMNS = ["Tagged requests", "Letters", "Tagged offer"]


def tag_cells(challenge: Challenge) -> dict[int, list[str]]:
    """Each sign-up's tags for the CSV (TAG_COLUMNS): requests numbered, their letters, the
    offer with what its writer won't write."""
    pool = pool_of(challenge)
    cells = {}
    for pk in pool.signups:
        asked = pool.requests.get(pk, [])
        offer = pool.offers.get(pk)
        cells[pk] = [
            " | ".join(f"{n}. {describe(c)}" for n, c in enumerate(asked, start=1)),
            " | ".join(f"{n}. {c.letter}" for n, c in enumerate(asked, start=1) if c.letter),
            describe(offer) if offer else "",
        ]
    return cells
