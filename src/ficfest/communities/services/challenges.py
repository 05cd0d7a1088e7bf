"""Writes for challenges and their periods, and scheduling a whole month in one go.

Validation lives here, next to the writes, and fails with ValidationErrors keyed by the field
they are about, so a form can show each message by its field and nothing is saved."""

import calendar
from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from ficfest.accounts.models import User
from ficfest.communities.models import Anonymity, Challenge, Community, Period
from ficfest.communities.permissions import require_moderator
from ficfest.communities.services.polls import poll_create
from ficfest.communities.services.prompts import prompt_batch_create
from ficfest.lib import dates

# "new" is the challenge form's own address.
RESERVED_CHALLENGE_SLUGS = frozenset({"new"})
# Period pages share their path level with these pages of a challenge (ours and the ficathon's).
RESERVED_PERIOD_SLUGS = frozenset(
    {"edit", "schedule", "periods", "signup", "signups", "assignments", "gifts", "new"}
)
CHALLENGE_FIELDS = frozenset(
    {
        "title", "slug", "kind", "description", "anonymity", "reveal_at", "creators_reveal_at",
        "claims_enabled",
        "claim_limit", "claim_days", "reminder_days", "anonymous_prompts", "signups_open_at",
        "signups_close_at", "assignments_due_at",
    }
)  # fmt: skip
YEARS = range(2000, 2101)
DEFAULT_RELEASE_DAYS = (1, 8, 15, 22)


@transaction.atomic
def challenge_create(*, community: Community, by: User, **fields: Any) -> Challenge:
    require_moderator(by, community)
    return _challenge_save(Challenge(community=community), fields)


@transaction.atomic
def challenge_update(*, challenge: Challenge, by: User, **fields: Any) -> Challenge:
    require_moderator(by, challenge.community)
    return _challenge_save(challenge, fields)


def _challenge_save(challenge: Challenge, fields: dict[str, Any]) -> Challenge:
    unknown = set(fields) - CHALLENGE_FIELDS
    if unknown:
        raise TypeError(f"Not challenge settings: {', '.join(sorted(unknown))}")
    for name, value in fields.items():
        setattr(challenge, name, value)
    _check_challenge(challenge)
    challenge.full_clean()
    challenge.save()
    return challenge


def _check_challenge(challenge: Challenge) -> None:
    errors: dict[str, str] = {}
    others = Challenge.objects.filter(community=challenge.community_id).exclude(pk=challenge.pk)
    if challenge.slug in RESERVED_CHALLENGE_SLUGS:
        errors["slug"] = f"“{challenge.slug}” is reserved; please choose another."
    elif others.filter(slug=challenge.slug).exists():
        errors["slug"] = "Another challenge of this community already uses this address."
    if challenge.anonymity != Anonymity.NONE and challenge.reveal_at is None:
        errors["reveal_at"] = "Anonymous and unrevealed challenges need a reveal time."
    _check_creators_reveal(challenge, errors)
    opens, closes = challenge.signups_open_at, challenge.signups_close_at
    if opens and closes and closes <= opens:
        errors["signups_close_at"] = "Sign-ups must close after they open."
    due = challenge.assignments_due_at
    if due and closes and due <= closes:
        errors["assignments_due_at"] = "Works must be due after sign-ups close."
    if challenge.claims_enabled and challenge.reminder_days >= challenge.claim_days:
        errors["reminder_days"] = "The reminder must come before the deadline: use fewer days "
        errors["reminder_days"] += f"than a claim lasts ({challenge.claim_days})."
    if errors:
        raise ValidationError(errors)


def _check_creators_reveal(challenge: Challenge, errors: dict[str, str]) -> None:
    later = challenge.creators_reveal_at
    if later is None:
        return
    if challenge.anonymity != Anonymity.UNREVEALED:
        errors["creators_reveal_at"] = (
            "Only unrevealed challenges reveal their creators "
            "separately: choose “Unrevealed” or leave this empty."
        )
    elif challenge.reveal_at is not None and later <= challenge.reveal_at:
        errors["creators_reveal_at"] = "Creators must be revealed after the works' reveal."


@transaction.atomic
def period_create(
    *, challenge: Challenge, by: User, title: str, slug: str, opens_at: datetime,
    closes_at: datetime, theme: str = "", prompts_close_at: datetime | None = None,
) -> Period:  # fmt: skip
    require_moderator(by, challenge.community)
    period = Period(challenge=challenge)
    return _period_save(period, title=title, slug=slug, opens_at=opens_at, closes_at=closes_at,
                        theme=theme, prompts_close_at=prompts_close_at)  # fmt: skip


@transaction.atomic
def period_update(
    *, period: Period, by: User, title: str, slug: str, opens_at: datetime,
    closes_at: datetime, theme: str = "", prompts_close_at: datetime | None = None,
) -> Period:  # fmt: skip
    require_moderator(by, period.challenge.community)
    return _period_save(period, title=title, slug=slug, opens_at=opens_at, closes_at=closes_at,
                        theme=theme, prompts_close_at=prompts_close_at)  # fmt: skip


def _period_save(period: Period, **fields: Any) -> Period:
    for name, value in fields.items():
        setattr(period, name, value)
    _check_period(period)
    period.full_clean()
    period.save()
    return period


def _check_period(period: Period) -> None:
    # Lock the challenge so two moderators saving at once cannot both pass the overlap check.
    Challenge.objects.select_for_update().filter(pk=period.challenge_id).first()
    errors: dict[str, str] = {}
    others = Period.objects.filter(challenge=period.challenge_id).exclude(pk=period.pk)
    if period.slug in RESERVED_PERIOD_SLUGS:
        errors["slug"] = f"“{period.slug}” is reserved; please choose another."
    elif others.filter(slug=period.slug).exists():
        errors["slug"] = "Another period of this challenge already uses this address."
    if period.closes_at <= period.opens_at:
        errors["closes_at"] = "A period must close after it opens."
    else:
        overlap = others.filter(opens_at__lt=period.closes_at, closes_at__gt=period.opens_at)
        clash = overlap.order_by("opens_at").first()
        if clash:
            span = _span(clash, period.challenge.community.time_zone)
            errors["opens_at"] = f"These dates overlap “{clash.title}” ({span}); the "
            errors["opens_at"] += "periods of a challenge cannot overlap."
    close = period.prompts_close_at
    if close and not period.opens_at < close <= period.closes_at:
        errors["prompts_close_at"] = "Prompts must close after the period opens and no later "
        errors["prompts_close_at"] += "than it closes."
    if errors:
        raise ValidationError(errors)


def _span(period: Period, time_zone: str) -> str:
    """Said in the community's zone: the dates moderators typed were in it."""
    opens = dates.describe(period.opens_at, time_zone, weekday=False)
    return f"{opens} to {dates.describe(period.closes_at, time_zone, weekday=False)}"


def month_bounds(year: int, month: int, time_zone: str) -> tuple[datetime, datetime]:
    """The first instants of a month and of the month after it in the community's zone."""
    if month not in range(1, 13):
        raise ValidationError({"month": "Choose a month from 1 (January) to 12 (December)."})
    if year not in YEARS:
        raise ValidationError({"year": f"Choose a year from {YEARS[0]} to {YEARS[-1]}."})
    return dates.month_bounds(year, month, time_zone)


@transaction.atomic
def period_schedule_month(
    *, challenge: Challenge, year: int, month: int, release_days: list[int],
    batches: list[list[str]], poll_options: list[str], poll_opens_at: datetime | None,
    poll_closes_at: datetime | None, by: User,
) -> Period:  # fmt: skip
    """A month of a challenge in one go: its period (the 1st at 00:00 to the 1st of the next
    month, in the community's zone), its prompt batches released at 00:00 there on the given
    days, and a poll for its theme when options are given. Afterwards it runs by itself:
    prompts show once released and the poll's winner is the theme once it closes, both
    derived when read. All are stored as instants, so a later change of zone moves none."""
    require_moderator(by, challenge.community)
    time_zone = challenge.community.time_zone
    opens, closes = month_bounds(year, month, time_zone)
    if closes <= timezone.now():
        raise ValidationError({"month": f"{calendar.month_name[month]} {year} is already over."})
    _check_release_days(year, month, release_days, batches)
    period = Period(challenge=challenge, title=f"{calendar.month_name[month]} {year}",
                    slug=f"{year:04d}-{month:02d}", opens_at=opens, closes_at=closes)  # fmt: skip
    try:
        _check_period(period)
    except ValidationError as error:  # the only dates here are the month's
        raise ValidationError({"month": error.messages}) from error
    period.save()
    for day, texts in zip(release_days, batches, strict=True):
        release = dates.local_midnight(date(year, month, day), time_zone)
        prompt_batch_create(period=period, texts=texts, release_at=release, tags=[], by=by)
    if poll_options:
        poll_create(period=period, options=poll_options, opens_at=poll_opens_at or timezone.now(),
                    closes_at=poll_closes_at, by=by)  # fmt: skip
    return period


def _check_release_days(
    year: int, month: int, release_days: list[int], batches: list[list[str]]
) -> None:
    last = calendar.monthrange(year, month)[1]
    if len(release_days) != len(batches):
        raise ValidationError({"batches": "Each batch needs one release day."})
    if len(set(release_days)) != len(release_days):
        raise ValidationError({"batches": "Give each batch its own release day."})
    for day, texts in zip(release_days, batches, strict=True):
        if day not in range(1, last + 1):
            raise ValidationError({"batches": f"{calendar.month_name[month]} has no day {day}."})
        if not any(text.strip() for text in texts):
            raise ValidationError({"batches": f"The batch for day {day} has no prompts."})
