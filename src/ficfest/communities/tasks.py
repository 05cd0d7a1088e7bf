"""Community emails.

Claim reminders: the periodic tick finds claims whose reminder time has passed, marks each
reminded in the same conditional update that picks it (so two ticks racing send it once, and
a tick after downtime catches up), and queues one email per claim.

Membership emails: tasks reload the membership by id and send nothing when it has changed since
they were queued (answered, withdrawn, removed)."""

from datetime import datetime
from functools import partial

from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django_tasks import task

from ficfest.communities.models import (
    Challenge,
    Claim,
    ClaimStatus,
    Membership,
    MembershipStatus,
)
from ficfest.communities.services.claims import (
    challenges_with_reminders,
    claims_due_for_reminder,
)
from ficfest.lib.ticks import each, periodic
from ficfest.lib.urls import absolute


def claims_send_reminders() -> int:
    """Queue the reminder of every claim that has come due and was not reminded yet, challenge
    by challenge and claim by claim: one that fails is logged and the others still go out."""
    now = timezone.now()
    sent = each(challenges_with_reminders(now), partial(_remind_challenge, now=now),
                "claim reminders")  # fmt: skip
    return sum(sent)


def _remind_challenge(challenge: Challenge, now: datetime) -> int:
    due = claims_due_for_reminder(now, challenge).values_list("pk", flat=True)
    return sum(each(due, partial(_remind_claim, now=now), "claim reminder"))


def _remind_claim(claim_id: int, now: datetime) -> int:
    with transaction.atomic():
        # The conditional update picks it once, however many ticks race.
        picked = Claim.objects.filter(pk=claim_id, reminded_at__isnull=True)
        if not picked.update(reminded_at=now):
            return 0
        transaction.on_commit(partial(send_claim_reminder.enqueue, claim_id))
    return 1


periodic(claims_send_reminders)


@task()
def send_claim_reminder(claim_id: int) -> None:
    claim = (
        Claim.objects.select_related("user", "prompt__period__challenge__community")
        .filter(pk=claim_id, status=ClaimStatus.OPEN)
        .first()
    )
    if claim is None or claim.is_expired or not claim.user.email:
        return  # filled, released or past its deadline since it was queued
    challenge = claim.prompt.period.challenge
    prompt_url = absolute(claim.prompt.get_absolute_url())
    send_mail(
        subject=f"Your claim is due {claim.due_at:%d %B %Y}: {challenge.title}",
        message=(
            f"You claimed this prompt of {challenge.title} in {challenge.community.name}:\n\n"
            f"“{claim.prompt.text}”\n\n"
            f"Your claim is due {claim.due_at:%d %B %Y at %H:%M} UTC. Post your fill before "
            "then, or release the claim so someone else can take it.\n\n"
            f"The prompt: {prompt_url}\n"
            f"Your claims: {absolute(reverse('my_claims'))}\n"
        ),
        from_email=None,
        recipient_list=[claim.user.email],
    )


def _community_url(membership: Membership) -> str:
    return absolute(reverse("community", args=[membership.community.slug]))


@task()
def notify_membership_invited(membership_id: int) -> None:
    membership = (
        Membership.objects.select_related("user", "community")
        .filter(pk=membership_id, status=MembershipStatus.INVITED)
        .first()
    )
    if membership is None or not membership.user.email:
        return  # answered or withdrawn since it was queued
    community = membership.community
    send_mail(
        subject=f"You are invited to join {community.name}",
        message=(
            f"The moderators of {community.name} have invited you to join the community.\n\n"
            f"Accept or decline on its page: {_community_url(membership)}\n"
        ),
        from_email=None,
        recipient_list=[membership.user.email],
    )


@task()
def notify_membership_requested(membership_id: int) -> None:
    """Tell the moderators someone asked to join, so requests don't wait unseen."""
    membership = (
        Membership.objects.select_related("user", "community")
        .filter(pk=membership_id, status=MembershipStatus.PENDING)
        .first()
    )
    if membership is None:
        return
    community = membership.community
    moderators = Membership.objects.moderating().filter(community=community)
    emails = [m.user.email for m in moderators.select_related("user") if m.user.email]
    if not emails:
        return
    members_url = absolute(reverse("community_members", args=[community.slug]))
    send_mail(
        subject=f"{membership.user.username} asks to join {community.name}",
        message=(
            f"{membership.user.username} has asked to join {community.name}.\n\n"
            f"Approve or reject the request on the members page: {members_url}\n"
        ),
        from_email=None,
        recipient_list=emails,
    )


@task()
def notify_membership_approved(membership_id: int) -> None:
    membership = (
        Membership.objects.select_related("user", "community")
        .filter(pk=membership_id, status=MembershipStatus.ACTIVE)
        .first()
    )
    if membership is None or not membership.user.email:
        return
    community = membership.community
    send_mail(
        subject=f"Welcome to {community.name}",
        message=(
            f"Your request to join {community.name} was approved.\n\n"
            f"Its rules and challenges: {_community_url(membership)}\n"
        ),
        from_email=None,
        recipient_list=[membership.user.email],
    )
