"""Atom feeds of listings: every works listing, with the same filter parameters as its page,
and what an entry says about a work (the communities' feeds use it too).

Feeds are public artefacts that feed readers cache and re-share: the works in them are always
those a logged-out reader may see, whoever fetches them, so a moderator's feed reader never
stores a hidden creator's name. Entries of anonymous works say "Anonymous" and nothing else
about who made them. Only the reader's mutes follow their session (they take works out and
never add one), as on the pages, unless the address says ``muted=show``.
"""

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.contrib.syndication.views import Feed
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import format_html, linebreaks
from django.utils.safestring import mark_safe

from ficfest.accounts.models import Pseud, User
from ficfest.lib.urls import absolute
from ficfest.tags.models import Tag
from ficfest.works import seams
from ficfest.works.filters import filter_read
from ficfest.works.listing import listed_works
from ficfest.works.models import Creatorship, Form, Rating, SizeUnit, Work, WorkQuerySet
from ficfest.works.selectors import works_tagged
from ficfest.works.sorts import SORTS, sort_labels

FEED_SIZE = 50
PUBLIC = AnonymousUser()


def size_text(work: Work) -> str:
    """'483 words', '3 images', '1 min 5 s', '5 tracks'."""
    unit, amount = work.size()
    if unit == SizeUnit.SECONDS:
        minutes, seconds = divmod(amount, 60)
        parts = [f"{minutes} min" if minutes else "", f"{seconds} s" if seconds else ""]
        return " ".join(p for p in parts if p) or "0 s"
    singular = unit.removesuffix("s")
    return f"{amount:,} {singular if amount == 1 else unit}"


def for_entries(works: WorkQuerySet) -> WorkQuerySet:
    """What an entry shows, loaded in a fixed number of queries."""
    return works.for_blurbs().prefetch_related("images", "tracks")


class WorkFeed(Feed[Work, Any]):
    """What every feed says about a work: nothing about its creators while they are hidden."""

    feed_type = Atom1Feed

    def __call__(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = super().__call__(request, *args, **kwargs)
        if request.user.is_authenticated:  # this reader's mutes: not for shared caches
            patch_cache_control(response, private=True)
        return response

    def item_title(self, item: Work) -> str:
        return item.title

    def item_link(self, item: Work) -> str:
        return absolute(item.get_absolute_url())

    def item_description(self, item: Work) -> str:
        details = " · ".join(
            [Form(item.form).label, Rating(item.rating).label, size_text(item)]
            + [tag.name for tag in item.relationships]
        )
        # linebreaks escapes the summary itself (autoescape=True); mark_safe keeps it from
        # being escaped twice by format_html.
        summary = mark_safe(linebreaks(item.summary, autoescape=True)) if item.summary else ""
        return format_html("<p>{}</p>{}", details, summary)

    def item_author_name(self, item: Work) -> str:
        if item.creators_are_hidden:
            return "Anonymous"
        return ", ".join(pseud.name for pseud in item.credited_pseuds()) or "Orphan account"

    def item_author_link(self, item: Work) -> str | None:
        if item.creators_are_hidden:
            return None
        pseuds = item.credited_pseuds()
        return absolute(pseuds[0].get_absolute_url()) if len(pseuds) == 1 else None

    def item_pubdate(self, item: Work) -> Any:
        return item.published_at

    def item_updateddate(self, item: Work) -> Any:
        return item.revised_at

    def item_categories(self, item: Work) -> list[str]:
        return [tag.name for tag in [*item.fandoms, *item.relationships]]


@dataclass
class FeedSource:
    """One request's feed: built whole in ``get_object``, as a Feed instance serves every
    request and may keep nothing of one."""

    title: str
    link: str
    feed_url: str
    works: list[Work]


def feed_works(request: HttpRequest, works: WorkQuerySet) -> list[Work]:
    """The newest (or as sorted) works of a listing's feed, filtered as its page would be."""
    wanted = filter_read(request.GET, sort_labels())
    listed = listed_works(works, request.user, wanted)
    search = seams.listing_search()
    if search is not None and wanted.q:  # the page's words too; newest first, not by relevance
        listed = search(wanted.q).filter(listed)
    return list(for_entries(SORTS[wanted.sort].apply(listed))[:FEED_SIZE])


def _with_query(request: HttpRequest, path: str) -> str:
    query = request.GET.urlencode()
    return absolute(f"{path}?{query}" if query else path)


class ListingFeed(WorkFeed):
    """A listing page's works as a feed. ``source`` names the page and its works (as a
    logged-out reader sees them)."""

    def source(self, request: HttpRequest, **kwargs: Any) -> tuple[str, str, WorkQuerySet]:
        raise NotImplementedError

    def get_object(self, request: HttpRequest, *args: Any, **kwargs: Any) -> FeedSource:
        title, page, works = self.source(request, **kwargs)
        return FeedSource(
            title=title,
            link=_with_query(request, page),
            feed_url=_with_query(request, request.path),
            works=feed_works(request, works),
        )

    def title(self, obj: FeedSource) -> str:
        return obj.title

    def link(self, obj: FeedSource) -> str:
        return obj.link

    def feed_url(self, obj: FeedSource) -> str:
        return obj.feed_url

    def items(self, obj: FeedSource) -> list[Work]:
        return obj.works


def public_works() -> WorkQuerySet:
    return Work.objects.visible_to(PUBLIC).published()


class WorksFeed(ListingFeed):
    def source(self, request: HttpRequest, **kwargs: Any) -> tuple[str, str, WorkQuerySet]:
        return ("ficfest: works", reverse("work_list"), public_works())


class TagFeed(ListingFeed):
    """A tag's works: its synonyms' and sub tags' too. Any tag that is not a synonym has one,
    canonical or not yet wrangled (it filters as itself); a synonym's is its canonical's."""

    def source(self, request: HttpRequest, **kwargs: Any) -> tuple[str, str, WorkQuerySet]:
        tag: Tag = kwargs["tag"]
        return (f"ficfest: {tag.name}", tag.get_absolute_url(), works_tagged(public_works(), tag))


class UserFeed(ListingFeed):
    def source(self, request: HttpRequest, **kwargs: Any) -> tuple[str, str, WorkQuerySet]:
        owner = get_object_or_404(User, username=kwargs["username"])
        credited = Creatorship.objects.filter(pseud__user=owner, accepted=True)
        works = public_works().named_creators().filter(pk__in=credited.values("work_id"))
        return (f"Works by {owner.username}", reverse("user_works", args=[owner.username]), works)


class PseudFeed(ListingFeed):
    def source(self, request: HttpRequest, **kwargs: Any) -> tuple[str, str, WorkQuerySet]:
        pseud = get_object_or_404(
            Pseud.objects.select_related("user"),
            user__username=kwargs["username"],
            name__iexact=kwargs["pseud_name"],
        )
        credited = Creatorship.objects.filter(pseud=pseud, accepted=True)
        works = public_works().named_creators().filter(pk__in=credited.values("work_id"))
        return (f"Works by {pseud.name}", pseud.get_absolute_url(), works)
