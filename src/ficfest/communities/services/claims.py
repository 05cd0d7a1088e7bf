"""Writes for claims. A claim is open until it is filled or released; an open claim whose
deadline has passed is expired, derived when read: it no longer counts toward the claimer's
limit and the prompt may be claimed again."""

from collections.abc import Iterable
from datetime import datetime, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from ficfest.accounts.models import Pseud, User
from ficfest.communities.models import Challenge, Claim, ClaimStatus, Prompt
from ficfest.communities.permissions import is_moderator, may_post
from ficfest.lib.dates import add_local_days
from ficfest.lib.savepoints import atomic


def active_claims(now: datetime | None = None) -> QuerySet[Claim]:
    """Open claims whose deadline has not passed."""
    return Claim.objects.filter(status=ClaimStatus.OPEN, due_at__gt=now or timezone.now())


def claims_holding_prompts() -> QuerySet[Claim]:
    """Claims that keep their prompt from being claimed: active ones, and those whose fill
    awaits approval (posted in time or not, the claimer has done their part)."""
    return Claim.objects.filter(
        Q(status=ClaimStatus.AWAITING) | Q(status=ClaimStatus.OPEN, due_at__gt=timezone.now())
    )


def claims_held(user: User, challenge: Challenge) -> int:
    return active_claims().filter(user=user, prompt__period__challenge=challenge).count()


def claim_refusal(prompt: Prompt, user: User) -> str | None:
    """Why this user may not claim this prompt now, or None if they may."""
    challenge = prompt.period.challenge
    if not challenge.claims_enabled:
        return "This challenge does not use claims."
    if not prompt.is_released:
        return "This prompt is not released yet."
    if not may_post(user, challenge.community):
        return f"Only members of {challenge.community.name} can claim its prompts."
    holding = claims_holding_prompts().filter(prompt=prompt).values_list("status", flat=True)
    if ClaimStatus.AWAITING in holding:
        return "A fill for this prompt's claim is awaiting approval."
    if holding:
        return "Someone has already claimed this prompt."
    if claims_held(user, challenge) >= challenge.claim_limit:
        return (f"You already hold {challenge.claim_limit} open claim"
                f"{'s' if challenge.claim_limit != 1 else ''} in {challenge.title}, the limit: "
                "fill or release one first.")  # fmt: skip
    return None


@transaction.atomic
def claim_create(*, prompt: Prompt, user: User, pseud: Pseud | None = None) -> Claim:
    """Claim a released prompt until the same time of day, the challenge's claim days later
    by the community's calendar, so a change of summer time between keeps its hour."""
    # Lock the prompt and the claimer so two requests at once cannot both pass the checks.
    Prompt.objects.select_for_update().get(pk=prompt.pk)
    User.objects.select_for_update().get(pk=user.pk)
    refusal = claim_refusal(prompt, user)
    if refusal:
        raise ValidationError(refusal)
    if pseud is None:
        pseud = Pseud.objects.get(user=user, is_default=True)
    elif pseud.user_id != user.pk:
        raise PermissionDenied("You can claim only under your own pseuds.")
    # An expired claim of one's own would block the new one (one open claim per prompt).
    Claim.objects.filter(prompt=prompt, user=user, status=ClaimStatus.OPEN).update(
        status=ClaimStatus.RELEASED
    )
    now = timezone.now()
    challenge = prompt.period.challenge
    due = add_local_days(now, challenge.claim_days, challenge.community.time_zone)
    return Claim.objects.create(prompt=prompt, user=user, pseud=pseud, claimed_at=now,
                                due_at=due)  # fmt: skip


@transaction.atomic
def claim_release(*, claim: Claim, by: User) -> Claim:
    """The claimer gives the prompt back (moderators may too)."""
    community = claim.prompt.period.challenge.community
    if claim.user_id != by.pk and not is_moderator(by, community):
        raise PermissionDenied("Only the claimer or a moderator can release a claim.")
    if claim.status != ClaimStatus.OPEN:
        raise ValidationError(f"This claim is already {claim.get_status_display().lower()}.")
    claim.status = ClaimStatus.RELEASED
    claim.save(update_fields=["status"])
    return claim


@atomic  # inside fill_create's savepoint, or an import's
def claims_mark_filled(*, prompt: Prompt, user: User, approved: bool = True) -> int:
    """The user's work was added as a fill for this prompt: their open claim on it (even one
    filled late, past its deadline) is filled, or awaits approval when the fill waits in the
    queue. Safe to call again; returns claims changed."""
    status = ClaimStatus.FILLED if approved else ClaimStatus.AWAITING
    waiting = [ClaimStatus.OPEN, ClaimStatus.AWAITING] if approved else [ClaimStatus.OPEN]
    return Claim.objects.filter(prompt=prompt, user=user, status__in=waiting).update(status=status)


@transaction.atomic
def claims_settle(*, prompts: Iterable[Prompt], users: Iterable[int], approved: bool) -> int:
    """A waiting fill was approved (its claims are filled) or taken out of the community
    (removed or withdrawn: its claims are open again, and expired if their deadline passed)."""
    return Claim.objects.filter(
        prompt__in=list(prompts), user__in=list(users), status=ClaimStatus.AWAITING
    ).update(status=ClaimStatus.FILLED if approved else ClaimStatus.OPEN)


def claims_due_for_reminder(now: datetime, challenge: Challenge) -> QuerySet[Claim]:
    """A challenge's active claims not yet reminded whose reminder time (deadline minus the
    challenge's reminder days) has passed."""
    return active_claims(now).filter(
        prompt__period__challenge=challenge, reminded_at__isnull=True,
        due_at__lte=now + timedelta(days=challenge.reminder_days),
    )  # fmt: skip


def challenges_with_reminders(now: datetime) -> QuerySet[Challenge]:
    """Challenges that remind claimers and have active claims not reminded yet."""
    waiting = active_claims(now).filter(reminded_at__isnull=True)
    return Challenge.objects.filter(
        claims_enabled=True, reminder_days__gt=0,
        pk__in=waiting.values("prompt__period__challenge"),
    )  # fmt: skip
