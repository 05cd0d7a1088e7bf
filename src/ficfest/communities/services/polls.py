"""Writes for theme polls. Moderators set the options before the poll opens; active members
vote while it is open and may change their vote until it closes. The winner (Poll.winner(): on
a tie, the option proposed first) becomes the period's theme by itself once the poll closes."""

from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from ficfest.accounts.models import User
from ficfest.communities.models import Period, Poll, PollOption, Vote
from ficfest.communities.permissions import is_member, require_moderator

OPTION_MAX = 200
OPTIONS_MAX = 50  # a ballot people can read
TIE_RULE = "If options tie, the one proposed first wins."


def poll_options_parse(raw: str) -> list[str]:
    """A textarea of options, one per line -> distinct options in the order given."""
    options: list[str] = []
    for line in raw.splitlines():
        text = " ".join(line.split())
        if text and text.lower() not in {option.lower() for option in options}:
            options.append(text)
    return options


def _check_option(text: str, field: str) -> None:
    if not text.strip():
        raise ValidationError({field: "Write the option."})
    if len(text) > OPTION_MAX:
        raise ValidationError({field: f"Options can be at most {OPTION_MAX} characters."})


@transaction.atomic
def poll_create(
    *, period: Period, options: list[str], opens_at: datetime, closes_at: datetime | None,
    by: User, question: str = "Which theme should we have?",
) -> Poll:  # fmt: skip
    require_moderator(by, period.challenge.community)
    errors: dict[str, str] = {}
    if Poll.objects.filter(period=period).exists():
        errors["poll_options"] = f"{period.title} already has a poll."
    elif len(options) < 2:
        errors["poll_options"] = "A poll needs at least two options, one per line."
    elif len(options) > OPTIONS_MAX:
        errors["poll_options"] = f"A poll can have at most {OPTIONS_MAX} options."
    if closes_at is None:
        errors["poll_closes_at"] = "Say when the poll closes."
    elif closes_at <= opens_at:
        errors["poll_closes_at"] = "The poll must close after it opens."
    elif closes_at <= timezone.now():
        errors["poll_closes_at"] = "The poll must close in the future."
    elif closes_at > period.closes_at:
        errors["poll_closes_at"] = "The poll must close by the end of the period it chooses "
        errors["poll_closes_at"] += "the theme for."
    if errors:
        raise ValidationError(errors)
    for text in options:
        _check_option(text, "poll_options")
    assert closes_at is not None
    poll = Poll.objects.create(period=period, question=question, opens_at=opens_at,
                               closes_at=closes_at)  # fmt: skip
    PollOption.objects.bulk_create([PollOption(poll=poll, text=text) for text in options])
    return poll


def _require_unopened(poll: Poll) -> None:
    if poll.opens_at <= timezone.now():
        raise ValidationError("The poll has opened: its options can no longer change.")


@transaction.atomic
def poll_option_add(*, poll: Poll, text: str, by: User) -> PollOption:
    require_moderator(by, poll.period.challenge.community)
    _require_unopened(poll)
    text = " ".join(text.split())
    _check_option(text, "text")
    if poll.options.filter(text__iexact=text).exists():
        raise ValidationError({"text": "The poll already has this option."})
    if poll.options.count() >= OPTIONS_MAX:
        raise ValidationError({"text": f"A poll can have at most {OPTIONS_MAX} options."})
    return PollOption.objects.create(poll=poll, text=text)


@transaction.atomic
def poll_option_remove(*, option: PollOption, by: User) -> None:
    require_moderator(by, option.poll.period.challenge.community)
    _require_unopened(option.poll)
    option.delete()


@transaction.atomic
def poll_vote(*, poll: Poll, option: PollOption, user: User) -> Vote:
    """Vote, or change one's vote; one vote per member, counted as it stands at close."""
    community = poll.period.challenge.community
    if not is_member(user, community):
        raise PermissionDenied(f"Only members of {community.name} can vote in its polls.")
    if not poll.is_open:
        when = "has closed" if poll.is_closed else "has not opened yet"
        raise ValidationError(f"The poll {when}.")
    if option.poll_id != poll.pk:
        raise ValidationError("Choose one of this poll's options.")
    vote, _ = Vote.objects.update_or_create(poll=poll, user=user, defaults={"option": option})
    return vote
