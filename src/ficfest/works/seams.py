"""Where apps above ``works`` plug into it, so that ``works`` never imports them.

Works know nothing of communities, yet three things are decided up there: who keeps an
anonymous work's secret (a challenge's moderators see through it), whether a new or edited work
still fits the communities it is posted to, and what a member's dashboard says about their
communities and ficathons; and what the reading page shows under a work's text (kudos and
comments, from ``social``), and what the profile, series and tag pages offer beside their
heading (social's subscribe buttons). The app that knows registers itself here at start-up
(``AppConfig.ready``); with nothing registered, works behave as on an archive without
communities: nobody keeps a secret for others, every post and edit stands alone, and the
dashboard lists the member's own works only.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from django.db import models
from django.http import HttpRequest
from django.template.loader import render_to_string

from ficfest.accounts.auth import AnyUser
from ficfest.accounts.models import User

if TYPE_CHECKING:  # only for annotations: models imports this module's registry
    from ficfest.works.models import Chapter, Work

T = TypeVar("T")
Items = TypeVar("Items", bound="models.QuerySet[Any]")

# Given a logged-in reader and the moment, the ids of the works whose secret (unrevealed,
# anonymous) this reader keeps and may therefore see through.
SecretKeepers = Callable[[User, datetime], "models.QuerySet[Any]"]


@dataclass(frozen=True)
class PostingNotes:
    """What the new-work form says beside the text about the place the work is posted for, so
    the poster knows its limits before posting rather than after."""

    place: str
    limits: list[str] = field(default_factory=list)  # e.g. "fic and meta: up to 1,000 words"
    word_limits: dict[str, int] = field(default_factory=dict)  # form -> words, for the count
    overflow: str = ""  # the community that takes what is over the limits, if any
    overflow_url: str = ""


class PostingRules(Protocol):
    """How a work is posted to, and kept within the rules of, the places it is posted for."""

    def target(self, params: Mapping[str, str], user: AnyUser) -> object | None:
        """What the new-work form's query names (a prompt to fill), or None."""

    def initial(self, target: object | None) -> dict[str, Any]:
        """The new-work form's starting values for ``target``: the tags it must carry."""

    def notes(self, target: object | None) -> PostingNotes | None:
        """The limits ``target`` sets, shown beside the text field; None: no limits."""

    def post(
        self, *, create: Callable[[], "Work"], target: object | None, draft: bool, by: User
    ) -> tuple["Work", str]:
        """Create the work and post it for ``target`` in one transaction; a refusal raises
        ValidationError, except for a draft, which is kept with the refusal as a warning."""

    def edit(self, *, work: "Work", write: Callable[[], T]) -> T:
        """Make an edit, undone (ValidationError) when the work no longer fits its places."""


class StandAlone:
    """Posting with no communities: no targets, nothing to fit."""

    def target(self, params: Mapping[str, str], user: AnyUser) -> object | None:
        return None

    def initial(self, target: object | None) -> dict[str, Any]:
        return {}

    def notes(self, target: object | None) -> PostingNotes | None:
        return None

    def post(
        self, *, create: Callable[[], "Work"], target: object | None, draft: bool, by: User
    ) -> tuple["Work", str]:
        return create(), ""

    def edit(self, *, work: "Work", write: Callable[[], T]) -> T:
        return write()


@dataclass(frozen=True)
class DashboardSection:
    """A part of a member's dashboard: a template and what it is rendered with (alongside the
    page's request context), under its own <h2>."""

    template: str
    context: Mapping[str, Any]


# Given the logged-in member and the moment, their section, or None when it has nothing to say.
DashboardSource = Callable[[User, datetime], DashboardSection | None]


@dataclass(frozen=True)
class WorkSection:
    """A part of a work's reading page below the text (kudos, comments): a template and what it
    is rendered with, alongside the page's request context."""

    template: str
    context: Mapping[str, Any]


# Given the request, the work as ``visible_to`` read it for this reader (``creators_hidden``
# annotated) and the chapter shown (None: the whole work), a section or None.
WorkSectionSource = Callable[[HttpRequest, "Work", "Chapter | None"], WorkSection | None]


# The other pages of ``works`` that apps above add to (social's subscribe buttons), each with
# what it shows: a user's profile (the User), a series (the Series), a tag's works (the Tag).
PAGES = ("profile", "series", "tag")
# Given the request and what the page shows, a section (rendered near the page's heading).
PageSectionSource = Callable[[HttpRequest, Any], WorkSection | None]


@dataclass
class _Registry:
    secret_keepers: SecretKeepers | None = None
    posting: PostingRules = StandAlone()  # noqa: RUF009 (stateless)
    # (order, source): the dashboard shows sections by order, then as registered.
    dashboard: list[tuple[int, DashboardSource]] = field(default_factory=list)
    work_page: list[tuple[int, WorkSectionSource]] = field(default_factory=list)
    # page name -> (order, source), for the pages in PAGES.
    pages: dict[str, list[tuple[int, PageSectionSource]]] = field(default_factory=dict)
    listing_search: "ListingSearch | None" = None


_registry = _Registry()


def register_secret_keepers(source: SecretKeepers) -> None:
    _registry.secret_keepers = source


def register_posting_rules(rules: PostingRules) -> None:
    _registry.posting = rules


def secret_kept_by(user: User, now: datetime) -> "models.QuerySet[Any] | None":
    source = _registry.secret_keepers
    return None if source is None else source(user, now)


def posting_rules() -> PostingRules:
    return _registry.posting


def register_dashboard_section(source: DashboardSource, *, order: int) -> None:
    """Add a section to every member's dashboard (once: registering it again changes nothing)."""
    if all(known is not source for _order, known in _registry.dashboard):
        _registry.dashboard.append((order, source))


def dashboard_sections(user: User, now: datetime) -> list[DashboardSection]:
    ordered = sorted(_registry.dashboard, key=lambda entry: entry[0])
    return [section for _order, source in ordered if (section := source(user, now)) is not None]


def register_work_section(source: WorkSectionSource, *, order: int) -> None:
    """Add a section under every work's text (once: registering it again changes nothing)."""
    if all(known is not source for _order, known in _registry.work_page):
        _registry.work_page.append((order, source))


def work_sections(
    request: HttpRequest, work: "Work", chapter: "Chapter | None"
) -> list[WorkSection]:
    ordered = sorted(_registry.work_page, key=lambda entry: entry[0])
    return [
        section
        for _order, source in ordered
        if (section := source(request, work, chapter)) is not None
    ]


def register_page_section(page: str, source: PageSectionSource, *, order: int) -> None:
    """Add a section to every ``page`` (one of PAGES) once."""
    if page not in PAGES:
        raise ValueError(f"No such page: {page}")
    known = _registry.pages.setdefault(page, [])
    if all(other is not source for _order, other in known):
        known.append((order, source))


def page_sections(request: HttpRequest, page: str, shown: Any) -> list[str]:
    """The sections of ``page`` showing ``shown``, rendered (safe HTML) in their order."""
    ordered = sorted(_registry.pages.get(page, []), key=lambda entry: entry[0])
    sections = [s for _order, source in ordered if (s := source(request, shown)) is not None]
    return [render_to_string(s.template, dict(s.context), request=request) for s in sections]


class ListingMatch(Protocol):
    """What a listing asks of a search for the words in its ``q`` (search registers it)."""

    @property
    def notes(self) -> list[str]:
        """What could not be used in the query, for the reader."""

    @property
    def rankable(self) -> bool:
        """Whether there is a relevance to sort by (words to rank, not only exclusions)."""

    def filter(self, items: "Items") -> "Items":
        """These works narrowed to those that match (never any other work)."""

    def ranked_ids(self, items: "models.QuerySet[Any]", offset: int, limit: int) -> list[int]:
        """A page of the ids of ``items``, the most relevant first."""

    def snippets(self, ids: list[int]) -> Mapping[int, str]:
        """Safe HTML: for each of these works, a passage around the match, words marked."""


# Given a search box's text, the search for it.
ListingSearch = Callable[[str], ListingMatch]


def register_listing_search(source: ListingSearch) -> None:
    _registry.listing_search = source


def listing_search() -> ListingSearch | None:
    """The registered search; None: listings have no ``q`` (no search app installed)."""
    return _registry.listing_search
