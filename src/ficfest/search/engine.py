"""The one entry point: ``search(text)`` reads what a reader typed and answers, on whichever
backend the database has, which of a set of works (or prompts) match it, in what order of
relevance, and with what passage of each.

It narrows a set it is given and never widens it: callers hand it works already
``visible_to`` the reader (and without their mutes), so the index never decides what a reader
may see; a snippet comes only from a row that is in that set.
"""

from dataclasses import dataclass
from typing import Any, TypeVar

from django.core.exceptions import EmptyResultSet
from django.db import models
from django.db.models.expressions import RawSQL
from django.utils.safestring import SafeString

from ficfest.lib.idlists import ids_sql
from ficfest.search.backends import backend
from ficfest.search.backends.base import PROMPTS, WORKS, Kind, Plan
from ficfest.search.query import Query, query_parse

# The most matches a search works with. A word found in most works would otherwise have every
# one of them counted, faceted and ranked on each page; past this, the newest matches are the
# set the listing counts, facets and ranks, and the reader is told so.
MATCH_CAP = 10_000
# The most of them ranked by relevance: the newest this many that pass the page's filters
# (their rank reads each one's positions or vector); pages past them list the older ones,
# newest first. Fifty pages of twenty.
RANK_CAP = 1_000

Items = TypeVar("Items", bound="models.QuerySet[Any]")


def _sql_of(items: "models.QuerySet[Any]") -> tuple[str, list[Any]]:
    sql, params = items.order_by().values("pk").query.sql_with_params()
    return sql, list(params)


@dataclass
class Found:
    """A query ready to apply to a set of works or prompts."""

    kind: Kind
    query: Query
    plan: Plan | None  # None: nothing to look for, every item matches
    # The ids of the matches (at most MATCH_CAP, the newest), read from the index once.
    candidates: list[int] | None = None
    capped: bool = False

    @property
    def notes(self) -> list[str]:
        return self.query.notes

    @property
    def rankable(self) -> bool:
        return self.plan is not None and self.plan.rank is not None

    def filter(self, items: Items) -> Items:
        """``items`` narrowed to those that match."""
        if self.plan is None:
            return items
        if self.plan.nothing:
            return items.none()
        if self.candidates is None:
            sql, params = self.plan.ids
        else:
            sql, params = ids_sql(self.candidates)
        return items.filter(pk__in=RawSQL(sql, params))

    def ranked_ids(self, items: "models.QuerySet[Any]", offset: int, limit: int) -> list[int]:
        """A page of the ids of ``items`` (already filtered), the most relevant first."""
        if self.plan is None or self.plan.nothing:
            return list(items.order_by("-pk").values_list("pk", flat=True)[offset : offset + limit])
        try:
            sql, params = _sql_of(items)
        except EmptyResultSet:  # a set known to be empty (no ids left by the filters)
            return []
        ids: list[int] = []
        if offset < RANK_CAP:
            newest = f"SELECT * FROM ({sql}) AS w ORDER BY 1 DESC LIMIT {RANK_CAP}"
            wanted = min(limit, RANK_CAP - offset)
            ids = backend().ranked(self.kind, self.plan, (newest, params), offset, wanted)
        if offset + limit > RANK_CAP:
            start = max(offset, RANK_CAP)
            rest = items.order_by("-pk").values_list("pk", flat=True)
            ids += list(rest[start : offset + limit])
        return ids

    def snippets(self, ids: list[int]) -> dict[int, SafeString]:
        """For items the reader may see (the caller's page): a passage around the match,
        escaped, the matched words in <mark>."""
        if self.plan is None or self.plan.nothing or not ids:
            return {}
        return backend().snippets(self.kind, self.query, ids)


def search(text: str | Query, *, kind: Kind = WORKS) -> Found:
    """What ``text`` (a search box's words) asks for, for works or (``kind=PROMPTS``) prompts.
    Never fails: what could not be used is said in ``notes``."""
    query = text if isinstance(text, Query) else query_parse(text)
    plan = None if query.empty else backend().plan(kind, query)
    found = Found(kind, query, plan)
    if plan is not None and not plan.nothing:
        ids = backend().matches(kind, plan, MATCH_CAP + 1)
        found.candidates, found.capped = ids[:MATCH_CAP], len(ids) > MATCH_CAP
        if found.capped:
            query.notes.append(
                f"More than {MATCH_CAP:,} {kind.name} match your search: only the "
                f"{MATCH_CAP:,} most recently added are listed and counted. Add words to "
                "narrow it."
            )
    return found


__all__ = ["PROMPTS", "WORKS", "Found", "search"]
