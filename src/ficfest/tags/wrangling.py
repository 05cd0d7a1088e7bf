"""Writes of tag wrangling: canonical tags, synonyms, parents and renames.

Every change that moves what a filter on a tag means sends ``tags_rewrangled`` after commit,
so the works app recomputes the filters of the works concerned (a task, safe to run twice).
"""

from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.db import transaction

from ficfest.accounts.models import User
from ficfest.tags.models import FIXED_TYPES, Tag, TagType
from ficfest.tags.selectors import tags_affected_by
from ficfest.tags.services import tag_names_parse
from ficfest.tags.signals import tags_rewrangled

# Parent links across types that say where a tag belongs: (parent type, child type).
BELONGS_TO = {
    (TagType.FANDOM, TagType.CHARACTER),
    (TagType.FANDOM, TagType.RELATIONSHIP),
    (TagType.FANDOM, TagType.FREEFORM),
    (TagType.CHARACTER, TagType.RELATIONSHIP),
}


def _rewrangle(tags: list[Tag], change: Callable[[], None]) -> None:
    """Run ``change`` and announce, after commit, every tag whose filters it may move."""
    ids = {tag.pk for tag in tags}
    affected = tags_affected_by(ids)
    change()
    affected |= tags_affected_by(ids)
    transaction.on_commit(lambda: tags_rewrangled.send(sender=Tag, tag_ids=sorted(affected)))


def _unfixed(tag: Tag) -> None:
    if tag.type in FIXED_TYPES:
        raise ValidationError(f"{tag.get_type_display()} tags are fixed and are not wrangled.")


@transaction.atomic
def tag_canonical_set(*, tag: Tag, canonical: bool) -> None:
    """Make a tag canonical (a synonym made canonical stands on its own) or take it back."""
    _unfixed(tag)
    if not canonical and (tag.synonyms.exists() or tag.children.filter(type=tag.type).exists()):
        raise ValidationError(
            f"“{tag.name}” has synonyms or sub tags: move them elsewhere before it stops "
            "being canonical."
        )

    def change() -> None:
        tag.canonical, tag.merger = canonical, None if canonical else tag.merger
        tag.save(update_fields=["canonical", "merger"])

    _rewrangle([tag], change)


@transaction.atomic
def tag_merge(*, tag: Tag, into: Tag) -> None:
    """Make ``tag`` a synonym of the canonical ``into``: filters on either find both. The
    tag's own synonyms and its parent and child links move to ``into``."""
    _unfixed(tag)
    if into.pk == tag.pk or into.type != tag.type:
        raise ValidationError("A tag can only be a synonym of another tag of the same type.")
    if not into.canonical:
        raise ValidationError(f"“{into.name}” is not canonical: only a canonical tag has synonyms.")
    synonyms = list(tag.synonyms.all())

    def change() -> None:
        Tag.objects.filter(merger=tag).update(merger=into)
        into.parents.add(*tag.parents.exclude(pk=into.pk))
        into.children.add(*tag.children.exclude(pk=into.pk))
        tag.parents.clear()
        tag.children.clear()
        tag.canonical, tag.merger = False, into
        tag.save(update_fields=["canonical", "merger"])

    _rewrangle([tag, into, *synonyms], change)


@transaction.atomic
def tag_unmerge(*, tag: Tag) -> None:
    """A synonym stands on its own again (unwrangled until a wrangler places it)."""
    if tag.merger_id is None:
        raise ValidationError(f"“{tag.name}” is not a synonym of another tag.")

    def change() -> None:
        tag.merger = None
        tag.save(update_fields=["merger"])

    _rewrangle([tag], change)


def _check_parent(child: Tag, parent: Tag) -> None:
    if child.pk == parent.pk:
        raise ValidationError("A tag cannot be its own parent.")
    if child.type == parent.type:
        _unfixed(child)
        if not (child.canonical and parent.canonical):
            raise ValidationError("Meta tags and their sub tags must both be canonical.")
        if parent.pk in tags_affected_by({child.pk}):
            raise ValidationError(f"“{parent.name}” is already below “{child.name}”.")
    elif (parent.type, child.type) not in BELONGS_TO:
        raise ValidationError(
            f"A {parent.get_type_display().lower()} tag cannot be a parent of a "
            f"{child.get_type_display().lower()} tag."
        )


@transaction.atomic
def tag_parent_add(*, child: Tag, parent: Tag) -> None:
    """A fandom over its characters, a character over its relationships, or, between two
    canonical tags of one type, a meta tag over its sub tag."""
    _check_parent(child, parent)
    _rewrangle([child], lambda: child.parents.add(parent))


@transaction.atomic
def tag_parent_remove(*, child: Tag, parent: Tag) -> None:
    _rewrangle([child], lambda: child.parents.remove(parent))


@transaction.atomic
def tag_rename(*, tag: Tag, name: str) -> None:
    """A new spelling for a tag (filters follow its id, so nothing else moves)."""
    names = tag_names_parse(name)
    if len(names) != 1:
        raise ValidationError("A tag's name is one name, without commas.")
    [new_name] = names
    taken = Tag.objects.filter(type=tag.type, name__iexact=new_name).exclude(pk=tag.pk)
    if taken.exists():
        raise ValidationError(
            f"There is already a {tag.get_type_display().lower()} tag “{new_name}”: make this "
            "one its synonym instead."
        )
    tag.name = new_name
    tag.save(update_fields=["name"])


def parent_types_for(tag: Tag) -> list[str]:
    """The types a parent of this tag may have: its own (a meta tag) and the types it may
    belong to (a fandom over a character, a character over a relationship)."""
    belongs = [parent for parent, child in BELONGS_TO if child == tag.type]
    return [t for t in TagType.values if t == tag.type or t in belongs]


@transaction.atomic
def wrangler_set(*, user: User, wrangler: bool) -> None:
    """Give or take away the tag wrangler role."""
    if user.is_wrangler != wrangler:
        user.is_wrangler = wrangler
        user.save(update_fields=["is_wrangler"])
