"""The wranglers' queue: the unwrangled characters, relationships and additional tags used on
the works of a fandom, and the fandoms with counts of them. It counts works, so it lives in the
works app (tags know nothing of works); its buttons post to the tags app's wrangle page.

A fandom's works are those a filter on it finds (``filter_tags``: its synonyms and sub tags
count), among the works this wrangler may read."""

from django.core.paginator import Paginator
from django.db.models import Count, Q, QuerySet
from django.db.models.functions import Lower
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from ficfest.accounts.auth import AnyUser
from ficfest.tags.models import Tag, TagType
from ficfest.tags.permissions import wrangler_required
from ficfest.works.models import Work

QUEUE_TYPES: list[str] = [TagType.CHARACTER, TagType.RELATIONSHIP, TagType.FREEFORM]
PAGE_SIZE = 50
FANDOMS_PAGE_SIZE = 100


def _read_by(user: AnyUser) -> QuerySet[Work]:
    return Work.objects.visible_to(user).published()


def _unwrangled(types: list[str]) -> QuerySet[Tag]:
    return Tag.objects.unwrangled().filter(type__in=types)


def fandoms_with_unwrangled(user: AnyUser) -> QuerySet[Tag]:
    """Fandoms (not synonyms) whose works carry unwrangled tags, most first, each with
    ``unwrangled``: how many such tags."""
    works = _read_by(user).values("pk")
    waiting = _unwrangled(QUEUE_TYPES).values("pk")
    count = Count("filtered_works__tags", distinct=True,
                  filter=Q(filtered_works__in=works, filtered_works__tags__in=waiting))  # fmt: skip
    return (
        Tag.objects.of_type(TagType.FANDOM)
        .filter(merger__isnull=True)
        .annotate(unwrangled=count)
        .filter(unwrangled__gt=0)
        .order_by("-unwrangled", Lower("name"), "pk")
    )


def unwrangled_fandoms(user: AnyUser) -> QuerySet[Tag]:
    """Fandom tags themselves waiting for a wrangler, each with ``uses``."""
    return _used_on(_unwrangled([TagType.FANDOM]), _read_by(user))


def unwrangled_in(user: AnyUser, fandom: Tag, types: list[str]) -> QuerySet[Tag]:
    """The unwrangled tags of these types on the fandom's works, each with ``uses``: on how
    many of them."""
    return _used_on(_unwrangled(types), _read_by(user).filter(filter_tags=fandom))


def _used_on(tags: QuerySet[Tag], works: QuerySet[Work]) -> QuerySet[Tag]:
    # filter() before annotate(): the count reuses the join, so it counts these works only.
    return (
        tags.filter(works__in=works.values("pk"))
        .annotate(uses=Count("works", distinct=True))
        .order_by("-uses", Lower("name"), "pk")
    )


@wrangler_required
def wrangling_fandoms(request: HttpRequest) -> HttpResponse:
    page = Paginator(fandoms_with_unwrangled(request.user), FANDOMS_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context = {
        "page": page,
        "unwrangled_fandoms": unwrangled_fandoms(request.user)[:PAGE_SIZE],
        "here": request.get_full_path(),
    }
    return render(request, "works/wrangling_fandoms.html", context)


@wrangler_required
def wrangling_queue(request: HttpRequest, pk: int) -> HttpResponse:
    fandom = get_object_or_404(Tag.objects.select_related("merger"), pk=pk, type=TagType.FANDOM)
    if fandom.merger:  # a synonym's works are its canonical's
        return redirect("wrangling_queue", pk=fandom.merger.pk)
    wanted = request.GET.get("type", "")
    types = [wanted] if wanted in QUEUE_TYPES else QUEUE_TYPES
    tags = unwrangled_in(request.user, fandom, types)
    page = Paginator(tags, PAGE_SIZE).get_page(request.GET.get("page"))
    labels = dict(TagType.choices)
    context = {
        "fandom": fandom,
        "page": page,
        "type": wanted if wanted in QUEUE_TYPES else "",
        "bad_type": bool(wanted) and wanted not in QUEUE_TYPES,
        "types": [(t, labels[t]) for t in QUEUE_TYPES],
        "here": request.get_full_path(),
    }
    return render(request, "works/wrangling_queue.html", context)
