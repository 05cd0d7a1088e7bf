"""Reads for tags: the A–Z index letter, what a filter on a tag means after wrangling, a
tag's family as its pages show it, and finding a tag by the name a wrangler typed."""

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Case, F, IntegerField, Q, QuerySet, When

from ficfest.tags.models import Tag, TagType


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


def filter_ids_each(tags: "Iterable[Tag]") -> dict[int, set[int]]:
    """``filter_ids_by_tag`` for tags already loaded (their ``merger_id`` in hand)."""
    filter_of = {tag.pk: tag.merger_id or tag.pk for tag in tags}
    above = _meta_above(set(filter_of.values()))
    return {tag_id: {f, *above[f]} for tag_id, f in filter_of.items()}


def filter_ids_of(tags: "Iterable[Tag]") -> set[int]:
    """``filter_ids_by_tag`` for tags already loaded (their ``merger_id`` in hand), merged into
    one set: what a new work carrying them is found by. One query, for the meta tags."""
    canonical = {tag.merger_id or tag.pk for tag in tags}
    return canonical.union(*_meta_above(canonical).values())


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


# A fandom can have thousands of characters: its page shows this many links, and says so.
FAMILY_LIMIT = 300

Group = tuple[str, list[Tag]]


@dataclass
class TagFamily:
    """Where a tag stands: its canonical (if a synonym), its synonyms, meta and sub tags (links
    within its type), and the tags it belongs to and that belong to it (across types)."""

    merger: Tag | None = None
    synonyms: list[Tag] = field(default_factory=list)
    meta: list[Tag] = field(default_factory=list)
    sub: list[Tag] = field(default_factory=list)
    parents: list[Group] = field(default_factory=list)
    children: list[Group] = field(default_factory=list)
    truncated: bool = False

    @property
    def empty(self) -> bool:
        return not (self.merger or self.synonyms or self.meta or self.sub or self.parents
                    or self.children)  # fmt: skip


# What a group of tags of one type is called: one, several.
GROUP_NAMES = {
    TagType.WARNING: ("Archive warning", "Archive warnings"),
    TagType.CATEGORY: ("Category", "Categories"),
    TagType.FANDOM: ("Fandom", "Fandoms"),
    TagType.RELATIONSHIP: ("Relationship", "Relationships"),
    TagType.CHARACTER: ("Character", "Characters"),
    TagType.FREEFORM: ("Additional tag", "Additional tags"),
}


def _by_type(tags: list[Tag]) -> list[Group]:
    """Tags grouped under their type's name, in the order a work shows types."""
    groups: dict[str, list[Tag]] = {}
    for tag in tags:
        groups.setdefault(tag.type, []).append(tag)
    return [(GROUP_NAMES[TagType(t)][len(groups[t]) > 1],
             sorted(groups[t], key=lambda x: x.name.lower()))
            for t in TagType.values if t in groups]  # fmt: skip


def tag_family(tag: Tag) -> TagFamily:
    """A tag's family in two queries: its synonyms and canonical, then its parent links."""
    related = Tag.objects.filter(Q(merger=tag) | Q(pk=tag.merger_id or 0)).order_by("name")
    family = TagFamily()
    for other in related[: FAMILY_LIMIT + 1]:
        if other.pk == tag.merger_id:
            family.merger = other
        else:
            family.synonyms.append(other)
    links = (
        Tag.parents.through.objects.filter(Q(from_tag=tag) | Q(to_tag=tag))
        .select_related("from_tag", "to_tag")
        # Parents first, so a long list of children never crowds them out.
        .annotate(down=Case(When(from_tag=tag, then=0), default=1, output_field=IntegerField()))
        .order_by("down", "pk")
    )
    ups, downs = [], []
    for link in links[: FAMILY_LIMIT + 1]:
        if link.from_tag_id == tag.pk:
            ups.append(link.to_tag)
        else:
            downs.append(link.from_tag)
    family.truncated = len(family.synonyms) + len(ups) + len(downs) > FAMILY_LIMIT
    family.meta = sorted((t for t in ups if t.type == tag.type), key=lambda t: t.name.lower())
    family.sub = sorted((t for t in downs if t.type == tag.type), key=lambda t: t.name.lower())
    family.parents = _by_type([t for t in ups if t.type != tag.type])
    family.children = _by_type([t for t in downs if t.type != tag.type])
    return family


def tag_named(name: str, types: Iterable[str]) -> list[Tag]:
    """The tags of these types called ``name`` (any case), at most one a type. SQLite folds the
    case of ASCII letters only, so the exact spelling is asked for too."""
    name = " ".join(name.split())
    found = Tag.objects.filter(Q(name__iexact=name) | Q(name=name), type__in=list(types))
    return list(found.select_related("merger").order_by("type"))
