"""Kudos: once per logged-in reader, once per guest address (its hash, keyed with the site's
secret, so the database keeps no addresses). A work's creators can't give kudos to their own
work, so the list of givers never names the creator of an anonymous work."""

import hmac
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from ficfest.accounts.auth import AnyUser
from ficfest.accounts.services import blocked_by_any
from ficfest.social import counts
from ficfest.social.models import Kudo
from ficfest.social.places import Place

GIVERS_SHOWN = 50


def guest_key(address: str) -> str:
    return hmac.new(settings.SECRET_KEY.encode(), address.encode(), "sha256").hexdigest()


def kudos_refusal(place: Place, user: AnyUser) -> str | None:
    if user.is_authenticated and user.pk in place.creator_ids:
        return "You can't leave kudos on your own work."
    if user.is_authenticated and blocked_by_any(user_ids=place.creator_ids, reader=user):
        return "You can't leave kudos on this work."
    return None


def kudos_give(*, place: Place, user: AnyUser, address: str) -> bool:
    """True when counted; False when this reader (or guest address) gave kudos already."""
    refusal = kudos_refusal(place, user)
    if refusal:
        raise ValidationError(refusal)
    fields = {"user": user} if user.is_authenticated else {"guest_key": guest_key(address)}
    try:
        # Two clicks at once: the unique constraints let one in; the other finds it there.
        with transaction.atomic():
            kudo = Kudo.objects.create(work=place.work, **fields)  # type: ignore[misc]
            counts.kudos_added(kudo.work_id)
    except IntegrityError:
        return False
    return True


@dataclass
class KudosSummary:
    givers: list[str]  # usernames, oldest first
    more_users: int
    guests: int

    @property
    def total(self) -> int:
        return len(self.givers) + self.more_users + self.guests


def kudos_summary(place: Place) -> KudosSummary:
    """The givers' names and how many guests, from the work's kept count (``social.counts``):
    no query for a work without kudos, one for most others."""
    total = _total(place)
    if not total:
        return KudosSummary(givers=[], more_users=0, guests=0)
    named = Kudo.objects.filter(work=place.work, user__isnull=False)
    givers = list(named.values_list("user__username", flat=True)[:GIVERS_SHOWN])
    users = named.count() if len(givers) == GIVERS_SHOWN else len(givers)
    return KudosSummary(givers=givers, more_users=users - len(givers), guests=max(total - users, 0))


def _total(place: Place) -> int:
    return place.work.kudos_count if place.work is not None else 0


def has_given(place: Place, user: AnyUser, address: str) -> bool:
    if not _total(place):
        return False
    kudos = Kudo.objects.filter(work=place.work)
    if user.is_authenticated:
        return kudos.filter(user=user).exists()
    return kudos.filter(user__isnull=True, guest_key=guest_key(address)).exists()
