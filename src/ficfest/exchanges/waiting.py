"""Exchanges' part of the moderators' "Waiting for you" box and badge
(ficfest.communities.waiting): recipients whose giver defaulted and who still need a pinch
hitter, and assignments past their due date, each by ficathon, linking to its assignments page.
Registered in ExchangesConfig.ready."""

from collections.abc import Callable
from datetime import datetime
from typing import Any

from django.db.models import Count, Exists, OuterRef, QuerySet
from django.db.models.expressions import Combinable
from django.urls import reverse

from ficfest.communities.models import Community
from ficfest.communities.waiting import Waiting, count_of, plural
from ficfest.exchanges.models import Assignment, AssignmentStatus
from ficfest.exchanges.selectors import ACTIVE


def _by_ficathon(
    rows: QuerySet[Assignment], community: Community, counted: str, text: Callable[[int, str], str]
) -> list[Waiting]:
    """One line per ficathon, its count of ``counted`` (distinct) and its assignments page."""
    found = (
        rows.order_by("challenge__title", "challenge_id")
        .values("challenge__slug", "challenge__title")
        .annotate(n=Count(counted, distinct=True))
    )
    return [
        Waiting(
            text(row["n"], row["challenge__title"]),
            reverse("ficathon_assignments", args=[community.slug, row["challenge__slug"]]),
            row["n"],
        )
        for row in found
    ]


class PinchHits:
    """Defaulted assignments whose recipient has nobody writing for them any more (as
    ``selectors.awaiting_pinch_hit`` reads them), counted by recipient."""

    def _rows(self, community: Any) -> QuerySet[Assignment]:
        covered = Assignment.objects.filter(recipient=OuterRef("recipient"), status__in=ACTIVE)
        return Assignment.objects.filter(
            challenge__community=community, status=AssignmentStatus.DEFAULTED
        ).exclude(Exists(covered))

    def count(self, community: Combinable, now: datetime) -> Any:
        return count_of(self._rows(community), "recipient", distinct=True)

    def items(self, community: Community, now: datetime) -> list[Waiting]:
        def text(n: int, title: str) -> str:
            need = plural(n, "recipient needs", "recipients need")
            return f"{need} a pinch hitter in {title}"

        return _by_ficathon(self._rows(community), community, "recipient", text)


class LateAssignments:
    """Assignments not fulfilled by their due date (those the late notice emails about)."""

    def _rows(self, community: Any, now: datetime) -> QuerySet[Assignment]:
        return Assignment.objects.filter(
            challenge__community=community, status=AssignmentStatus.ASSIGNED, due_at__lte=now
        )

    def count(self, community: Combinable, now: datetime) -> Any:
        return count_of(self._rows(community, now))

    def items(self, community: Community, now: datetime) -> list[Waiting]:
        def text(n: int, title: str) -> str:
            return f"{plural(n, 'assignment is', 'assignments are')} late in {title}"

        return _by_ficathon(self._rows(community, now), community, "pk", text)
