"""The OPDS catalog's feeds (docs/downloads.md, "E-reader catalogs"). Every feed is served at
``/opds/...`` (public, or as the reader whose password the app sends) and at
``/opds/u/<key>/...`` (as the reader whose personal key it is); the links of a feed keep the
address it was read at, so an app that starts with a personal address stays in it."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.core.paginator import Page, Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import resolve, reverse
from django.utils.cache import patch_cache_control, patch_vary_headers

from ficfest.communities.models import Community
from ficfest.communities.selectors import get_period
from ficfest.downloads import opds_catalogs as catalogs
from ficfest.downloads.formats import CONTENT_TYPES, LABELS, available_formats
from ficfest.downloads.opds import (
    ACQUISITION,
    FACET,
    NAVIGATION,
    NEWEST,
    OPENSEARCH_TYPE,
    SUBSECTION,
    Feed,
    Link,
    WorkLinks,
    navigation_entry,
    opensearch_description,
    work_entry,
)
from ficfest.downloads.opds_access import (
    CatalogReader,
    CatalogRefused,
    catalog_reader,
    user_for_key,
)
from ficfest.lib.urls import absolute
from ficfest.tags.models import Tag, TagType
from ficfest.works.feeds import for_entries
from ficfest.works.filters import DEFAULT_SORT
from ficfest.works.models import Work, WorkQuerySet
from ficfest.works.sorts import SORTS, sort_labels

# Works per page of an acquisition feed, and entries per page of a long navigation feed.
FEED_PAGE = 30
NAV_PAGE = 100
REALM = 'Basic realm="ficfest", charset="UTF-8"'
# A tag type's feed, named as the works pages' filters name it.
TYPE_TITLES = {
    TagType.WARNING: "Archive Warnings",
    TagType.CATEGORY: "Categories",
    TagType.FANDOM: "Fandoms",
    TagType.RELATIONSHIP: "Relationships",
    TagType.CHARACTER: "Characters",
    TagType.FREEFORM: "Additional Tags",
}


class Catalog:
    """One request's catalog: its reader, and addresses that keep the reader's key."""

    def __init__(self, request: HttpRequest, reader: CatalogReader) -> None:
        self.request, self.reader = request, reader
        self.formats = available_formats()

    @property
    def user(self) -> Any:
        return self.reader.user

    def path(self, name: str, **kwargs: Any) -> str:
        """The public address of a feed: its id, the same in every reader's catalog."""
        return reverse(name, kwargs=kwargs or None)

    def url(self, name: str, **kwargs: Any) -> str:
        if self.reader.key:
            kwargs["key"] = self.reader.key
        return absolute(reverse(name, kwargs=kwargs or None))

    def page_url(self, name: str, kwargs: dict[str, Any], number: int, **more: str) -> str:
        query = self.request.GET.copy()
        query["page"] = str(number)
        query.update(more)
        return f"{self.url(name, **kwargs)}?{query.urlencode()}"

    @property
    def sort(self) -> str:
        wanted = self.request.GET.get("sort", "")
        return wanted if wanted in catalog_sorts() else DEFAULT_SORT

    def work_links(self, work: Work) -> WorkLinks:
        downloads = []
        for fmt in self.formats:
            if self.reader.personal:  # the file as this reader may have it
                href = self.url("opds_download", pk=work.pk, fmt=fmt)
            else:
                href = absolute(reverse("work_download", kwargs={"pk": work.pk, "fmt": fmt}))
            kind = CONTENT_TYPES.get(fmt, "application/octet-stream").split(";")[0]
            downloads.append((href, kind, LABELS.get(fmt, fmt.upper())))
        return WorkLinks(absolute(work.get_absolute_url()), downloads)


def _own_links(catalog: Catalog, name: str, kwargs: dict[str, Any], kind: str) -> list[Link]:
    search = f"{catalog.url('opds_search')}?q={{searchTerms}}"
    return [
        Link(catalog.url(name, **kwargs), "self", kind),
        Link(catalog.url("opds_root"), "start", NAVIGATION, "ficfest"),
        Link(catalog.url("opds_search_description"), "search", OPENSEARCH_TYPE, "Search"),
        Link(search, "search", ACQUISITION, "Search"),
    ]


def _page_links(catalog: Catalog, name: str, kwargs: dict[str, Any], page: Page,
                kind: str) -> list[Link]:  # fmt: skip
    """RFC 5005 paging links, for apps that load one page after another."""
    wanted = [("first", 1), ("last", page.paginator.num_pages)]
    if page.has_previous():
        wanted.append(("previous", page.previous_page_number()))
    if page.has_next():
        wanted.append(("next", page.next_page_number()))
    return [Link(catalog.page_url(name, kwargs, number), rel, kind) for rel, number in wanted]


def catalog_sorts() -> dict[str, str]:
    """The listings' sorts, but by creator: a catalog may be one that sees through an anonymous
    work (its creator's, a moderator's), and its order would then say who made it."""
    return {key: label for key, label in sort_labels().items() if key != "creator"}


def _sort_links(catalog: Catalog, name: str, kwargs: dict[str, Any]) -> list[Link]:
    """OPDS facets: the same feed in each of the listings' orders."""
    return [
        Link(catalog.page_url(name, kwargs, 1, sort=key), FACET, ACQUISITION, label,
             facet_group="Sort by", active=key == catalog.sort)
        for key, label in catalog_sorts().items()
    ]  # fmt: skip


def _works_feed(catalog: Catalog, name: str, kwargs: dict[str, Any], title: str,
                works: WorkQuerySet, up: Link | None = None,
                sortable: bool = True) -> Feed:  # fmt: skip
    """A page of works, newest first or as the reader sorted them (a ``sortable=False`` feed
    keeps the order of ``works``: a reader's own lists)."""
    if sortable:
        works = SORTS[catalog.sort].apply(works)
    loaded = for_entries(works)  # tags, credits, images and tracks: a fixed number of queries
    page = Paginator(loaded, FEED_PAGE).get_page(catalog.request.GET.get("page"))
    shown: list[Work] = list(page.object_list)
    links = [*_own_links(catalog, name, kwargs, ACQUISITION), *([up] if up else [])]
    links += _page_links(catalog, name, kwargs, page, ACQUISITION)
    links += _sort_links(catalog, name, kwargs) if sortable else []
    return Feed(
        path=catalog.path(name, **kwargs),
        title=title,
        kind=ACQUISITION,
        links=links,
        entries=[work_entry(work, catalog.work_links(work)) for work in shown],
        updated=max((w.revised_at for w in shown if w.revised_at), default=None),
    )


def _navigation_feed(catalog: Catalog, name: str, kwargs: dict[str, Any], title: str,
                     entries: list[Any], up: Link | None = None) -> Feed:  # fmt: skip
    """A navigation feed of ``entries`` (already built), a page of NAV_PAGE at a time."""
    page = Paginator(entries, NAV_PAGE).get_page(catalog.request.GET.get("page"))
    links = [*_own_links(catalog, name, kwargs, NAVIGATION), *([up] if up else [])]
    if page.paginator.num_pages > 1:
        links += _page_links(catalog, name, kwargs, page, NAVIGATION)
    return Feed(catalog.path(name, **kwargs), title, NAVIGATION, links, list(page.object_list))


CatalogView = Callable[..., Feed]


def _challenge(error: CatalogRefused) -> HttpResponse:
    response = HttpResponse(error.message, status=error.status, content_type="text/plain")
    if error.status == 401:
        response["WWW-Authenticate"] = REALM
    return response


def catalog_view(view: CatalogView) -> Callable[..., HttpResponse]:
    """A feed as its reader may read it: ``view(catalog, **kwargs)`` builds it."""

    @wraps(view)
    def serve(request: HttpRequest, key: str | None = None, **kwargs: Any) -> HttpResponse:
        try:
            reader = catalog_reader(request, key)
            if reader is None:
                raise Http404("No such catalog address: a newer one may have replaced it.")
            feed = view(Catalog(request, reader), **kwargs)
        except CatalogRefused as error:
            return _challenge(error)
        response = HttpResponse(feed.xml(), content_type=feed.kind)
        patch_vary_headers(response, ["Authorization"])
        if reader.personal:  # one reader's works: never for a shared cache
            patch_cache_control(response, private=True)
        return response

    return serve


def _entry(catalog: Catalog, title: str, name: str, kind: str, content: str = "",
           rel: str = SUBSECTION, count: int | None = None, **kwargs: Any) -> Any:  # fmt: skip
    link = Link(catalog.url(name, **kwargs), rel, kind, count=count)
    return navigation_entry(title=title, link=link, path=catalog.path(name, **kwargs),
                            content=content)  # fmt: skip


def _works_count(count: int) -> str:
    return f"{count:,} work{'' if count == 1 else 's'}"


@catalog_view
def root(catalog: Catalog) -> Feed:
    entries = [
        _entry(catalog, "Newest works", "opds_newest", ACQUISITION,
               "Every work, the most recently posted or updated first.", rel=NEWEST),
        _entry(catalog, "Fandoms", "opds_tags", NAVIGATION, "Works by fandom.",
               tag_type=TagType.FANDOM.value),
        _entry(catalog, "Tags", "opds_tag_types", NAVIGATION,
               "Works by relationship, character and other tags."),
        _entry(catalog, "Communities", "opds_communities", NAVIGATION,
               "Each community's fills, month by month."),
    ]  # fmt: skip
    shelves = "Yours: this needs your ficfest username and password, or your personal address."
    if catalog.reader.personal:
        shelves = "Your own list."
    entries += [
        _entry(catalog, "Marked for later", "opds_later", ACQUISITION, shelves),
        _entry(catalog, "Bookmarks", "opds_bookmarks", ACQUISITION, shelves),
    ]
    feed = _navigation_feed(catalog, "opds_root", {}, "ficfest", entries)
    feed.subtitle = "Fan works to take to your e-reader."
    return feed


@catalog_view
def newest(catalog: Catalog) -> Feed:
    works = catalogs.newest_works(catalog.user)
    return _works_feed(catalog, "opds_newest", {}, "Newest works", works)


@catalog_view
def tag_types(catalog: Catalog) -> Feed:
    entries = [
        _entry(catalog, title, "opds_tags", NAVIGATION, f"Works by {title.lower()}.",
               tag_type=tag_type.value)
        for tag_type, title in TYPE_TITLES.items()
    ]  # fmt: skip
    return _navigation_feed(catalog, "opds_tag_types", {}, "Tags", entries)


@catalog_view
def tags(catalog: Catalog, tag_type: str) -> Feed:
    if tag_type not in TagType.values:
        raise Http404("No such kind of tag.")
    entries = [
        _entry(catalog, tag.name, "opds_tag", ACQUISITION, _works_count(count),
               count=count, pk=tag.pk)
        for tag, count in catalogs.tags_with_counts(catalog.user, tag_type)
    ]  # fmt: skip
    up = Link(catalog.url("opds_tag_types"), "up", NAVIGATION, "Tags")
    title = TYPE_TITLES[TagType(tag_type)]
    return _navigation_feed(catalog, "opds_tags", {"tag_type": tag_type}, title, entries, up)


@catalog_view
def tag(catalog: Catalog, pk: int) -> Feed:
    found = get_object_or_404(Tag.objects.select_related("merger"), pk=pk)
    works = catalogs.tagged_works(catalog.user, found)
    up = Link(catalog.url("opds_tags", tag_type=found.type), "up", NAVIGATION)
    feed = _works_feed(catalog, "opds_tag", {"pk": pk}, found.filter_tag.name, works, up)
    # A tag only hidden works carry (unrevealed, drafts) would tell that they exist.
    if not feed.entries and found.works.exists():
        raise Http404("No such tag.")
    return feed


@catalog_view
def communities(catalog: Catalog) -> Feed:
    entries = [
        _entry(catalog, community.name, "opds_community", NAVIGATION, _works_count(count),
               count=count, slug=community.slug)
        for community, count in catalogs.communities_with_counts(catalog.user)
    ]  # fmt: skip
    return _navigation_feed(catalog, "opds_communities", {}, "Communities", entries)


@catalog_view
def community(catalog: Catalog, slug: str) -> Feed:
    found = get_object_or_404(Community, slug=slug)
    entries = [
        _entry(catalog, f"All of {found.name}", "opds_community_works", ACQUISITION,
               "Every fill, newest first.", slug=slug),
    ]  # fmt: skip
    for period, count in catalogs.periods_with_counts(catalog.user, found):
        theme = period.theme and f" · theme: {period.theme}"
        kwargs = {"slug": slug, "challenge": period.challenge.slug, "period": period.slug}
        entries.append(_entry(catalog, f"{period.challenge.title}: {period.title}", "opds_period",
                              ACQUISITION, f"{_works_count(count)}{theme}", count=count,
                              **kwargs))  # fmt: skip
    up = Link(catalog.url("opds_communities"), "up", NAVIGATION, "Communities")
    return _navigation_feed(catalog, "opds_community", {"slug": slug}, found.name, entries, up)


@catalog_view
def community_works(catalog: Catalog, slug: str) -> Feed:
    found = get_object_or_404(Community, slug=slug)
    works = catalogs.community_works(catalog.user, found)
    up = Link(catalog.url("opds_community", slug=slug), "up", NAVIGATION, found.name)
    return _works_feed(catalog, "opds_community_works", {"slug": slug}, found.name, works, up)


@catalog_view
def period(catalog: Catalog, slug: str, challenge: str, period: str) -> Feed:
    found = get_period(slug, challenge, period)
    works = catalogs.period_works(catalog.user, found)
    kwargs = {"slug": slug, "challenge": challenge, "period": period}
    title = f"{found.challenge.community.name}: {found.challenge.title}: {found.title}"
    up = Link(catalog.url("opds_community", slug=slug), "up", NAVIGATION)
    return _works_feed(catalog, "opds_period", kwargs, title, works, up)


@catalog_view
def search(catalog: Catalog) -> Feed:
    terms = " ".join(catalog.request.GET.get("q", "").split())[: catalogs.SEARCH_MAX]
    works = catalogs.catalog_works(catalog.user)
    found = catalogs.search_works(works, terms) if terms else works.none()
    title = f"Search: {terms}" if terms else "Search"
    return _works_feed(catalog, "opds_search", {}, title, found)


def _personal(catalog: Catalog) -> Any:
    if not catalog.reader.personal:
        raise CatalogRefused("Log in with your ficfest username and password.", 401)
    return catalog.user


@catalog_view
def later(catalog: Catalog) -> Feed:
    works = catalogs.later_works(_personal(catalog))
    return _works_feed(catalog, "opds_later", {}, "Marked for later", works, sortable=False)


@catalog_view
def bookmarks(catalog: Catalog) -> Feed:
    works = catalogs.bookmarked_works(_personal(catalog))
    return _works_feed(catalog, "opds_bookmarks", {}, "Bookmarks", works, sortable=False)


def search_description(request: HttpRequest, key: str | None = None) -> HttpResponse:
    """The OpenSearch description; its template keeps the address's key."""
    if key is not None and user_for_key(key) is None:
        raise Http404("No such catalog address: a newer one may have replaced it.")
    kwargs = {"key": key} if key else None
    template = f"{absolute(reverse('opds_search', kwargs=kwargs))}?q={{searchTerms}}"
    body = opensearch_description(template=template, title="ficfest")
    return HttpResponse(body, content_type=OPENSEARCH_TYPE)


def download(request: HttpRequest, pk: int, fmt: str, key: str | None = None) -> HttpResponse:
    """A work's file for the catalog's reader: the download as they may have it (a
    restricted work needs them), which an app without a log-in session cannot ask for."""
    try:
        reader = catalog_reader(request, key)
    except CatalogRefused as error:
        return _challenge(error)
    if reader is None:
        raise Http404("No such catalog address: a newer one may have replaced it.")
    request.user = reader.user
    match = resolve(reverse("work_download", kwargs={"pk": pk, "fmt": fmt}))
    response: HttpResponse = match.func(request, *match.args, **match.kwargs)
    patch_vary_headers(response, ["Authorization"])
    if reader.personal:
        patch_cache_control(response, private=True)
    return response
