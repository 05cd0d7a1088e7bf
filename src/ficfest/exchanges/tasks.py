"""Ficathon emails: each giver's assignment, and the moderators' notice of late ones. Tasks
reload rows by id and claim them with a conditional update, so each email goes out once.

Import this module at startup (ExchangesConfig.ready) so the periodic check is registered."""

from django.core.mail import send_mail, send_mass_mail
from django.db import transaction
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django_tasks import task

from ficfest.communities.models import Challenge, Membership
from ficfest.exchanges.models import Assignment, AssignmentStatus
from ficfest.lib.ticks import each, periodic
from ficfest.lib.urls import absolute


@task()
def send_assignment(assignment_id: int) -> None:
    """Tell the giver (only them) what to write. A failure to send rolls the claim back, so
    the moderators' next "Send assignments" tries again."""
    with transaction.atomic():
        claimed = Assignment.objects.filter(
            pk=assignment_id, status=AssignmentStatus.ASSIGNED, sent_at__isnull=True
        ).update(sent_at=timezone.now())
        if not claimed:
            return  # sent already, defaulted or removed since it was queued
        assignment = Assignment.objects.select_related(
            "challenge__community", "giver__user", "recipient__pseud"
        ).get(pk=assignment_id)
        if assignment.giver.user.email:
            _mail_assignment(assignment)


def _mail_assignment(assignment: Assignment) -> None:
    context = {
        "assignment": assignment,
        "challenge": assignment.challenge,
        "recipient": assignment.recipient,
        "url": absolute(reverse("my_assignments")),
    }
    kind = "Pinch hit" if assignment.pinch_hit else "Your assignment"
    send_mail(
        subject=f"{kind} for {assignment.challenge.title}",
        message=render_to_string("exchanges/email_assignment.txt", context),
        from_email=None,
        recipient_list=[assignment.giver.user.email],
    )


def _late() -> QuerySet[Assignment]:
    return Assignment.objects.filter(
        status=AssignmentStatus.ASSIGNED, due_at__lte=timezone.now(), late_notified_at__isnull=True
    )


@periodic
def assignments_flag_late() -> None:
    """Queue one notice per challenge to its moderators about assignments that passed their
    due date unfulfilled. Catches up on everything missed while no worker ran."""
    challenge_ids = set(_late().values_list("challenge_id", flat=True))
    # One challenge's failure (a moderator's broken address, say) leaves the others' notices.
    each(sorted(challenge_ids), notify_late.enqueue, "late assignments notice")


@task()
def notify_late(challenge_id: int) -> None:
    with transaction.atomic():
        ids = list(_late().filter(challenge_id=challenge_id).values_list("pk", flat=True))
        # Claim one by one: a racing run gets the rows this one did not, never the same ones.
        now = timezone.now()
        claimed = [pk for pk in ids if _late().filter(pk=pk).update(late_notified_at=now)]
        if claimed:
            _mail_moderators(challenge_id, claimed)


def _mail_moderators(challenge_id: int, assignment_ids: list[int]) -> None:
    challenge = Challenge.objects.select_related("community").get(pk=challenge_id)
    moderators = Membership.objects.moderating().filter(community=challenge.community)
    emails = [m.user.email for m in moderators.select_related("user") if m.user.email]
    if not emails:
        return
    late = Assignment.objects.filter(pk__in=assignment_ids).select_related(
        "giver__pseud__user", "recipient__pseud__user"
    )
    path = reverse("ficathon_assignments", args=[challenge.community.slug, challenge.slug])
    context = {"challenge": challenge, "late": late, "url": absolute(path)}
    subject = f"Late assignments in {challenge.title}"
    message = render_to_string("exchanges/email_late.txt", context)
    # One message each: moderators don't see each other's addresses.
    send_mass_mail([(subject, message, None, [email]) for email in emails])
