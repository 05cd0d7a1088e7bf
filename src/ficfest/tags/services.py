"""Writes for tags as creators give them. Wrangling lives in ficfest.tags.wrangling."""

import re

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.db.models.functions import Lower

from ficfest.lib.names import hidden_character, without_hidden
from ficfest.tags.memo import TagKey, active_memo
from ficfest.tags.models import FIXED_TYPES, TAG_NAME_MAX, Tag

_SPACES = re.compile(r"\s+")


def tag_names_parse(raw: str) -> list[str]:
    """Comma-separated tag input -> distinct clean names, in the order given.

    Raises ValidationError naming the offending tag, so the form can show it by the field."""
    names: list[str] = []
    seen: set[str] = set()
    for part in raw.split(","):
        name = _SPACES.sub(" ", part).strip()
        if not name:
            continue
        if found := hidden_character(name):
            raise ValidationError(
                f"The tag “{without_hidden(name)}” contains {found}: please remove it."
            )
        if len(name) > TAG_NAME_MAX:
            raise ValidationError(
                f"Tags can be at most {TAG_NAME_MAX} characters long: “{name[:40]}…” is "
                f"{len(name)}."
            )
        if name.lower() not in seen:
            seen.add(name.lower())
            names.append(name)
    return names


def _fixed(tag_type: str) -> bool:
    """Warnings and categories are fixed choices, canonical from the start; every other new
    tag waits for a wrangler."""
    return tag_type in FIXED_TYPES


def tags_get_or_create(*, tag_type: str, names: list[str]) -> list[Tag]:
    """The tags of this type with these names, creating those that do not exist yet."""
    return tags_get_or_create_many({tag_type: names})


def _one_by_one(wanted: list[tuple[str, str]]) -> list[Tag]:
    tags = []
    for tag_type, name in wanted:
        tag = Tag.objects.filter(type=tag_type, name__iexact=name).first()
        tags.append(tag or Tag.objects.create(type=tag_type, name=name, canonical=_fixed(tag_type)))
    return tags


def tags_get_or_create_many(names_by_type: dict[str, list[str]]) -> list[Tag]:
    """Like ``tags_get_or_create`` for several types at once, in two queries at most: one read
    for every name, one insert for those that are new. Order: by type, then as given. Inside
    ``tags_memoised()`` names seen before in the block cost no query at all."""
    wanted = [(tag_type, name) for tag_type, names in names_by_type.items() for name in names]
    if not wanted:
        return []
    memo = active_memo()
    known = memo.tags if memo is not None else {}
    unknown: dict[str, list[str]] = {}
    for tag_type, name in wanted:
        if (tag_type, name.lower()) not in known:
            unknown.setdefault(tag_type, []).append(name)
    found = dict(known)
    if unknown:
        fetched = _get_or_create(unknown)
        if fetched is None:  # another writer created one meanwhile
            return _one_by_one(wanted)
        found.update(fetched)
        if memo is not None:
            memo.tags.update(fetched)
    return [found[(t, n.lower())] for t, n in wanted]


def _get_or_create(names_by_type: dict[str, list[str]]) -> dict[TagKey, Tag] | None:
    """The tags with these names by (type, lower-cased name), the missing ones created; None
    when creating them collided with another writer's."""
    # One IN list per type. SQLite lowercases ASCII only, so exact names are asked for too; a
    # non-ASCII case variant it cannot match ends in the unique constraint and the slow path.
    query = Q()
    for tag_type, names in names_by_type.items():
        lowered = [name.lower() for name in names]
        query |= Q(type=tag_type) & (Q(lname__in=lowered) | Q(name__in=names))
    tags = Tag.objects.annotate(lname=Lower("name")).filter(query)
    found = {(tag.type, tag.name.lower()): tag for tag in tags}
    missing = {(t, n.lower()): Tag(type=t, name=n, canonical=_fixed(t))
               for t, names in names_by_type.items() for n in names}  # fmt: skip
    missing = {key: tag for key, tag in missing.items() if key not in found}
    if missing:
        try:
            with transaction.atomic():
                Tag.objects.bulk_create(list(missing.values()))
        except IntegrityError:
            return None
        found.update(missing)
    return found
