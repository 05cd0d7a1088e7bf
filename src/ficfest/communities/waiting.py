"""What waits for a community's moderators: fills in the queue, requests to join, a stat post to
publish, and what apps above this one add (exchanges: pinch hits to find, late assignments).

Each kind of thing is a ``WaitingSource`` that reads the same rows two ways: ``count`` is an SQL
expression counting them for the community an outer reference names, so the header's badge sums
every kind for every community a moderator runs in one query; ``items`` are the lines of the
community page's "Waiting for you" box, each with where to act. An app above registers its
sources in its ``AppConfig.ready`` (``register``), as it registers periodic jobs with
``ficfest.lib.ticks``.

The badge costs nothing for guests, one query per page for a moderator, and for a member who
moderates nothing one query per ``NOTHING_FOR`` (per process): that they moderate nothing is
kept in the cache, and forgotten as soon as one of their memberships changes in this process
(with one shared cache, such as Redis, in every process).
"""

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Protocol

from django.core.cache import cache
from django.db.models import Exists, F, Func, IntegerField, OuterRef, QuerySet, Subquery
from django.db.models.expressions import Combinable
from django.db.models.signals import post_delete, post_save
from django.urls import reverse
from django.utils import timezone

from ficfest.accounts.auth import AnyUser
from ficfest.communities.models import (
    Community,
    Fill,
    FillStatus,
    Membership,
    MembershipStatus,
    Period,
)

NOTHING_FOR = timedelta(minutes=5)


@dataclass(frozen=True)
class Waiting:
    """One line of the box: “3 fills waiting for approval”, where to act, and how many."""

    text: str
    url: str
    count: int


class WaitingSource(Protocol):
    def count(self, community: Combinable, now: datetime) -> Any:
        """An expression: how many are waiting in the community ``community`` refers to (an
        OuterRef to a community id)."""

    def items(self, community: Community, now: datetime) -> list[Waiting]:
        """The box's lines for this community; their counts add up to ``count``."""


def count_of(rows: QuerySet[Any], field: str = "pk", *, distinct: bool = False) -> Subquery:
    """COUNT over ``rows`` as a scalar subquery (0 when there are none)."""
    template = "COUNT(DISTINCT %(expressions)s)" if distinct else "COUNT(%(expressions)s)"
    counted = Func(F(field), template=template, output_field=IntegerField())
    return Subquery(rows.order_by().annotate(n=counted).values("n")[:1])


def plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


# The sources of this app


class QueuedFills:
    def _rows(self, community: Any) -> QuerySet[Fill]:
        return Fill.objects.filter(challenge__community=community, status=FillStatus.PENDING)

    def count(self, community: Combinable, now: datetime) -> Any:
        return count_of(self._rows(community))

    def items(self, community: Community, now: datetime) -> list[Waiting]:
        n = self._rows(community).count()
        url = reverse("community_queue", args=[community.slug])
        text = f"{plural(n, 'fill', 'fills')} waiting for your approval in the queue"
        return [Waiting(text, url, n)] if n else []


class JoinRequests:
    def _rows(self, community: Any) -> QuerySet[Membership]:
        return Membership.objects.filter(community=community, status=MembershipStatus.PENDING)

    def count(self, community: Combinable, now: datetime) -> Any:
        return count_of(self._rows(community))

    def items(self, community: Community, now: datetime) -> list[Waiting]:
        n = self._rows(community).count()
        url = reverse("community_members", args=[community.slug])
        text = f"{plural(n, 'request', 'requests')} to join to answer"
        return [Waiting(text, url, n)] if n else []


class StatPosts:
    """The last period of each challenge that is over, while its stat post is not marked
    published. Only the last: a later one ending takes the earlier one's place."""

    def _rows(self, community: Any, now: datetime) -> QuerySet[Period]:
        over = Period.objects.filter(closes_at__lte=now)
        later = over.filter(challenge=OuterRef("challenge"), closes_at__gt=OuterRef("closes_at"))
        return over.filter(challenge__community=community, stats_published_at__isnull=True).exclude(
            Exists(later)
        )

    def count(self, community: Combinable, now: datetime) -> Any:
        return count_of(self._rows(community, now))

    def items(self, community: Community, now: datetime) -> list[Waiting]:
        periods = self._rows(community, now).select_related("challenge").order_by("closes_at")
        return [
            Waiting(
                f"{period.title} has ended: publish its stat post ({period.challenge.title})",
                reverse("stats", args=[community.slug, period.challenge.slug, period.slug]),
                1,
            )
            for period in periods
        ]


_SOURCES: list[WaitingSource] = [QueuedFills(), JoinRequests(), StatPosts()]


def register(source: WaitingSource) -> None:
    """Add a kind of waiting item (once per class: registering again changes nothing)."""
    if all(type(known) is not type(source) for known in _SOURCES):
        _SOURCES.append(source)


def waiting_in(community: Community, now: datetime | None = None) -> list[Waiting]:
    """The lines of a community's "Waiting for you" box, for its moderators."""
    moment = now or timezone.now()
    return [item for source in _SOURCES for item in source.items(community, moment)]


# The header's badge


def _nothing_key(user_id: int) -> str:
    return f"waiting:moderates-nothing:{user_id}"


def badge_total(user: AnyUser, now: datetime | None = None) -> int:
    """Everything waiting in every community this member moderates (by membership: site staff
    step in on a community's own page, not through the badge). One query for a moderator;
    none for a guest, or for a member already known to moderate nothing."""
    if not user.is_authenticated or user.pk is None:
        return 0
    key = _nothing_key(user.pk)
    if cache.get(key):
        return 0
    moment = now or timezone.now()
    counts = {
        f"waiting_{index}": source.count(OuterRef("community_id"), moment)
        for index, source in enumerate(_SOURCES)
    }
    rows = list(
        Membership.objects.moderating()
        .filter(user_id=user.pk)
        .annotate(**counts)
        .values_list("pk", *counts)
    )
    if not rows:
        cache.set(key, True, int(NOTHING_FOR.total_seconds()))
        return 0
    return sum(sum(row[1:]) for row in rows)


def moderated_communities(user: AnyUser) -> QuerySet[Community]:
    if not user.is_authenticated:
        return Community.objects.none()
    moderating = Membership.objects.moderating().filter(user_id=user.pk)
    return Community.objects.filter(pk__in=moderating.values("community_id")).order_by("name")


def _forget(sender: type[Membership], instance: Membership, **kwargs: Any) -> None:
    cache.delete(_nothing_key(instance.user_id))


def connect() -> None:
    """A membership that changes may make its member a moderator: look again on their next page."""
    post_save.connect(_forget, sender=Membership, dispatch_uid="waiting-forget-saved")
    post_delete.connect(_forget, sender=Membership, dispatch_uid="waiting-forget-deleted")
