"""Browsing by tag: one tag's works and the A–Z fandom index with counts of visible works.

Tags know nothing of works; the pages that list works by tag live here."""

from itertools import groupby

from django.db.models import Count, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from ficfest.accounts.auth import AnyUser
from ficfest.tags.models import Tag, TagType
from ficfest.tags.selectors import index_letter
from ficfest.works.models import Work
from ficfest.works.selectors import listing_page, works_listed_for


def fandoms_with_counts(user: AnyUser) -> QuerySet[Tag]:
    """Fandoms that have works this reader may see and has not muted, each with the count of
    those works (a muted fandom has none: it leaves the index)."""
    listed = Work.objects.visible_to(user).published().unmuted_for(user).values("pk")
    return (
        Tag.objects.of_type(TagType.FANDOM)
        .annotate(work_count=Count("works", filter=Q(works__in=listed)))
        .filter(work_count__gt=0)
        .order_by("name")
    )


def tag_detail(request: HttpRequest, pk: int) -> HttpResponse:
    tag = get_object_or_404(Tag, pk=pk)
    page = listing_page(works_listed_for(request.user).filter(tags=tag), request.GET.get("page"))
    # A tag that only works this reader may not see carry (unrevealed, drafts) would tell that
    # they exist; a tag no work uses yet is an honest empty page.
    if not page.paginator.count and tag.works.exists():
        raise Http404("No such tag.")
    return render(request, "tags/tag.html", {"tag": tag, "page": page, "works": page.object_list})


def fandom_index(request: HttpRequest) -> HttpResponse:
    fandoms = sorted(
        fandoms_with_counts(request.user),
        key=lambda tag: (index_letter(tag.name), tag.name.lower()),
    )
    letters = [(letter, list(group)) for letter, group in
               groupby(fandoms, key=lambda tag: index_letter(tag.name))]  # fmt: skip
    return render(request, "tags/fandom_index.html", {"letters": letters})
