"""Reads for ficathons. Assignments are secret: each read here is either the assignee's own
(``assignments_given_by``) or meant for moderators, and views check which before calling."""

from datetime import datetime
from enum import StrEnum

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from ficfest.accounts.models import User
from ficfest.communities.models import Challenge, ChallengeKind, Fill
from ficfest.exchanges.models import Assignment, AssignmentStatus, SignUp
from ficfest.works.models import Status, Work, WorkQuerySet

# A defaulted assignment no longer counts: its recipient is free for a pinch hit.
ACTIVE = [AssignmentStatus.ASSIGNED, AssignmentStatus.FULFILLED]


class Window(StrEnum):
    UNSCHEDULED = "unscheduled"
    BEFORE = "before"
    OPEN = "open"
    CLOSED = "closed"


def signup_window(challenge: Challenge, now: datetime | None = None) -> Window:
    """Where the clock stands against the sign-up window; no close time means open-ended."""
    now = now or timezone.now()
    opens, closes = challenge.signups_open_at, challenge.signups_close_at
    if opens is None:
        return Window.UNSCHEDULED
    if now < opens:
        return Window.BEFORE
    if closes is not None and closes <= now:
        return Window.CLOSED
    return Window.OPEN


def ficathon_or_404(slug: str, challenge_slug: str) -> Challenge:
    return get_object_or_404(
        Challenge.objects.select_related("community"),
        community__slug=slug,
        slug=challenge_slug,
        kind=ChallengeKind.FICATHON,
    )


def signup_of(challenge: Challenge, user: User) -> SignUp | None:
    return SignUp.objects.filter(challenge=challenge, user=user).select_related("pseud").first()


def signups_of(challenge: Challenge) -> QuerySet[SignUp]:
    return SignUp.objects.filter(challenge=challenge).select_related("pseud__user", "user")


def recipients_of(challenge: Challenge) -> QuerySet[SignUp]:
    """Sign-ups that asked for something, in words or in tags; a pinch hitter added by name
    asked for nothing."""
    return (
        signups_of(challenge).filter(~Q(requests="") | Q(tagged_requests__isnull=False)).distinct()
    )


def assignments_of(challenge: Challenge) -> QuerySet[Assignment]:
    """Every assignment of a challenge: for its moderators only."""
    return Assignment.objects.filter(challenge=challenge).select_related(
        "giver__pseud__user", "recipient__pseud__user", "work"
    )


def awaiting_pinch_hit(challenge: Challenge) -> QuerySet[Assignment]:
    """Defaults whose recipient has nobody writing for them any more."""
    covered = Assignment.objects.filter(challenge=challenge, status__in=ACTIVE)
    return (
        assignments_of(challenge)
        .filter(status=AssignmentStatus.DEFAULTED)
        .exclude(recipient__in=covered.values("recipient"))
    )


def unassigned(challenge: Challenge) -> tuple[QuerySet[SignUp], QuerySet[SignUp]]:
    """(sign-ups with nothing to write, sign-ups nobody writes for), to assign by hand."""
    active = Assignment.objects.filter(challenge=challenge, status__in=ACTIVE)
    # A defaulter is done: their default waits for a pinch hitter, they for nothing.
    had_one = Assignment.objects.filter(challenge=challenge)
    givers = signups_of(challenge).exclude(pk__in=had_one.values("giver"))
    recipients = recipients_of(challenge).exclude(pk__in=active.values("recipient"))
    return givers, recipients


def pinch_hitters_for(assignment: Assignment) -> QuerySet[SignUp]:
    """Volunteers who may cover this default: not the recipient, not whoever defaulted on them."""
    earlier = Assignment.objects.filter(recipient=assignment.recipient).values("giver")
    return (
        signups_of(assignment.challenge)
        .filter(pinch_hitter=True)
        .exclude(Q(pk=assignment.recipient_id) | Q(pk__in=earlier))
    )


def assignments_given_by(user: User) -> QuerySet[Assignment]:
    """What this user was asked to write, once the moderators sent it. Never who writes for
    them: the recipient side of an assignment is not read here."""
    return (
        Assignment.objects.filter(giver__user=user, sent_at__isnull=False)
        .select_related("challenge__community", "recipient__pseud", "giver__pseud__user", "work")
        .order_by("due_at", "pk")
    )


def in_other_exchanges(work: Work, challenge: Challenge) -> QuerySet[Fill]:
    """The work's fills in ficathons other than ``challenge``: a gift belongs to one."""
    return (
        Fill.objects.filter(work=work, challenge__kind=ChallengeKind.FICATHON)
        .live()
        .exclude(challenge=challenge)
    )


def works_to_fulfil_with(assignment: Assignment) -> WorkQuerySet:
    """What the giver may fulfil this assignment with: their own posted (or scheduled) works
    that are no gift yet and in no other exchange; a draft cannot answer an assignment."""
    user = assignment.giver.user
    exchanges = Fill.objects.filter(challenge__kind=ChallengeKind.FICATHON).live()
    return (
        Work.objects.visible_to(user)
        .by_user(user)
        .filter(status=Status.POSTED)
        .exclude(pk__in=Assignment.objects.filter(work__isnull=False).values("work_id"))
        .exclude(pk__in=exchanges.exclude(challenge=assignment.challenge_id).values("work_id"))
        .order_by("-created_at")
    )
