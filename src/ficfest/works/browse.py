"""Browsing by tag: one tag's works and the A–Z fandom index with counts of visible works.

Tags know nothing of works; the pages that list works by tag live here."""

from itertools import groupby

from django.db.models import Count, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from ficfest.accounts.auth import AnyUser
from ficfest.tags.models import Tag, TagType
from ficfest.tags.selectors import index_letter
from ficfest.works import seams
from ficfest.works.feeds import TagFeed
from ficfest.works.listing import listing_for
from ficfest.works.models import Work
from ficfest.works.selectors import works_listed_for, works_tagged


def fandoms_with_counts(user: AnyUser) -> QuerySet[Tag]:
    """Fandoms that have works this reader may see and has not muted, each with the count of
    those works as its page lists them (synonyms' and sub fandoms' works included; a synonym
    is not listed itself, and a muted fandom has none: it leaves the index)."""
    listed = Work.objects.visible_to(user).published().unmuted_for(user).values("pk")
    return (
        Tag.objects.of_type(TagType.FANDOM)
        .filter(merger__isnull=True)
        .annotate(work_count=Count("filtered_works", filter=Q(filtered_works__in=listed)))
        .filter(work_count__gt=0)
        .order_by("name")
    )


def to_canonical(request: HttpRequest, tag: Tag, url_name: str) -> HttpResponseRedirect | None:
    """A synonym's pages are its canonical's: send the reader there, with their filters (read
    raw, so an address with too many of them still gets its clear 400 page there)."""
    if not tag.merger_id:
        return None
    query = request.META.get("QUERY_STRING", "")
    url = reverse(url_name, args=[tag.merger_id])
    return HttpResponseRedirect(f"{url}?{query}" if query else url)


def tag_detail(request: HttpRequest, pk: int) -> HttpResponse:
    tag = get_object_or_404(Tag.objects.select_related("merger"), pk=pk)
    if redirect := to_canonical(request, tag, "tag"):
        return redirect
    works = works_tagged(works_listed_for(request.user), tag)
    listing = listing_for(request, works)
    # A tag that only works this reader may not see carry (unrevealed, drafts) would tell that
    # they exist; a tag no work uses yet is an honest empty page.
    if not listing.facets.total and not works.exists() and tag.works.exists():
        raise Http404("No such tag.")
    context = listing.context(tag=tag, feed_url=reverse("tag_feed", args=[tag.pk]),
                              extras=seams.page_sections(request, "tag", tag))  # fmt: skip
    return render(request, "tags/tag.html", context)


_tag_feed = TagFeed()


def tag_feed(request: HttpRequest, pk: int) -> HttpResponse:
    tag = get_object_or_404(Tag.objects.select_related("merger"), pk=pk)
    if redirect := to_canonical(request, tag, "tag_feed"):
        return redirect
    return _tag_feed(request, tag=tag)


def fandom_index(request: HttpRequest) -> HttpResponse:
    fandoms = sorted(
        fandoms_with_counts(request.user),
        key=lambda tag: (index_letter(tag.name), tag.name.lower()),
    )
    letters = [(letter, list(group)) for letter, group in
               groupby(fandoms, key=lambda tag: index_letter(tag.name))]  # fmt: skip
    return render(request, "tags/fandom_index.html", {"letters": letters})
