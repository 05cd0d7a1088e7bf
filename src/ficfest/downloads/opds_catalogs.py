"""What each catalog lists, for its reader. Works always come through
``Work.objects.visible_to`` (the reader a key or a password names, else a logged-out reader)
and, in the archive-wide lists, without the reader's mutes; a personal shelf (marked for later,
bookmarks) lists what the reader chose, as their history and bookmarks pages do."""

from django.db.models import Count, OuterRef, Q, Subquery
from django.utils import timezone

from ficfest.accounts.auth import AnyUser
from ficfest.accounts.models import User
from ficfest.communities import selectors as community_selectors
from ficfest.communities.models import Community, Fill, FillStatus, Period
from ficfest.search.engine import search
from ficfest.social.models import Bookmark, Reading
from ficfest.tags.models import Tag, TagType
from ficfest.works.models import Work, WorkQuerySet
from ficfest.works.selectors import works_tagged

# Longest search a catalog takes: apps send what a reader typed on a small keyboard.
SEARCH_MAX = 200


def catalog_works(user: AnyUser) -> WorkQuerySet:
    """Every work the catalog may list to this reader: visible, published, not muted."""
    return Work.objects.visible_to(user).published().unmuted_for(user)


def newest_works(user: AnyUser) -> WorkQuerySet:
    return catalog_works(user).newest()


def tagged_works(user: AnyUser, tag: Tag) -> WorkQuerySet:
    """A tag's works: its synonyms' and sub tags' too, as its page lists them."""
    return works_tagged(catalog_works(user), tag).newest()


def search_works(works: WorkQuerySet, terms: str) -> WorkQuerySet:
    """The catalog's search is the archive's: the same words, phrases, exclusions and field
    terms as the search page, over titles, summaries, notes, tags, creators a stranger may see
    and chapter text; newest first, as every catalog lists. The index only narrows: what the
    reader may see is still ``works``."""
    found = search(terms[:SEARCH_MAX])
    return found.filter(works).newest() if found.plan is not None else works.none()


def tags_with_counts(user: AnyUser, tag_type: str) -> list[tuple[Tag, int]]:
    """Canonical tags of one type that this reader's catalog has works for, each with how
    many (synonyms' and sub tags' works included, as filters count them). Fandoms are those
    of the Fandoms A–Z page: not yet wrangled ones too, as a new archive has no wranglers."""
    listed = catalog_works(user).values("pk")
    named = Q(merger__isnull=True) if tag_type == TagType.FANDOM else Q(canonical=True)
    tags = (
        Tag.objects.of_type(tag_type)
        .filter(named)
        .annotate(work_count=Count("filtered_works", filter=Q(filtered_works__in=listed)))
        .filter(work_count__gt=0)
        .order_by("name", "pk")
    )
    return [(tag, tag.work_count) for tag in tags]  # type: ignore[attr-defined]


def _fill_counts(user: AnyUser, group: str, **where: object) -> dict[int, int]:
    """Visible, unmuted works with an approved fill, counted by ``group`` (one query)."""
    listed = catalog_works(user).values("pk")
    rows = (
        Fill.objects.filter(status=FillStatus.APPROVED, work__in=listed, **where)
        .values(group)
        .annotate(n=Count("work", distinct=True))
    )
    return {row[group]: row["n"] for row in rows}


def communities_with_counts(user: AnyUser) -> list[tuple[Community, int]]:
    counts = _fill_counts(user, "challenge__community")
    return [(c, counts.get(c.pk, 0)) for c in Community.objects.order_by("name", "pk")]


def periods_with_counts(user: AnyUser, community: Community) -> list[tuple[Period, int]]:
    """The community's periods that have begun, newest first, with their fills."""
    periods = (
        Period.objects.filter(challenge__community=community, opens_at__lte=timezone.now())
        .select_related("challenge__community")
        .order_by("-opens_at", "pk")
    )
    counts = _fill_counts(user, "period", challenge__community=community)
    return [(period, counts.get(period.pk, 0)) for period in periods]


def community_works(user: AnyUser, community: Community) -> WorkQuerySet:
    return community_selectors.works_in_community(community, user).unmuted_for(user)


def period_works(user: AnyUser, period: Period) -> WorkQuerySet:
    return community_selectors.works_in_period(period, user).unmuted_for(user)


def later_works(user: User) -> WorkQuerySet:
    """What the reader marked for later, most recently read first."""
    marked = Reading.objects.filter(user=user, later=True, work_id=OuterRef("pk"))
    return (
        Work.objects.visible_to(user)
        .published()
        .filter(pk__in=Reading.objects.filter(user=user, later=True).values("work_id"))
        .alias(read_at=Subquery(marked.values("last_read_at")[:1]))
        .order_by("-read_at", "-pk")
    )


def bookmarked_works(user: User) -> WorkQuerySet:
    """The works the reader bookmarked, newest bookmark first."""
    kept = Bookmark.objects.filter(user=user, work_id=OuterRef("pk"))
    return (
        Work.objects.visible_to(user)
        .published()
        .filter(pk__in=Bookmark.objects.filter(user=user).values("work_id"))
        .alias(kept_at=Subquery(kept.values("created_at")[:1]))
        .order_by("-kept_at", "-pk")
    )
