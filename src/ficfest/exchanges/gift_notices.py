"""Telling recipients of their gifts, once each: that a gift was posted for them (as soon as
they may see it: at once, or at the gifts' reveal of an unrevealed exchange) and, when its
creators were anonymous, who wrote it (at the creators' reveal). Whether each is due is read
from the clock when the periodic tick runs, so a worker that was down misses nothing; a claim
by conditional update makes each notice go out once. Each notice is an email and, through
``exchanges.seams``, an inbox item.

Import this module at startup (ExchangesConfig.ready) so the periodic check is registered."""

from django.core.mail import send_mail
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django_tasks import task

from ficfest.communities.models import Anonymity
from ficfest.exchanges.models import Assignment, AssignmentStatus
from ficfest.exchanges.seams import GiftNotice, gift_told
from ficfest.lib.ticks import each, periodic
from ficfest.lib.urls import absolute
from ficfest.works.models import Work, secret_now


def _fulfilled() -> QuerySet[Assignment]:
    return Assignment.objects.filter(status=AssignmentStatus.FULFILLED, work__isnull=False)


def _visible_gift(assignment: Assignment) -> Work | None:
    """The gift, once the recipient may see it: posted, published and past the gifts' reveal
    (a recipient who moderates the exchange sees it earlier, but is told with everyone else).
    Loaded plainly, so ``creators_are_hidden`` says what a stranger may know."""
    now, work_id = timezone.now(), assignment.work_id or 0
    shown = Work.objects.visible_to(assignment.recipient.user).exclude(
        secret_now("unrevealed", now)
    )
    if not shown.filter(pk=work_id).exists():
        return None
    return Work.objects.get(pk=work_id)


def _names(work: Work) -> str:
    names = [pseud.name for pseud in work.credited_pseuds()]
    return " and ".join(names) if names else "an orphaned account"


@task()
def tell_recipient(assignment_id: int) -> None:
    """The gift's notice, if it is due and was not sent yet (else nothing: safe to repeat)."""
    with transaction.atomic():
        assignment = (
            _fulfilled()
            .filter(pk=assignment_id, recipient_told_at__isnull=True)
            .select_related("challenge__community", "recipient__user", "recipient__pseud")
            .first()
        )
        if assignment is None:
            return
        work = _visible_gift(assignment)
        claimed = _fulfilled().filter(pk=assignment_id, recipient_told_at__isnull=True)
        if work is None or not claimed.update(recipient_told_at=timezone.now()):
            return
        challenge = assignment.challenge
        text = f"A gift for you in {challenge.title}: “{work.title}”"
        text += " by Anonymous." if work.creators_are_hidden else f" by {_names(work)}."
        if not work.creators_are_hidden:
            # Nothing left to reveal later: the creators' notice would only repeat this one.
            _fulfilled().filter(pk=assignment_id).update(creator_told_at=timezone.now())
        _tell(assignment, work, text)


@task()
def tell_creator(assignment_id: int) -> None:
    """At the creators' reveal: who wrote the recipient's gift."""
    with transaction.atomic():
        assignment = (
            _fulfilled()
            .filter(pk=assignment_id, recipient_told_at__isnull=False, creator_told_at__isnull=True)
            .select_related("challenge__community", "recipient__user", "recipient__pseud", "work")
            .first()
        )
        if assignment is None or assignment.work is None or assignment.work.creators_are_hidden:
            return
        claimed = _fulfilled().filter(pk=assignment_id, creator_told_at__isnull=True)
        if not claimed.update(creator_told_at=timezone.now()):
            return
        work = assignment.work
        text = f"Revealed: your gift “{work.title}” in {assignment.challenge.title} is by "
        _tell(assignment, work, text + f"{_names(work)}.")


def _tell(assignment: Assignment, work: Work, text: str) -> None:
    user = assignment.recipient.user
    url = work.get_absolute_url()
    if user.email:
        send_mail(
            subject=text[:150],
            message=f"{text}\n\n{absolute(url)}\n",
            from_email=None,
            recipient_list=[user.email],
        )
    notice = GiftNotice(user=user, text=text, url=url, emailed=bool(user.email))
    transaction.on_commit(lambda: gift_told(notice))


@periodic
def gifts_tell_recipients() -> None:
    """Queue the gift notices that are due: gifts shown to readers now whose recipient was not
    told yet, and gifts whose creators were revealed since (each task checks again)."""
    now = timezone.now()
    shown = Work.objects.published().exclude(secret_now("unrevealed", now))
    untold = _fulfilled().filter(recipient_told_at__isnull=True, work__in=shown)
    each(list(untold.values_list("pk", flat=True)), tell_recipient.enqueue, "gift notice")
    unnamed = (
        _fulfilled()
        .filter(recipient_told_at__isnull=False, creator_told_at__isnull=True)
        .exclude(challenge__anonymity=Anonymity.NONE)
        .exclude(work__in=Work.objects.filter(secret_now("anonymous", now)))
    )
    each(list(unnamed.values_list("pk", flat=True)), tell_creator.enqueue, "gift creators' notice")
