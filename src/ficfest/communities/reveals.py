"""Reveals. Whether a work is revealed is derived from its challenge's reveal_at (and, for the
creators' names, its later creators_reveal_at when it has one) when read, so pages change by
themselves at that moment; this module sends the notices that go with each reveal, once, from
the periodic tick (and catches up after a worker was down)."""

from functools import partial

from django.core.mail import send_mail
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django_tasks import task

from ficfest.communities.models import Anonymity, Challenge, FillStatus
from ficfest.lib.dates import describe
from ficfest.lib.ticks import each, periodic
from ficfest.lib.urls import absolute
from ficfest.works.models import Creatorship


@periodic
def reveals_announce() -> int:
    """Queue the notices of every reveal that has passed and was not announced yet."""
    due = Challenge.objects.exclude(anonymity=Anonymity.NONE).filter(
        reveal_at__lte=timezone.now(), reveal_announced_at__isnull=True
    )
    return sum(each(due, partial(_announce, names=False), "reveal notice"))


@periodic
def creators_reveals_announce() -> int:
    """The same for the creators' reveals that come after their works' reveal."""
    due = Challenge.objects.filter(
        anonymity=Anonymity.UNREVEALED,
        creators_reveal_at__lte=timezone.now(),
        creators_reveal_announced_at__isnull=True,
    )
    return sum(each(due, partial(_announce, names=True), "creators' reveal notice"))


def _announce(challenge: Challenge, *, names: bool) -> int:
    field = "creators_reveal_announced_at" if names else "reveal_announced_at"
    with transaction.atomic():
        claimed = Challenge.objects.filter(pk=challenge.pk, **{f"{field}__isnull": True})
        # The conditional update makes two ticks racing announce it once.
        if not claimed.update(**{field: timezone.now()}):
            return 0
        transaction.on_commit(partial(notify_revealed.enqueue, challenge.pk, names))
    return 1


def _ships(challenge: Challenge) -> QuerySet[Creatorship]:
    return Creatorship.objects.filter(
        accepted=True,
        work__fills__challenge=challenge,
        work__fills__status=FillStatus.APPROVED,
    ).select_related("pseud__user", "work")


def _message(challenge: Challenge, ship: Creatorship, names: bool) -> str:
    title = ship.work.title
    names_at = challenge.names_revealed_at
    if names or names_at is None or names_at <= timezone.now():
        said = f"“{title}” is now shown as yours, {ship.pseud.name}."
    else:
        # The works' reveal of a challenge whose creators are revealed later.
        when = describe(names_at, challenge.community.time_zone)
        said = f"“{title}” is now shown to readers. Your name stays hidden until {when}."
    which = "creators' reveal" if names else "reveal"
    return (f"The {which} of {challenge.title} in {challenge.community.name} has come: "
            f"{said}\n\n{absolute(ship.work.get_absolute_url())}\n")  # fmt: skip


@task()
def notify_revealed(challenge_id: int, names: bool = False) -> None:
    challenge = Challenge.objects.select_related("community").get(pk=challenge_id)
    for ship in _ships(challenge).distinct():
        user = ship.pseud.user
        if not user.email:
            continue
        send_mail(
            subject=f"Revealed: {ship.work.title}",
            message=_message(challenge, ship, names),
            from_email=None,
            recipient_list=[user.email],
        )
