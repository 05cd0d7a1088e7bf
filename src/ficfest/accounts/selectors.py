"""Reads for accounts: finding a creator by the name a reader types."""

import re

from django.core.exceptions import ValidationError
from django.db.models import QuerySet

from ficfest.accounts.models import CreatorMute, User

# "pseud (username)": how a pseud name several creators share is written out.
_PSEUD_WITH_USER = re.compile(r"^(?P<pseud>.+?)\s*\((?P<user>[^()]+)\)$")
NAME_MAX = 200


def creator_named(name: str) -> User:
    """The creator a reader means by ``name``: a username, else a pseud name (``pseud
    (username)`` when several creators share it). A ValidationError says what was wrong."""
    name = " ".join(name.split())
    if not name:
        raise ValidationError("Type a username or a pseud name.")
    if len(name) > NAME_MAX:
        raise ValidationError(f"There is no creator called “{name[:40]}…”.")
    active = User.objects.filter(is_active=True)
    if user := active.filter(username__iexact=name).first():
        return user
    match = _PSEUD_WITH_USER.match(name)
    if match:
        found = active.filter(pseuds__name__iexact=match["pseud"], username__iexact=match["user"])
    else:
        found = active.filter(pseuds__name__iexact=name)
    users = list(found.distinct()[:2])
    if not users:
        raise ValidationError(f"There is no creator called “{name}”.")
    if len(users) > 1:
        raise ValidationError(
            f"More than one creator has a pseud called “{name}”: write it as “{name} (username)”."
        )
    return users[0]


def creators_muted_by(user: User) -> QuerySet[CreatorMute]:
    return CreatorMute.objects.filter(user=user).select_related("muted").order_by("muted__username")


def is_creator_muted(*, user: User, muted: User) -> bool:
    return CreatorMute.objects.filter(user=user, muted=muted).exists()
