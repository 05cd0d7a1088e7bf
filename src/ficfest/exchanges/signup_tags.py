"""Tagged sign-ups: each request and the offer name tags per type from the exchange's tag set.

A name typed in a sign-up means the canonical tag it is (a synonym means its canonical); it
must be in the exchange's tag set for its type, or, where the moderators left that set empty,
any canonical tag of the type. Counts per type are checked against the exchange's minimum and
maximum unless the participant chose "any" for that type.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from ficfest.accounts.models import User
from ficfest.communities.models import Challenge
from ficfest.exchanges import services
from ficfest.exchanges.models import (
    ExchangeRules,
    ExchangeTagType,
    SignUp,
    SignUpOffer,
    SignUpRequest,
)
from ficfest.exchanges.models_tagged import SIGNUP_TYPES
from ficfest.tags.models import Tag, TagType
from ficfest.tags.selectors import GROUP_NAMES, tag_named
from ficfest.tags.services import tag_names_parse


@dataclass
class Choice:
    """One request or the offer as typed and checked: canonical tags per type, the types
    where anything is welcome, and (requests) the letter or (offers) the tags refused."""

    tags: dict[str, list[Tag]] = field(default_factory=dict)
    any_types: list[str] = field(default_factory=list)
    letter: str = ""
    wont_write: list[Tag] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (any(self.tags.values()) or self.any_types or self.letter.strip())


def is_tagged(challenge: Challenge) -> bool:
    """An exchange asks for tags once its moderators have set up its tag types."""
    return ExchangeTagType.objects.filter(challenge=challenge).exists()


def tag_types_of(challenge: Challenge) -> list[ExchangeTagType]:
    rows = {row.type: row for row in ExchangeTagType.objects.filter(challenge=challenge)}
    return [rows[t] for t in SIGNUP_TYPES if t in rows]


def rules_of(challenge: Challenge) -> ExchangeRules:
    """The exchange's rules, or the defaults (one request, mutual pairs allowed) unsaved."""
    found = ExchangeRules.objects.filter(challenge=challenge).first()
    return found or ExchangeRules(challenge=challenge)


def kind_name(tag_type: str, many: bool = False) -> str:
    return GROUP_NAMES[tag_type][int(many)].lower()  # type: ignore[index]


def tags_named(raw: str, tag_type: str, allowed: set[int] | None) -> list[Tag]:
    """Names typed (comma-separated) -> the canonical tags they mean, in order, or one
    ValidationError naming every name that is unknown or outside the tag set."""
    kind = kind_name(tag_type)
    found: list[Tag] = []
    problems: list[str] = []
    for name in tag_names_parse(raw):
        tags = tag_named(name, [tag_type])
        tag = tags[0].filter_tag if tags else None
        if tag is None or not tag.canonical:
            problems.append(
                f"There is no {kind} tag called “{name}” to choose: pick one the suggestions offer."
            )
        elif allowed is not None and tag.pk not in allowed:
            problems.append(f"“{tag.name}” is not in this exchange's {kind} tags.")
        elif tag not in found:
            found.append(tag)
    if problems:
        raise ValidationError(problems)
    return found


def allowed_ids(row: ExchangeTagType) -> set[int] | None:
    """The tag set of one type; None (any canonical tag) when the moderators left it empty.
    With ``with_fandoms``, the canonical tags of the type wrangled under the exchange's
    fandoms belong to it too."""
    ids = set(row.tags.values_list("pk", flat=True))
    if row.with_fandoms and row.type != TagType.FANDOM:
        fandoms = ExchangeTagType.objects.filter(challenge_id=row.challenge_id, type=TagType.FANDOM)
        under = Tag.objects.filter(type=row.type, canonical=True,
                                   parents__in=fandoms.values("tags"))  # fmt: skip
        ids |= set(under.values_list("pk", flat=True))
    return ids or None


def count_problems(choice: Choice, rows: Iterable[ExchangeTagType], side: str) -> list[str]:
    """What breaks the exchange's minimum and maximum per type, said plainly."""
    problems = []
    for row in rows:
        if row.type in choice.any_types:
            continue
        low, high = (
            (row.request_min, row.request_max)
            if side == "request"
            else (row.offer_min, row.offer_max)
        )
        count = len(choice.tags.get(row.type, []))
        if count < low:
            problems.append(
                f"Choose at least {low} {kind_name(row.type, low > 1)} (or tick “any”)."
            )
        elif count > high:
            problems.append(
                f"Choose at most {high} {kind_name(row.type, high != 1)}; you chose {count}."
            )
    return problems


def _check_counts(challenge: Challenge, requests: list[Choice], offer: Choice) -> None:
    rows = tag_types_of(challenge)
    rules = rules_of(challenge)
    problems: list[str] = []
    if not rules.requests_min <= len(requests) <= rules.requests_max:
        low, high = rules.requests_min, rules.requests_max
        span = f"{low}" if low == high else f"{low} to {high}"
        problems.append(f"Make {span} request{'s' if high > 1 else ''}; you made {len(requests)}.")
    for number, request in enumerate(requests, start=1):
        problems += [f"Request {number}: {p}" for p in count_problems(request, rows, "request")]
    problems += [f"Offer: {p}" for p in count_problems(offer, rows, "offer")]
    if problems:
        raise ValidationError(problems)


@transaction.atomic
def signup_tags_set(*, signup: SignUp, requests: list[Choice], offer: Choice) -> None:
    """Replace a sign-up's tagged requests and offer (the caller checked the window)."""
    _check_counts(signup.challenge, requests, offer)
    signup.tagged_requests.all().delete()
    for position, choice in enumerate(requests, start=1):
        row = SignUpRequest.objects.create(
            signup=signup, position=position, any_types=choice.any_types, letter=choice.letter
        )
        row.tags.set([t for tags in choice.tags.values() for t in tags])
    mine, _ = SignUpOffer.objects.update_or_create(
        signup=signup, defaults={"any_types": offer.any_types}
    )
    mine.tags.set([t for tags in offer.tags.values() for t in tags])
    mine.wont_write_tags.set(offer.wont_write)


def _by_type(tags: Iterable[Tag]) -> dict[str, list[Tag]]:
    grouped: dict[str, list[Tag]] = {}
    for tag in sorted(tags, key=lambda t: t.name.lower()):
        grouped.setdefault(tag.type, []).append(tag)
    return grouped


def choices_of(signup: SignUp) -> tuple[list[Choice], Choice | None]:
    """A sign-up's requests and offer as Choices (for its form, pages and the CSV)."""
    requests = [
        Choice(tags=_by_type(row.tags.all()), any_types=list(row.any_types), letter=row.letter)
        for row in signup.tagged_requests.prefetch_related("tags")
    ]
    found = SignUpOffer.objects.filter(signup=signup).prefetch_related("tags").first()
    if found is None:
        return requests, None
    offer = Choice(
        tags=_by_type(found.tags.all()),
        any_types=list(found.any_types),
        wont_write=sorted(found.wont_write_tags.all(), key=lambda t: t.name.lower()),
    )
    return requests, offer


def describe(choice: Choice) -> str:
    """One line for a CSV cell or a plain list: 'Fandom: A, B; Character: any'."""
    parts = []
    for tag_type in SIGNUP_TYPES:
        names = [t.name for t in choice.tags.get(tag_type, [])]
        if tag_type in choice.any_types:
            names.append("any")
        if names:
            parts.append(f"{GROUP_NAMES[tag_type][0]}: {', '.join(names)}")
    if choice.wont_write:
        parts.append(f"Won't write: {', '.join(t.name for t in choice.wont_write)}")
    return "; ".join(parts)


@transaction.atomic
def signup_save(
    *,
    fields: dict[str, Any],
    tags: dict[str, Any] | None,
    signup: SignUp | None = None,
    challenge: Challenge | None = None,
    user: User | None = None,
) -> SignUp:
    """Create (challenge and user given) or update a sign-up with its tagged requests and
    offer, all or nothing: a tag count out of bounds leaves the old sign-up as it was."""
    if signup is None:
        assert challenge is not None and user is not None
        signup = services.signup_create(challenge=challenge, user=user, **fields)
    else:
        signup = services.signup_update(signup=signup, **fields)
    if tags is not None:
        signup_tags_set(signup=signup, requests=tags["requests"], offer=tags["offer"])
    return signup
