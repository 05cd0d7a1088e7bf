"""The search page: works (the archive's listing, searched, with its filters and facets) or,
with ``in=prompts``, the released prompts of every community or of one challenge or period,
with filters for the unclaimed and the unfilled."""

from dataclasses import dataclass, field
from typing import Any, cast

from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from ficfest.accounts.auth import AnyUser
from ficfest.communities import selectors as community_selectors
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
from ficfest.search.engine import PROMPTS, Found, search
from ficfest.works import selectors
from ficfest.works.listing import listing_for

PROMPTS_PER_PAGE = 20


def search_page(request: HttpRequest) -> HttpResponse:
    if request.GET.get("in") == "prompts":
        return _prompts_page(request)
    q = request.GET.get("q", "").strip()
    context: dict[str, Any] = {"where": "works", "q": q}
    if q:
        listing = listing_for(request, selectors.works_listed_for(request.user))
        context.update(listing.context(search_page=True, listing_heading="Works found",
                                       listing_empty="No works match your search."))  # fmt: skip
        context["q"] = listing.wanted.q
    return render(request, "search/search.html", context)


def search_help(request: HttpRequest) -> HttpResponse:
    return render(request, "search/help.html")


@dataclass
class _Scope:
    """Where prompts are looked for: everywhere, or a community, challenge or period."""

    community: Community | None = None
    challenge: Challenge | None = None
    period: Period | None = None
    notes: list[str] = field(default_factory=list)
    unknown: bool = False

    @property
    def name(self) -> str:
        place = self.period or self.challenge or self.community
        return str(place.title if isinstance(place, (Period, Challenge)) else place or "")


def _scope(params: Any) -> _Scope:
    scope = _Scope()
    slugs = [params.get(key, "").strip() for key in ("community", "challenge", "period")]
    if slugs[0]:
        scope.community = Community.objects.filter(slug=slugs[0]).first()
    if slugs[0] and slugs[1] and scope.community:
        scope.challenge = scope.community.challenges.filter(slug=slugs[1]).first()
    if slugs[2] and scope.challenge:
        scope.period = scope.challenge.periods.filter(slug=slugs[2]).first()
    found = [scope.community, scope.challenge, scope.period]
    if any(slug and place is None for slug, place in zip(slugs, found, strict=True)):
        scope.unknown = True
        scope.notes.append("The community, challenge or period asked for does not exist; "
                           "no prompts were searched.")  # fmt: skip
    return scope


def _prompts(user: AnyUser, scope: _Scope) -> PromptQuerySet:
    if scope.unknown:
        return Prompt.objects.none()
    if scope.community is None:
        return Prompt.objects.released()
    # A community's moderators find its scheduled prompts too, as its pages show them.
    prompts = community_selectors.prompts_visible_to(user, scope.community)
    if scope.period is not None:
        return prompts.filter(period=scope.period)
    if scope.challenge is not None:
        return prompts.filter(period__challenge=scope.challenge)
    return prompts


def _narrowed(prompts: PromptQuerySet, user: AnyUser, params: Any) -> PromptQuerySet:
    """Unclaimed: no claim holds it now. Unfilled: no fill this reader may see answers it
    (a hidden fill must not show, not even as a prompt missing from this list)."""
    if params.get("unclaimed"):
        held = Claim.objects.filter(prompt=OuterRef("pk")).filter(
            Q(status=ClaimStatus.OPEN, due_at__gt=timezone.now()) | Q(status=ClaimStatus.AWAITING)
        )
        prompts = prompts.exclude(Exists(held))
    if params.get("unfilled"):
        visible = community_selectors.listed_works(user).values("pk")
        fills = Fill.objects.filter(prompts=OuterRef("pk"), status=FillStatus.APPROVED,
                                    work__in=visible)  # fmt: skip
        prompts = prompts.exclude(Exists(fills))
    return prompts


class _RankedPrompts:
    """Matching prompts, most relevant first, read a page at a time."""

    def __init__(self, prompts: PromptQuerySet, found: Found, total: int) -> None:
        self.prompts, self.found, self.total = prompts, found, total

    def __len__(self) -> int:
        return self.total

    def __getitem__(self, wanted: slice) -> list[Prompt]:
        start, stop = wanted.start or 0, wanted.stop or 0
        if self.found.rankable:
            ids = self.found.ranked_ids(self.prompts, start, stop - start)
        else:
            newest = self.prompts.order_by("-release_at", "-pk").values_list("pk", flat=True)
            ids = list(newest[start:stop])
        rows = self.prompts.filter(pk__in=ids).select_related("period__challenge__community")
        by_id = {p.pk: p for p in rows.prefetch_related("tags")}
        return [by_id[pk] for pk in ids if pk in by_id]


def _prompts_page(request: HttpRequest) -> HttpResponse:
    user, params = request.user, request.GET
    q = " ".join(params.get("q", "")[:10_000].split())
    scope = _scope(params)
    found = search(q, kind=PROMPTS)
    prompts = found.filter(_narrowed(_prompts(user, scope), user, params))
    ranked = _RankedPrompts(prompts, found, prompts.count())
    page = Paginator(cast(Any, ranked), PROMPTS_PER_PAGE).get_page(params.get("page"))
    shown: list[Prompt] = list(page.object_list)
    snippets = found.snippets([p.pk for p in shown])
    fills = community_selectors.fill_counts(shown, user)
    claims = community_selectors.claim_counts(shown, timezone.now())
    kept = params.copy()
    kept.pop("page", None)
    context = {
        "where": "prompts", "q": q, "scope": scope, "page": page,
        "notes": scope.notes + found.notes, "query": kept.urlencode(),
        "unclaimed": bool(params.get("unclaimed")), "unfilled": bool(params.get("unfilled")),
        "results": [(p, snippets.get(p.pk), fills.get(p.pk, 0), claims.get(p.pk, 0))
                    for p in shown],
    }  # fmt: skip
    return render(request, "search/search.html", context)
