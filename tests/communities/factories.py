"""Communities as the tests need them: the seed's short-work challenge in a few lines."""

from datetime import datetime, timedelta
from typing import Any

from django.utils import timezone

from ficfest.accounts.models import User
from ficfest.communities.models import (
    Challenge,
    ChallengeKind,
    Community,
    Fill,
    FormLimit,
    Membership,
    MembershipStatus,
    Period,
    Prompt,
    Role,
)
from ficfest.works.models import Form, Work
from tests.factories import make_user


def make_community(owner: User, *, slug: str = "fag-ends", **fields: Any) -> Community:
    fields.setdefault("name", "Fag Ends")
    community = Community.objects.create(slug=slug, **fields)
    Membership.objects.create(community=community, user=owner, role=Role.OWNER)
    return community


def add_member(community: Community, user: User, role: str = Role.MEMBER,
               status: str = MembershipStatus.ACTIVE) -> Membership:  # fmt: skip
    return Membership.objects.create(community=community, user=user, role=role, status=status)


def make_member(community: Community, username: str, **membership: Any) -> User:
    """A new user of that name, a member of the community."""
    user = make_user(username)
    add_member(community, user, **membership)
    return user


def set_limits(community: Community, **limits: int | None) -> None:
    """set_limits(c, fic=1000, art=8) -> the forms it accepts and their limits."""
    for form, limit in limits.items():
        FormLimit.objects.create(community=community, form=Form(form), limit=limit)


def make_challenge(community: Community, *, slug: str = "monthly", **fields: Any) -> Challenge:
    fields.setdefault("title", "Monthly prompts")
    fields.setdefault("kind", ChallengeKind.PROMPTS)
    return Challenge.objects.create(community=community, slug=slug, **fields)


def make_period(challenge: Challenge, *, opens_at: datetime | None = None,
                days: int = 30, slug: str = "this-month", **fields: Any) -> Period:  # fmt: skip
    opens = opens_at or timezone.now() - timedelta(days=1)
    fields.setdefault("title", "This month")
    return Period.objects.create(challenge=challenge, slug=slug, opens_at=opens,
                                 closes_at=opens + timedelta(days=days), **fields)  # fmt: skip


def make_prompt(period: Period, text: str = "From the world below, to the world above.", *,
                release_at: datetime | None = None, **fields: Any) -> Prompt:  # fmt: skip
    release = release_at or timezone.now() - timedelta(hours=1)
    return Prompt.objects.create(period=period, text=text, release_at=release, **fields)


def make_fill(work: Work, challenge: Challenge, *, period: Period | None = None,
              prompts: list[Prompt] | None = None, **fields: Any) -> Fill:  # fmt: skip
    """A fill row straight in the database, for tests that are not about posting fills."""
    fill = Fill.objects.create(work=work, challenge=challenge, period=period, **fields)
    fill.prompts.set(prompts or [])
    return fill
