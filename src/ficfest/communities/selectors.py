"""Reads shared by community pages. Works always come through Work.objects.visible_to, so
drafts, unrevealed works and hidden creators stay hidden on every community surface too."""

from collections.abc import Iterable
from datetime import datetime

from django.db.models import Count, QuerySet
from django.shortcuts import get_object_or_404

from ficfest.accounts.auth import AnyUser
from ficfest.communities.models import (
    Challenge,
    Claim,
    ClaimStatus,
    Community,
    Fill,
    FillStatus,
    Period,
    Prompt,
    PromptQuerySet,
)
from ficfest.communities.permissions import is_moderator
from ficfest.works.models import Work, WorkQuerySet


def get_challenge(slug: str, challenge: str) -> Challenge:
    """The challenge at /c/<slug>/challenges/<challenge>/, or 404."""
    found = Challenge.objects.select_related("community")
    return get_object_or_404(found, community__slug=slug, slug=challenge)


def get_period(slug: str, challenge: str, period: str) -> Period:
    """The period at /c/<slug>/challenges/<challenge>/<period>/, or 404."""
    found = Period.objects.select_related("challenge__community")
    return get_object_or_404(found, challenge__community__slug=slug, challenge__slug=challenge,
                             slug=period)  # fmt: skip


def listed_works(user: AnyUser) -> WorkQuerySet:
    return Work.objects.visible_to(user).published()


def works_filling(prompt: Prompt, user: AnyUser) -> WorkQuerySet:
    """A prompt's fills that this reader may see, newest first."""
    fills = Fill.objects.filter(prompts=prompt, status=FillStatus.APPROVED)
    return listed_works(user).filter(pk__in=fills.values("work_id")).newest()


def works_in_period(period: Period, user: AnyUser) -> WorkQuerySet:
    fills = Fill.objects.filter(period=period, status=FillStatus.APPROVED)
    return listed_works(user).filter(pk__in=fills.values("work_id")).newest()


def works_in_community(community: Community, user: AnyUser) -> WorkQuerySet:
    fills = Fill.objects.filter(challenge__community=community, status=FillStatus.APPROVED)
    return listed_works(user).filter(pk__in=fills.values("work_id")).newest()


def approved_fills(works: WorkQuerySet) -> QuerySet[Fill]:
    """The approved fills of these (already visible) works, with what masterlists print."""
    return (
        Fill.objects.filter(work__in=works.values("pk"), status=FillStatus.APPROVED)
        .select_related("challenge__community", "period")
        .prefetch_related("prompts")
    )


def prompts_visible_to(user: AnyUser, community: Community) -> PromptQuerySet:
    """Released prompts for everyone; moderators also see those still scheduled."""
    prompts = Prompt.objects.filter(period__challenge__community=community)
    if is_moderator(user, community):
        return prompts
    return prompts.released()


def current_period(challenge: Challenge) -> Period | None:
    return challenge.periods.open_at().order_by("opens_at").first()


def fill_counts(prompts: Iterable[Prompt], user: AnyUser) -> dict[int, int]:
    """Approved fills per prompt that this reader may see and has not muted: counted from the
    works the prompt's page lists, so a count never betrays a hidden or muted work."""
    visible = listed_works(user).unmuted_for(user).values("pk")
    rows = (
        Fill.objects.filter(status=FillStatus.APPROVED, work__in=visible, prompts__in=prompts)
        .values("prompts")
        .annotate(n=Count("work", distinct=True))
    )
    return {row["prompts"]: row["n"] for row in rows}


def claim_counts(prompts: Iterable[Prompt], now: datetime) -> dict[int, int]:
    """Claims held on each prompt now: open, their deadline still ahead. A count names nobody,
    so it is shown in anonymous challenges too."""
    rows = (
        Claim.objects.filter(prompt__in=prompts, status=ClaimStatus.OPEN, due_at__gt=now)
        .values("prompt")
        .annotate(n=Count("pk"))
    )
    return {row["prompt"]: row["n"] for row in rows}
