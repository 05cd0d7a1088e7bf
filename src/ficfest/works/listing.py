"""One listing for every page that lists works: the filter read from the address, applied to
the page's own set of works, sorted, counted into facets and cut into numbered pages.

A view hands ``listing_for`` the works its page is about, already ``visible_to`` the reader and
``published()`` (a tag's works, a community's fills, a pseud's works...) and renders the
context it gets back with ``works/_filters.html`` and ``works/_listing.html``.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any, cast

from django.core.paginator import Page, Paginator
from django.db.models import Count, Exists, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.http import HttpRequest, QueryDict
from django.utils import timezone

from ficfest.accounts.auth import AnyUser
from ficfest.lib.idlists import ids_in
from ficfest.tags.models import Tag, TagType
from ficfest.works import seams
from ficfest.works.facets import FACET_TYPES, Facets, facets_count, facets_none
from ficfest.works.filters import RELEVANCE, WorkFilter, filter_read
from ficfest.works.models import (
    ArchiveWarning,
    Category,
    FilterTagging,
    Form,
    Language,
    Rating,
    Work,
    WorkQuerySet,
)
from ficfest.works.selectors import PAGE_SIZE, carrying
from ficfest.works.sorts import SORTS, sort_labels

# Page numbers shown either side of the current one.
WINDOW = 2
# Up to this many matching works, a listing reads their ids once and works from the list.
NARROW_LIMIT = 5000


def _tagged(tag_ids: set[int]) -> Exists:
    """Works carrying one of these filter tags, for an exclusion: NOT EXISTS, an anti-join
    that probes each candidate through the unique (work, tag) index instead of hashing every
    work of a big tag."""
    return Exists(FilterTagging.objects.filter(work_id=OuterRef("pk"), tag_id__in=tag_ids))


def _day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def _fandom_count() -> Coalesce:
    """How many different fandoms a work's own fandom tags name, a synonym counting as its
    canonical: two or more make a crossover."""
    through = Work.tags.through.objects.filter(work_id=OuterRef("pk"), tag__type=TagType.FANDOM)
    distinct = Count(Coalesce("tag__merger_id", "tag_id"), distinct=True)
    counted = through.order_by().values("work_id").annotate(n=distinct).values("n")  # type: ignore[misc]
    return Coalesce(Subquery(counted), 0)


def _crossover(works: WorkQuerySet, crossover: str) -> WorkQuerySet:
    if crossover == "include":
        return works
    works = works.alias(fandom_count=_fandom_count())
    # Annotations are invisible to the type checker, hence the dictionaries.
    if crossover == "only":
        return works.filter(**{"fandom_count__gte": 2})
    return works.filter(**{"fandom_count__lt": 2})


def filter_apply(works: WorkQuerySet, wanted: WorkFilter) -> WorkQuerySet:
    """These works narrowed to what the filter asks for (one condition per included tag)."""
    if wanted.impossible:
        return works.none()
    for included in wanted.include:
        works = works.filter(carrying(included.filter_ids))
    if wanted.exclude:
        works = works.filter(~_tagged(wanted.exclude_ids))
    fixed_types = [(TagType.WARNING, wanted.warnings), (TagType.CATEGORY, wanted.categories)]
    for tag_type, names in fixed_types:
        if names:  # any of the chosen ones
            fixed = FilterTagging.objects.filter(
                work_id=OuterRef("pk"), tag__type=tag_type, tag__name__in=names
            )
            works = works.filter(Exists(fixed))
    choices = {"rating__in": wanted.ratings, "language__in": wanted.languages,
               "form__in": wanted.forms}  # fmt: skip
    works = works.filter(**{key: values for key, values in choices.items() if values})
    if wanted.complete is not None:
        works = works.filter(complete=wanted.complete)
    if wanted.words_from is not None:
        works = works.filter(word_count__gte=wanted.words_from)
    if wanted.words_to is not None:
        works = works.filter(word_count__lte=wanted.words_to)
    if wanted.updated_from:
        works = works.filter(revised_at__gte=_day_start(wanted.updated_from))
    if wanted.updated_to:
        works = works.filter(revised_at__lt=_day_start(wanted.updated_to + timedelta(days=1)))
    return _crossover(works, wanted.crossover)


class _CountedPaginator(Paginator):
    """A paginator told the count (the facets' total) instead of asking the database again."""

    def __init__(self, works: "WorkQuerySet | _Ranked", per_page: int, count: int) -> None:
        super().__init__(cast(Any, works), per_page)  # _Ranked is sliced, never counted
        self.__dict__["count"] = count


@dataclass
class Listing:
    wanted: WorkFilter
    facets: Facets
    page: Page
    query: str  # the current parameters without the page number, for links
    page_links: list[tuple[int | None, str]] = field(default_factory=list)
    sorts: dict[str, str] = field(default_factory=sort_labels)
    searchable: bool = False  # a search is registered: the form offers words to look for

    @property
    def works(self) -> list[Work]:
        return list(self.page.object_list)

    def context(self, **more: Any) -> dict[str, Any]:
        """What ``works/_filters.html`` and ``works/_listing.html`` read, and ``more``
        (``feed_url``: the listing's Atom feed, given the same parameters)."""
        return {"listing": self, "page": self.page, "works": self.page.object_list,
                **_form_context(self), **more}  # fmt: skip


def _query_without_page(params: QueryDict) -> str:
    kept = params.copy()
    kept.pop("page", None)
    return kept.urlencode()


def _page_links(page: Page, query: str) -> list[tuple[int | None, str]]:
    """First, last and a window around the current page; None marks a gap of two pages or
    more (a gap of one shows that page: "1 … 3" would hide a single number)."""
    last = page.paginator.num_pages
    wanted = {1, last, *range(page.number - WINDOW, page.number + WINDOW + 1)}
    shown = sorted(n for n in wanted if 1 <= n <= last)
    prefix = f"?{query}&page=" if query else "?page="
    links: list[tuple[int | None, str]] = []
    previous = 0
    for number in shown:
        if number - previous == 2:
            links.append((previous + 1, f"{prefix}{previous + 1}"))
        elif number - previous > 2:
            links.append((None, ""))
        links.append((number, f"{prefix}{number}"))
        previous = number
    return links


def listed_works(works: WorkQuerySet, user: AnyUser, wanted: WorkFilter) -> WorkQuerySet:
    """A page's works (visible and published) without this reader's mutes, filtered."""
    if not wanted.show_muted:
        works = works.unmuted_for(user)
    return filter_apply(works, wanted)


def narrowed(listed: WorkQuerySet) -> WorkQuerySet:
    """The same works, found once: when the filter leaves few, their ids are read in one
    query and the facets, the total and the page all start from that list (index look-ups by
    primary key) instead of each evaluating the whole filter again. Many works: unchanged."""
    ids = list(listed.order_by().values_list("pk", flat=True)[: NARROW_LIMIT + 1])
    if len(ids) > NARROW_LIMIT:
        return listed
    found = Work.objects.filter(pk__in=ids_in(ids))  # one parameter, however many ids
    hidden = listed.query.annotations.get("creators_hidden")  # from visible_to: keep it
    return found.annotate(creators_hidden=hidden) if hidden is not None else found


class _Ranked:
    """The listed works in order of relevance, read a page at a time (what a paginator
    slices): the search orders their ids, the page's works are then read by id."""

    def __init__(self, works: WorkQuerySet, match: seams.ListingMatch) -> None:
        self.works, self.match = works, match

    def __getitem__(self, wanted: slice) -> list[Work]:
        start, stop = wanted.start or 0, wanted.stop or 0
        ids = self.match.ranked_ids(self.works, start, stop - start)
        found = {work.pk: work for work in self.works.filter(pk__in=ids).for_listing()}
        return [found[pk] for pk in ids if pk in found]


def _searched(request: HttpRequest) -> tuple[WorkFilter, seams.ListingMatch | None, dict[str, str]]:
    """The filter and, when the address has words to look for (``q``), their search; with
    words, the listing may (and by default does) sort by relevance."""
    source = seams.listing_search()
    sorts = sort_labels()
    if source is not None and request.GET.get("q", "").strip():
        sorts = {RELEVANCE: "Relevance", **sorts}
    wanted = filter_read(request.GET, sorts)
    match = source(wanted.q) if source is not None and wanted.q else None
    if match is not None:
        wanted.notes.extend(match.notes)
        if wanted.sort == RELEVANCE and not match.rankable:
            wanted.sort = "updated"  # nothing to rank by: only exclusions or substrings
    return wanted, match, sorts


def listing_for(request: HttpRequest, works: WorkQuerySet) -> Listing:
    """The listing of ``works`` (visible to the reader and published) that the address asks
    for: searched (``q``), filtered, without the reader's mutes unless ``muted=show``,
    sorted, counted, paged."""
    wanted, match, sorts = _searched(request)
    listed = listed_works(works, request.user, wanted)
    if match is not None:
        listed = match.filter(listed)
    listed = narrowed(listed)
    pinned = wanted.include_ids | wanted.exclude_ids
    facets = facets_none() if wanted.impossible else facets_count(listed, pinned=pinned)
    ordered: WorkQuerySet | _Ranked = (
        _Ranked(listed, match)
        if match is not None and wanted.sort == RELEVANCE
        else SORTS[wanted.sort].apply(listed).for_listing()
    )
    page = _CountedPaginator(ordered, PAGE_SIZE, facets.total).get_page(request.GET.get("page"))
    page.object_list = list(page.object_list)
    if match is not None:
        snippets = match.snippets([work.pk for work in page.object_list])
        for work in page.object_list:
            # Beside the blurb, not in it: the blurb is cached per work, the snippet per query.
            work.search_snippet = snippets.get(work.pk)
    query = _query_without_page(request.GET)
    searchable = seams.listing_search() is not None
    return Listing(wanted, facets, page, query, _page_links(page, query), sorts, searchable)


# What the sidebar shows: every facet with whether it is checked now.


@dataclass(frozen=True)
class Option:
    value: str
    label: str
    count: int
    checked: bool


def _tag_options(listing: Listing, tag_type: str, checked: set[int]) -> list[Option]:
    facet = listing.facets.tags.get(tag_type, [])
    shown = [t for t in facet if t.pk not in listing.wanted.exclude_ids][:10]
    shown_ids = {t.pk for t in shown}
    options = [Option(str(t.pk), t.name, t.count, t.pk in checked) for t in shown]
    return options + [
        Option(str(t.pk), t.name, listing.facets.tag_count(t.pk), True)
        for t in _named_tags(listing.wanted, tag_type)
        if t.pk in checked and t.pk not in shown_ids
    ]


def _named_tags(wanted: WorkFilter, tag_type: str) -> list[Tag]:
    tags = [tag.filter_tag for included in wanted.include for tag in included.tags]
    tags += [tag.filter_tag for tag in wanted.exclude]
    return list({tag.pk: tag for tag in tags if tag.type == tag_type}.values())


def _choice_options(
    choices: list[tuple[str, str]], counts: dict[str, int], chosen: list[str]
) -> list[Option]:
    return [
        Option(value, label, counts.get(value, 0), value in chosen)
        for value, label in choices
        if counts.get(value) or value in chosen
    ]


def _form_context(listing: Listing) -> dict[str, Any]:
    wanted, facets = listing.wanted, listing.facets
    tag_types = dict(TagType.choices)
    free_types = [t for t in FACET_TYPES if t not in {TagType.WARNING, TagType.CATEGORY}]
    warnings = {t.name: t.count for t in facets.tags.get(TagType.WARNING, [])}
    categories = {t.name: t.count for t in facets.tags.get(TagType.CATEGORY, [])}
    return {
        "include_groups": [
            (tag_types[t], _tag_options(listing, t, wanted.include_ids)) for t in free_types
        ],
        "exclude_groups": [
            (tag_types[t], _tag_options(listing, t, wanted.exclude_ids)) for t in FACET_TYPES
        ],
        "rating_options": _choice_options(Rating.choices, facets.ratings, wanted.ratings),
        "warning_options": _choice_options(ArchiveWarning.choices, warnings, wanted.warnings),
        "category_options": _choice_options(Category.choices, categories, wanted.categories),
        "language_options": _choice_options(Language.choices, facets.languages, wanted.languages),
        "form_options": _choice_options(Form.choices, facets.forms, wanted.forms),
        "sort_options": listing.sorts,
        "typed_include": ", ".join(wanted.unknown_include),
    }
