"""The member's dashboard across communities, as sections registered with
``ficfest.works.seams`` (the dashboard page lives in ``works``, which may not import this app):
what waits for them as a moderator, prompts released since their last visit, their claims and
deadlines, polls they can vote in, and their fills with their status. Each section is left out
when it has nothing to say. Exchanges adds the member's assignments the same way."""

from dataclasses import dataclass
from datetime import datetime
from itertools import groupby

from django.db.models import Count, DateTimeField, F, OuterRef, Subquery
from django.db.models.functions import Coalesce

from ficfest.accounts.models import User
from ficfest.communities.models import (
    Claim,
    ClaimStatus,
    Community,
    Fill,
    Membership,
    Poll,
    Prompt,
    Vote,
)
from ficfest.communities.waiting import Waiting, moderated_communities, waiting_in
from ficfest.works.models import Work
from ficfest.works.seams import DashboardSection, register_dashboard_section

NEW_PER_COMMUNITY = 10  # prompts listed per community; the community page has the rest
NEW_MAX = 200  # prompts read in all
FILLS_SHOWN = 20


@dataclass
class CommunityWaiting:
    community: Community
    waiting: list[Waiting]


def waiting_section(user: User, now: datetime) -> DashboardSection | None:
    boxes = [
        CommunityWaiting(community, items)
        for community in moderated_communities(user)
        if (items := waiting_in(community, now))
    ]
    if not boxes:
        return None
    return DashboardSection("communities/dashboard/waiting.html", {"boxes": boxes})


@dataclass
class NewPrompts:
    community: Community
    prompts: list[Prompt]
    total: int


def _new_prompts(user: User, now: datetime) -> list[NewPrompts]:
    """Prompts released after the member's last visit to each community they belong to (since
    they joined, when they have not visited since), newest first, by community."""
    mine = Membership.objects.active().filter(user=user)
    seen = mine.filter(community=OuterRef("period__challenge__community")).annotate(
        seen=Coalesce("last_seen_at", "created_at")
    )
    found = (
        Prompt.objects.filter(
            period__challenge__community__in=mine.values("community"), release_at__lte=now
        )
        .annotate(seen=Subquery(seen.values("seen")[:1], output_field=DateTimeField()))
        .filter(release_at__gt=F("seen"))
    )
    totals = dict(
        found.order_by()
        .values("period__challenge__community")
        .annotate(n=Count("pk"))
        .values_list("period__challenge__community", "n")
    )
    if not totals:
        return []
    rows = list(
        found.select_related("period__challenge__community").order_by(
            "period__challenge__community__name", "period__challenge__community_id",
            "-release_at", "pk",
        )[:NEW_MAX]
    )  # fmt: skip
    groups = (list(g) for _k, g in groupby(rows, key=lambda p: p.period.challenge.community_id))
    return [
        NewPrompts(
            community=group[0].community,
            prompts=group[:NEW_PER_COMMUNITY],
            total=totals.get(group[0].community.pk, len(group)),
        )
        for group in groups
    ]


def new_prompts_section(user: User, now: datetime) -> DashboardSection | None:
    found = _new_prompts(user, now)
    if not found:
        return None
    return DashboardSection("communities/dashboard/new_prompts.html", {"new_prompts": found})


def claims_section(user: User, now: datetime) -> DashboardSection | None:
    claims = list(
        Claim.objects.filter(user=user, status=ClaimStatus.OPEN, due_at__gt=now)
        .select_related("prompt__period__challenge__community")
        .order_by("due_at", "pk")
    )
    if not claims:
        return None
    return DashboardSection("communities/dashboard/claims.html", {"claims": claims})


def polls_section(user: User, now: datetime) -> DashboardSection | None:
    member_of = Membership.objects.active().filter(user=user).values("community")
    polls = list(
        Poll.objects.filter(
            period__challenge__community__in=member_of, opens_at__lte=now, closes_at__gt=now
        )
        .select_related("period__challenge__community")
        .order_by("closes_at", "pk")
    )
    if not polls:
        return None
    votes = {
        vote.poll_id: vote
        for vote in Vote.objects.filter(poll__in=polls, user=user).select_related("option")
    }
    rows = [(poll, votes.get(poll.pk)) for poll in polls]
    return DashboardSection("communities/dashboard/polls.html", {"polls": rows})


def fills_section(user: User, now: datetime) -> DashboardSection | None:
    mine = Work.objects.visible_to(user).by_user(user)
    fills = list(
        Fill.objects.filter(work__in=mine.values("pk"))
        .select_related("work", "challenge__community", "period")
        .prefetch_related("prompts")
        .order_by("-created_at", "-pk")[:FILLS_SHOWN]
    )
    if not fills:
        return None
    return DashboardSection("communities/dashboard/fills.html", {"fills": fills})


def register() -> None:
    register_dashboard_section(waiting_section, order=10)
    register_dashboard_section(new_prompts_section, order=20)
    register_dashboard_section(claims_section, order=30)
    register_dashboard_section(polls_section, order=50)
    register_dashboard_section(fills_section, order=60)
