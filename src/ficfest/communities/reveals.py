"""Reveals. Whether a work is revealed is derived from its challenge's reveal_at when read, so
pages change by themselves at that moment; this module sends the notices that go with it, once,
from the periodic tick (and catches up after a worker was down)."""

from functools import partial

from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from ficfest.communities.models import Anonymity, Challenge, FillStatus
from ficfest.lib.ticks import each, periodic
from ficfest.lib.urls import absolute
from ficfest.works.models import Creatorship


@periodic
def reveals_announce() -> int:
    """Queue the notices of every reveal that has passed and was not announced yet."""
    due = Challenge.objects.exclude(anonymity=Anonymity.NONE).filter(
        reveal_at__lte=timezone.now(), reveal_announced_at__isnull=True
    )
    return sum(each(due, _announce, "reveal notice"))


def _announce(challenge: Challenge) -> int:
    with transaction.atomic():
        claimed = Challenge.objects.filter(pk=challenge.pk, reveal_announced_at__isnull=True)
        # The conditional update makes two ticks racing announce it once.
        if not claimed.update(reveal_announced_at=timezone.now()):
            return 0
        transaction.on_commit(partial(notify_revealed.enqueue, challenge.pk))
    return 1


@task()
def notify_revealed(challenge_id: int) -> None:
    challenge = Challenge.objects.select_related("community").get(pk=challenge_id)
    ships = Creatorship.objects.filter(
        accepted=True,
        work__fills__challenge=challenge,
        work__fills__status=FillStatus.APPROVED,
    ).select_related("pseud__user", "work")
    for ship in ships.distinct():
        user = ship.pseud.user
        if not user.email:
            continue
        send_mail(
            subject=f"Revealed: {ship.work.title}",
            message=(
                f"The reveal of {challenge.title} in {challenge.community.name} has come: "
                f"“{ship.work.title}” is now shown as yours, {ship.pseud.name}.\n\n"
                f"{absolute(ship.work.get_absolute_url())}\n"
            ),
            from_email=None,
            recipient_list=[user.email],
        )
