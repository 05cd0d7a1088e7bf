"""The orders a listing can be sorted in. A registry, so that apps above (kudos, comments,
bookmarks, hits) add theirs at start-up with ``sort_register``; every order ends on ``-pk``
so pages never overlap or skip a work."""

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Case, OuterRef, Subquery, Value, When
from django.db.models.functions import Coalesce, Lower

from ficfest.works.models import Creatorship, WorkQuerySet

# A hidden creator sorts under the word the page shows instead of a name, so its place in a
# sorted listing is the place of a creator called "Anonymous" and says nothing more.
ANONYMOUS = "anonymous"
# What a blurb says of a work with no credited pseud left.
ORPHAN = "orphan account"


@dataclass(frozen=True)
class Sort:
    label: str
    apply: Callable[[WorkQuerySet], WorkQuerySet]


def _by(*fields: str) -> Callable[[WorkQuerySet], WorkQuerySet]:
    def apply(works: WorkQuerySet) -> WorkQuerySet:
        return works.order_by(*fields, "-pk")

    return apply


def _by_title(works: WorkQuerySet) -> WorkQuerySet:
    return works.order_by(Lower("title").asc(), "-pk")


def _by_creator(works: WorkQuerySet) -> WorkQuerySet:
    first = (
        Creatorship.objects.filter(work=OuterRef("pk"), accepted=True)
        .order_by("pk")
        .values_list(Lower("pseud__name"))[:1]
    )
    name = Case(
        When(creators_hidden=True, then=Value(ANONYMOUS)),
        default=Coalesce(Subquery(first), Value(ORPHAN)),
    )
    return works.alias(sort_creator=name).order_by("sort_creator", "-pk")


SORTS: dict[str, Sort] = {
    "updated": Sort("Date updated", _by("-revised_at")),
    "posted": Sort("Date posted", _by("-published_at")),
    "title": Sort("Title", _by_title),
    "creator": Sort("Creator", _by_creator),
    "words": Sort("Word count", _by("-word_count")),
}


def sort_register(key: str, label: str, apply: Callable[[WorkQuerySet], WorkQuerySet]) -> None:
    """Offer another order on every listing (``apply`` must end its ordering on ``-pk``)."""
    SORTS[key] = Sort(label, apply)


def sort_labels() -> dict[str, str]:
    return {key: sort.label for key, sort in SORTS.items()}
