"""Writes for tags. Wrangling (canonical tags, synonyms, parents) will live here too."""

import re

from django.core.exceptions import ValidationError

from ficfest.tags.models import TAG_NAME_MAX, Tag

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
        if len(name) > TAG_NAME_MAX:
            raise ValidationError(
                f"Tags can be at most {TAG_NAME_MAX} characters long: “{name[:40]}…” is "
                f"{len(name)}."
            )
        if name.lower() not in seen:
            seen.add(name.lower())
            names.append(name)
    return names


def tags_get_or_create(*, tag_type: str, names: list[str]) -> list[Tag]:
    """The tags of this type with these names, creating those that do not exist yet."""
    tags = []
    for name in names:
        tag = Tag.objects.filter(type=tag_type, name__iexact=name).first()
        if tag is None:
            tag = Tag.objects.create(type=tag_type, name=name)
        tags.append(tag)
    return tags
