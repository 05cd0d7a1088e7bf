"""A work's secrecy, kept in step with the anonymous and unrevealed challenges it fills.

The visibility rule (``Work.objects.visible_to``) reads a work's own ``unrevealed`` and
``anonymous`` fields and when they end; this module is the one place that sets them, from the
work's fills: a fill in a challenge that is not ``Anonymity.NONE`` keeps the work secret until
that challenge's reveal, even once a moderator removed it or its creator took it out. Every
way a fill or a challenge changes (the services, the admin, a community deleted with its
challenges) goes through a model save or delete, so the fields follow on the signals below
rather than on each caller remembering.

It also tells the visibility rule who keeps a secret: a challenge's moderators see its
anonymous and unrevealed works as they are, as they did when each fill was checked by hand.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import models
from django.db.models import Q
from django.db.models.signals import post_delete, post_save

from ficfest.accounts.models import User
from ficfest.communities.models import Anonymity, Challenge, Fill, Membership
from ficfest.works import seams
from ficfest.works.models import Work

SECRECY_FIELDS = ("unrevealed", "unrevealed_until", "anonymous", "anonymous_until")


@dataclass
class _Secret:
    """One kind of secrecy of one work: whether it holds, and until when (None: no date)."""

    held: bool = False
    until: datetime | None = None
    open_ended: bool = False

    def add(self, reveal_at: datetime | None) -> None:
        self.held = True
        if reveal_at is None:
            self.open_ended = True
        elif self.until is None or reveal_at > self.until:
            self.until = reveal_at

    def fields(self, kind: str) -> dict[str, Any]:
        until = None if (self.open_ended or not self.held) else self.until
        return {kind: self.held, f"{kind}_until": until}


def secret_fills() -> models.QuerySet[Fill]:
    """Fills that keep a work secret, revealed or not: the reveal time decides when. A fill
    removed by a moderator or taken out by its creator still counts: a work posted anonymously
    stays anonymous until its challenge's reveal, whatever happens to the fill."""
    return Fill.objects.exclude(challenge__anonymity=Anonymity.NONE)


def secrecy_of(work_ids: Iterable[int]) -> dict[int, dict[str, Any]]:
    """What each work's secrecy fields should hold, from its fills."""
    ids = set(work_ids)
    kinds = {pk: {"unrevealed": _Secret(), "anonymous": _Secret()} for pk in ids}
    rows = secret_fills().filter(work_id__in=ids)
    for work_id, anonymity, reveal_at, names_at in rows.values_list(
        "work_id", "challenge__anonymity", "challenge__reveal_at", "challenge__creators_reveal_at"
    ):
        # An unrevealed work hides its creators too: until the reveal, or until the creators'
        # reveal when the challenge has a later one (set for unrevealed challenges only).
        if anonymity == Anonymity.UNREVEALED:
            kinds[work_id]["unrevealed"].add(reveal_at)
            kinds[work_id]["anonymous"].add(names_at or reveal_at)
        else:
            kinds[work_id]["anonymous"].add(reveal_at)
    return {
        pk: {
            **secrets["unrevealed"].fields("unrevealed"),
            **secrets["anonymous"].fields("anonymous"),
        }
        for pk, secrets in kinds.items()
    }


def works_secrecy_refresh(*, work_ids: Iterable[int]) -> None:
    """Set the secrecy fields of these works from their fills, writing only what changed."""
    wanted = secrecy_of(work_ids)
    changed = []
    for work in Work.objects.filter(pk__in=wanted).only("pk", *SECRECY_FIELDS):
        fields = wanted[work.pk]
        if any(getattr(work, name) != value for name, value in fields.items()):
            for name, value in fields.items():
                setattr(work, name, value)
            changed.append(work)
    if changed:
        Work.objects.bulk_update(changed, SECRECY_FIELDS)


def secret_keepers(user: User, now: datetime) -> models.QuerySet[Any]:
    """Works this user sees through: secret only in challenges of communities they moderate."""
    moderated = Membership.objects.filter(user=user).moderating().values("community_id")
    # Still secret until the last of the two reveals (the creators' reveal may come later).
    names_out = Q(challenge__creators_reveal_at__isnull=True) | Q(
        challenge__creators_reveal_at__lte=now
    )
    secret = secret_fills().exclude(Q(challenge__reveal_at__lte=now) & names_out)
    elsewhere = secret.exclude(challenge__community__in=moderated).values("work_id")
    return (
        secret.filter(challenge__community__in=moderated)
        .exclude(work_id__in=elsewhere)
        .values("work_id")
    )


def _fill_changed(sender: type[Fill], instance: Fill, **kwargs: Any) -> None:
    if kwargs.get("created") and instance.challenge.anonymity == Anonymity.NONE:
        return  # a new fill of an open challenge keeps nothing secret: spare the queries
    works_secrecy_refresh(work_ids=[instance.work_id])


def _challenge_saved(sender: type[Challenge], instance: Challenge, **kwargs: Any) -> None:
    works_secrecy_refresh(work_ids=instance.fills.values_list("work_id", flat=True))


def connect() -> None:
    """Called once from ``CommunitiesConfig.ready``."""
    post_save.connect(_fill_changed, sender=Fill, dispatch_uid="fill_secrecy_saved")
    post_delete.connect(_fill_changed, sender=Fill, dispatch_uid="fill_secrecy_deleted")
    post_save.connect(_challenge_saved, sender=Challenge, dispatch_uid="challenge_secrecy")
    seams.register_secret_keepers(secret_keepers)
