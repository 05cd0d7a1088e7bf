"""The header's "Waiting for you" badge on every page (base.html includes
``communities/_waiting_badge.html``). Lazy: counted only when a page's header shows it, once per
request however many templates the page renders; see ficfest.communities.waiting for its cost."""

from dataclasses import dataclass

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from ficfest.communities.waiting import badge_total

_MEMO = "_ficfest_waiting_badge"


@dataclass(frozen=True)
class WaitingBadge:
    total: int


def _badge(request: HttpRequest) -> WaitingBadge:
    badge = getattr(request, _MEMO, None)
    if badge is None:
        badge = WaitingBadge(badge_total(request.user))
        setattr(request, _MEMO, badge)
    return badge


def waiting_badge(request: HttpRequest) -> dict[str, object]:
    return {"waiting_badge": SimpleLazyObject(lambda: _badge(request))}
