"""The moderators' rules of an exchange: the tag set and counts per type, the overlap a match
needs per type (Yuletide's by default: one fandom and one character), how many requests a
sign-up makes, mutual pairs, and exclusions."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction

from ficfest.communities.models import Challenge, ChallengeKind
from ficfest.exchanges.models import ExchangeRules, ExchangeTagType, MatchExclusion, SignUp
from ficfest.exchanges.models_tagged import COUNT_MAX, SIGNUP_TYPES
from ficfest.exchanges.signup_tags import kind_name
from ficfest.tags.models import Tag, TagType


@dataclass(frozen=True)
class TypeRule:
    type: str
    tags: tuple[Tag, ...] = ()
    request_min: int = 0
    request_max: int = 10
    offer_min: int = 0
    offer_max: int = 10
    overlap: int = 0
    with_fandoms: bool = False


# What a new exchange starts from: Yuletide's convention of a shared fandom and character.
DEFAULT_TYPES = {
    TagType.FANDOM: TypeRule(
        TagType.FANDOM, request_min=1, request_max=1, offer_min=1, offer_max=10, overlap=1
    ),
    TagType.CHARACTER: TypeRule(
        TagType.CHARACTER, request_min=1, request_max=4, offer_max=20, overlap=1
    ),
    TagType.RELATIONSHIP: TypeRule(TagType.RELATIONSHIP, request_max=2),
    TagType.FREEFORM: TypeRule(TagType.FREEFORM, request_max=5),
}


def type_rules_of(challenge: Challenge) -> list[TypeRule]:
    """The exchange's rules per type as saved, or the defaults for a type never saved."""
    saved = {row.type: row for row in ExchangeTagType.objects.filter(challenge=challenge)}
    rules = []
    for tag_type in SIGNUP_TYPES:
        row = saved.get(tag_type)
        if row is None:
            rules.append(DEFAULT_TYPES[tag_type])
            continue
        rules.append(
            TypeRule(
                row.type,
                tuple(row.tags.order_by("name")),
                row.request_min,
                row.request_max,
                row.offer_min,
                row.offer_max,
                row.overlap,
                row.with_fandoms,
            )
        )
    return rules


def _problems(rule: TypeRule) -> list[str]:
    kinds = kind_name(rule.type, True)
    problems = []
    for side, low, high in [
        ("request", rule.request_min, rule.request_max),
        ("offer", rule.offer_min, rule.offer_max),
    ]:
        if low > high:
            problems.append(
                f"A{'n' if side == 'offer' else ''} {side} can't need at least "
                f"{low} {kinds} but allow at most {high}."
            )
        if high > COUNT_MAX:
            problems.append(f"At most {COUNT_MAX} {kinds} per {side}.")
    if rule.overlap > rule.request_max:
        problems.append(
            f"A match can't share {rule.overlap} {kinds} when a request names at "
            f"most {rule.request_max}."
        )
    return problems


@transaction.atomic
def exchange_rules_set(
    *,
    challenge: Challenge,
    types: list[TypeRule],
    requests_min: int = 1,
    requests_max: int = 1,
    allow_mutual: bool = True,
) -> ExchangeRules:
    """Save the exchange's rules; each problem is reported by its type's name (a key of the
    ValidationError) or above the form, and nothing is saved."""
    if challenge.kind != ChallengeKind.FICATHON:
        raise ValidationError("Only ficathons have sign-up rules.")
    errors: dict[str, list[str]] = {}
    if not 1 <= requests_min <= requests_max:
        errors["requests_max"] = ["Ask for at least one request, and no fewer than the least."]
    for rule in types:
        if found := _problems(rule):
            errors[rule.type] = found
    if errors:
        raise ValidationError(errors)
    rules, _ = ExchangeRules.objects.update_or_create(
        challenge=challenge,
        defaults={
            "requests_min": requests_min,
            "requests_max": requests_max,
            "allow_mutual": allow_mutual,
        },
    )
    for rule in types:
        row, _ = ExchangeTagType.objects.update_or_create(
            challenge=challenge, type=rule.type, defaults=_counts(rule)
        )
        row.tags.set(rule.tags)
    return rules


def _counts(rule: TypeRule) -> dict[str, int | bool]:
    return {
        "with_fandoms": rule.with_fandoms and rule.type != TagType.FANDOM,
        "request_min": rule.request_min,
        "request_max": rule.request_max,
        "offer_min": rule.offer_min,
        "offer_max": rule.offer_max,
        "overlap": rule.overlap,
    }


@transaction.atomic
def exclusion_add(*, first: SignUp, second: SignUp) -> MatchExclusion:
    if first.challenge_id != second.challenge_id:
        raise ValidationError("Both sign-ups must belong to this exchange.")
    if first.pk == second.pk:
        raise ValidationError("Choose two different participants.")
    first, second = sorted([first, second], key=lambda s: s.pk)
    exclusion, _ = MatchExclusion.objects.get_or_create(
        challenge_id=first.challenge_id, first=first, second=second
    )
    return exclusion


@transaction.atomic
def exclusion_remove(*, exclusion: MatchExclusion) -> None:
    exclusion.delete()
