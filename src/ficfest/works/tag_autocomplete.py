"""``/tags/autocomplete/?q=…&type=…``: tag names for the autocomplete on every tag field.

It lives beside the works because what it may name depends on them: a canonical tag (and a
synonym, shown as its canonical) is the archive's shared vocabulary, but a tag no wrangler has
placed is named only once a work anyone can read carries it, so a draft's or an unrevealed
fill's tags never leak through it. The answer is the same for every reader, so it is cached
briefly and shared."""

import hashlib
import time

from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.db.models import Case, Exists, IntegerField, OuterRef, Q, When
from django.db.models.functions import Lower
from django.http import HttpRequest, JsonResponse
from django.views.decorators.http import require_GET

from ficfest.accounts.throttle import client_address
from ficfest.tags.models import Tag, TagType
from ficfest.works.models import Work

LIMIT = 15
QUERY_MAX = 100  # longer than any useful prefix; longer input is cut, not refused
CACHE_SECONDS = 60
# Typing with a 200 ms pause between requests stays far below this; a script does not.
PER_MINUTE = 240


def _rank(q: str) -> tuple[Case, Case]:
    """Canonical tags (synonyms stand for theirs) before the rest, then names that start
    with what was typed before names that contain it."""
    one: IntegerField[int, int] = IntegerField()
    placed = Case(When(Q(canonical=True) | Q(merger__isnull=False), then=0), default=1,
                  output_field=one)  # fmt: skip
    prefix = Case(When(name__istartswith=q, then=0), default=1, output_field=one)
    return placed, prefix


def tag_suggestions(q: str, tag_type: str = "") -> list[dict[str, str]]:
    """Up to LIMIT tags matching ``q`` (any case, as far as the database folds it): a
    synonym is given as its canonical, each name once."""
    q = " ".join(q.split())[:QUERY_MAX]
    if not q:
        return []
    public = Work.objects.visible_to(AnonymousUser()).published().values("pk")
    read = Exists(Work.tags.through.objects.filter(tag_id=OuterRef("pk"), work_id__in=public))
    placed, prefix = _rank(q)
    # One letter matches many names anywhere: then only names that begin with it.
    tags = (
        Tag.objects.filter(name__istartswith=q)
        if len(q) < 2
        else Tag.objects.filter(name__icontains=q)
    )
    if tag_type:
        tags = tags.filter(type=tag_type)
    tags = (
        tags.annotate(placed=placed, prefix=prefix, read=read)
        .filter(Q(placed=0) | Q(read=True))
        .select_related("merger")
        .order_by("placed", "prefix", Lower("name"), "pk")
    )
    labels = dict(TagType.choices)
    found: dict[tuple[str, str], dict[str, str]] = {}
    for tag in tags[: LIMIT * 3]:  # synonyms of one canonical fold together
        shown = tag.filter_tag
        found.setdefault((shown.type, shown.name.lower()),
                         {"name": shown.name, "type": labels[shown.type]})  # fmt: skip
    return list(found.values())[:LIMIT]


def _throttled(request: HttpRequest) -> bool:
    key = f"tagac:rate:{client_address(request)}:{int(time.time() // 60)}"
    if cache.add(key, 1, 60):
        return False
    try:
        return cache.incr(key) > PER_MINUTE
    except ValueError:  # the minute ended meanwhile
        return False


@require_GET
def tag_autocomplete(request: HttpRequest) -> JsonResponse:
    tag_type = request.GET.get("type", "")
    if tag_type and tag_type not in TagType.values:
        return JsonResponse({"error": "Unknown tag type."}, status=400)
    if _throttled(request):
        return JsonResponse({"error": "Too many requests: wait a minute."}, status=429)
    q = request.GET.get("q", "")[: QUERY_MAX * 4]
    digest = hashlib.sha256(f"{tag_type}\n{q}".encode()).hexdigest()[:32]
    key = f"tagac:{digest}"
    results = cache.get(key)
    if results is None:
        results = tag_suggestions(q, tag_type)
        cache.set(key, results, CACHE_SECONDS)
    response = JsonResponse({"results": results})
    response["Cache-Control"] = f"max-age={CACHE_SECONDS}"
    return response
