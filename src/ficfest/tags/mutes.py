"""Muted tags: a reader's tags whose works leave their listings, counts and feeds.

A mute hides what its tag filters as (``Work.objects.unmuted_for`` reads filter tags): muting a
synonym mutes its canonical, and a meta tag's mute covers its sub tags. The mute is stored on
the canonical, so the reader's list names what is really hidden; a mute made while a tag was
still unwrangled follows it when a wrangler later makes it a synonym (``unmuted_for`` resolves
it through ``merger``).
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet

from ficfest.accounts.models import User
from ficfest.accounts.services import mute_once
from ficfest.tags.models import TAG_NAME_MAX, Tag, TagMute, TagType
from ficfest.tags.selectors import filter_ids_by_tag

# A sensible ceiling: every listing pays for the reader's mutes in its query.
TAG_MUTES_MAX = 500
TYPE_ORDER = {value: index for index, value in enumerate(TagType.values)}


def tags_named(name: str, tag_type: str = "") -> QuerySet[Tag]:
    """The tags called ``name`` (any case, spaces squeezed), of ``tag_type`` if given. A name
    may be used by one tag of each type; the caller decides which the reader may know of."""
    name = " ".join(name.split())
    if not name:
        raise ValidationError("Type a tag's name.")
    if len(name) > TAG_NAME_MAX:
        raise ValidationError(f"Tags are at most {TAG_NAME_MAX} characters long.")
    found = Tag.objects.filter(name__iexact=name).select_related("merger")
    return found.filter(type=tag_type) if tag_type else found


def one_tag(tags: list[Tag], name: str) -> Tag:
    """The tag a name means among the candidates, or a ValidationError saying why not."""
    name = " ".join(name.split())
    if not tags:
        raise ValidationError(f"There is no tag called “{name}”.")
    if len(tags) > 1:
        kinds = ", ".join(sorted((tag.get_type_display() for tag in tags), key=str.lower))
        raise ValidationError(f"“{name}” is the name of several tags ({kinds}): choose its type.")
    return tags[0]


@transaction.atomic
def tag_mute(*, user: User, tag: Tag) -> TagMute:
    """Hide works tagged ``tag`` (or what it filters as) from ``user``. Twice changes nothing."""
    mutes = TagMute.objects.filter(user=user)
    return mute_once(user=user, mutes=mutes, what="tags", most=TAG_MUTES_MAX, tag=tag.filter_tag)


@transaction.atomic
def tag_unmute(*, user: User, tag: Tag) -> bool:
    """Show works tagged ``tag`` again: its own mute and its canonical's (with a mute of one of
    the canonical's synonyms, made before it was one). False if there was none."""
    deleted, _ = TagMute.objects.filter(user=user).filter(_own_mute(tag)).delete()
    return deleted > 0


def _own_mute(tag: Tag) -> Q:
    canonical = tag.filter_tag.pk
    return Q(tag_id__in={tag.pk, canonical}) | Q(tag__merger_id=canonical)


def mute_covering(*, user: User, tag: Tag) -> TagMute | None:
    """The reader's mute that hides this tag's works: of the tag, its canonical, or a meta tag
    above it (directly, or through a tag since made a synonym of one of them)."""
    ids = {tag.pk, *filter_ids_by_tag([tag.pk]).get(tag.pk, set())}
    mutes = TagMute.objects.filter(user=user).filter(Q(tag_id__in=ids) | Q(tag__merger_id__in=ids))
    # Its own or its canonical's mute first: that is the one "Unmute" on this page removes.
    found = sorted(mutes.select_related("tag"), key=lambda mute: not mute_is_own(mute, tag))
    return found[0] if found else None


def mute_is_own(mute: TagMute, tag: Tag) -> bool:
    """Whether unmuting ``tag`` removes this mute (not a meta tag's mute above it)."""
    canonical = tag.filter_tag.pk
    return mute.tag_id in {tag.pk, canonical} or mute.tag.merger_id == canonical


def tags_muted_by(user: User) -> list[TagMute]:
    """The reader's muted tags by type (in the order a work shows them), then by name."""
    mutes = TagMute.objects.filter(user=user).select_related("tag__merger")
    return sorted(mutes, key=lambda m: (TYPE_ORDER.get(m.tag.type, 99), m.tag.name.lower()))
