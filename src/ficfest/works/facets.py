"""Facet counts: how many of the works a listing holds right now, for this reader, carry each
tag, rating, language, form and state.

They are counted from the very query that lists the works (visibility, mutes and every filter
applied), at request time, so they are exact and live: a count can never include a work the
page would not show. Two queries whatever the page size: one for the tags of every type (the
top ones per type, ranked in SQL) and one for the fixed fields, which also gives the total.
"""

from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import Count, Q

from ficfest.tags.models import Tag, TagType
from ficfest.works.models import FilterTagging, Form, Language, Rating, WorkQuerySet

# Tags shown per type in the sidebar.
TOP = 10
FACET_TYPES = [
    TagType.FANDOM, TagType.RELATIONSHIP, TagType.CHARACTER, TagType.FREEFORM,
    TagType.WARNING, TagType.CATEGORY,
]  # fmt: skip


@dataclass(frozen=True)
class FacetTag:
    pk: int
    name: str
    type: str
    count: int


@dataclass
class Facets:
    total: int = 0
    tags: dict[str, list[FacetTag]] = field(default_factory=dict)
    ratings: dict[str, int] = field(default_factory=dict)
    languages: dict[str, int] = field(default_factory=dict)
    forms: dict[str, int] = field(default_factory=dict)
    complete: dict[bool, int] = field(default_factory=dict)

    def tag_count(self, pk: int) -> int:
        return next((t.count for ts in self.tags.values() for t in ts if t.pk == pk), 0)


# The filter-tag counts are grouped by tag first; each counted tag's type and name are then
# read by primary key in scalar subqueries, which a planner never turns into a join: a join
# tempted PostgreSQL into hashing the whole tags table (100 ms at 460,000 tags) to name the
# few thousand tags of a listing. Ranked per type with a window function (SQLite and
# PostgreSQL both have them); ``pinned`` tags (the ones the filter names) always come back,
# whatever their rank, so the sidebar can show them checked.
_TAG_COUNTS = """
SELECT tag_id, n, type, name FROM (
  SELECT tag_id, n, type, name,
         ROW_NUMBER() OVER (PARTITION BY type ORDER BY n DESC, name, tag_id) AS place
  FROM (
    SELECT tag_id, n,
           (SELECT t.type FROM {tags} t WHERE t.id = c.tag_id) AS type,
           (SELECT t.name FROM {tags} t WHERE t.id = c.tag_id) AS name
    FROM (SELECT ft.tag_id AS tag_id, COUNT(*) AS n FROM {taggings} ft
          WHERE ft.work_id IN ({works}) GROUP BY ft.tag_id) c
  ) named
) ranked
WHERE place <= %s{pinned}
"""


def _tag_counts(listed: WorkQuerySet, pinned: set[int]) -> dict[str, list[FacetTag]]:
    try:
        works_sql, works_params = listed.order_by().values("pk").query.sql_with_params()
    except EmptyResultSet:  # a filter that can match nothing (an empty list of works)
        return {tag_type: [] for tag_type in FACET_TYPES}
    pinned_ids = sorted(pinned)
    sql = _TAG_COUNTS.format(
        taggings=FilterTagging._meta.db_table,
        tags=Tag._meta.db_table,
        works=works_sql,
        pinned=f" OR tag_id IN ({', '.join(['%s'] * len(pinned_ids))})" if pinned_ids else "",
    )
    with connections[listed.db].cursor() as cursor:
        cursor.execute(sql, [*works_params, TOP, *pinned_ids])
        rows = cursor.fetchall()
    by_type: dict[str, list[FacetTag]] = {tag_type: [] for tag_type in FACET_TYPES}
    for tag_id, n, tag_type, name in sorted(rows, key=lambda row: (-row[1], row[3].lower())):
        by_type.setdefault(tag_type, []).append(FacetTag(tag_id, name, tag_type, n))
    return by_type


def _choice_counts(listed: WorkQuerySet) -> dict[str, Any]:
    """Every fixed field counted in one pass over the listed works."""
    counts: dict[str, Any] = {}
    for key, choices in [("rating", Rating), ("language", Language), ("form", Form)]:
        for value in choices.values:
            counts[f"{key}:{value}"] = Count("pk", filter=Q(**{key: value}))
    counts["complete:yes"] = Count("pk", filter=Q(complete=True))
    counts["complete:no"] = Count("pk", filter=Q(complete=False))
    return listed.order_by().aggregate(**counts)


def _of(counts: dict[str, Any], key: str) -> dict[str, int]:
    prefix = f"{key}:"
    return {k.removeprefix(prefix): v for k, v in counts.items() if k.startswith(prefix) and v}


def facets_count(listed: WorkQuerySet, *, pinned: set[int]) -> Facets:
    """The facets of exactly these works (already visible, unmuted and filtered)."""
    counts = _choice_counts(listed)
    ratings = _of(counts, "rating")
    return Facets(
        # Every work has exactly one rating: their sum is the total, with no count query of
        # its own, and it agrees with the facets by construction.
        total=sum(ratings.values()),
        tags=_tag_counts(listed, pinned),
        ratings=ratings,
        languages=_of(counts, "language"),
        forms=_of(counts, "form"),
        complete={True: counts["complete:yes"], False: counts["complete:no"]},
    )


def facets_none() -> Facets:
    return Facets(tags={tag_type: [] for tag_type in FACET_TYPES})
