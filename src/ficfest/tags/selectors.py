"""Reads for tags: the A–Z index letter and what a filter on a tag means after wrangling."""

from collections.abc import Iterable
from typing import Any

from django.db.models import F, QuerySet

from ficfest.tags.models import Tag


def index_letter(name: str) -> str:
    """The letter a name is filed under in an A–Z index ("#" for digits and symbols)."""
    first = name[:1].upper()
    if first.isascii() and first.isalpha():
        return first
    return "#" if not first.isalpha() else first


def _meta_links() -> QuerySet[Any]:
    """Parent links between two tags of one type (sub tag ``from_tag``, meta tag ``to_tag``):
    the only links a filter follows."""
    return Tag.parents.through.objects.filter(from_tag__type=F("to_tag__type"))


def _meta_above(tag_ids: set[int]) -> dict[int, set[int]]:
    """Each tag's meta tags, all the way up (one query per level; a cycle, which wrangling
    refuses, would still end because each level only adds tags not reached before)."""
    above: dict[int, set[int]] = {tag_id: set() for tag_id in tag_ids}
    frontier = {tag_id: {tag_id} for tag_id in tag_ids}  # tag -> the tags reached last level
    while reached := set().union(*frontier.values()):
        parents: dict[int, set[int]] = {}
        rows = _meta_links().filter(from_tag_id__in=reached)
        for child, parent in rows.values_list("from_tag_id", "to_tag_id"):
            parents.setdefault(child, set()).add(parent)
        frontier = {
            tag_id: set().union(*(parents.get(t, set()) for t in step)) - above[tag_id]
            for tag_id, step in frontier.items()
        }
        for tag_id, new in frontier.items():
            above[tag_id] |= new
    return above


def filter_ids_by_tag(tag_ids: Iterable[int]) -> dict[int, set[int]]:
    """For each tag a work carries, the tags a filter may match the work by: the tag's
    canonical (itself unless it is a synonym) and every meta tag above that."""
    merger = dict(Tag.objects.filter(pk__in=set(tag_ids)).values_list("pk", "merger_id"))
    filter_of = {tag_id: merger_id or tag_id for tag_id, merger_id in merger.items()}
    above = _meta_above(set(filter_of.values()))
    return {tag_id: {f, *above[f]} for tag_id, f in filter_of.items()}


def tags_affected_by(tag_ids: Iterable[int]) -> set[int]:
    """Tags whose filters change when these tags' wrangling changes: the tags themselves,
    their synonyms, and the sub tags below them with theirs."""
    affected: set[int] = set()
    frontier = set(tag_ids)
    while frontier:
        frontier |= set(Tag.objects.filter(merger_id__in=frontier).values_list("pk", flat=True))
        frontier -= affected
        affected |= frontier
        below = _meta_links().filter(to_tag_id__in=frontier)
        frontier = set(below.values_list("from_tag_id", flat=True)) - affected
    return affected
