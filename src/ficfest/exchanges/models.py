"""Assignment-based challenges: sign-ups, assignments, defaults and pinch hits.

Assignments are secret: only the assignee and the community's moderators may see one.
"""

from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone

from ficfest.accounts.models import Pseud, User
from ficfest.communities.models import Challenge
from ficfest.works.models import Work

LONG_TEXT = [MaxLengthValidator(5000)]


class SignUp(models.Model):
    challenge = models.ForeignKey(Challenge, on_delete=models.CASCADE, related_name="signups")
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="signups")
    pseud = models.ForeignKey(Pseud, on_delete=models.CASCADE, related_name="+")
    contact = models.CharField(
        max_length=200, blank=True, help_text="Where moderators can reach you besides email."
    )
    requests = models.TextField("what you would like to receive", blank=True, validators=LONG_TEXT)
    offers = models.TextField("what you can write", blank=True, validators=LONG_TEXT)
    restrictions = models.TextField(blank=True, validators=LONG_TEXT)
    wont_write = models.TextField("won't write", blank=True, validators=LONG_TEXT)
    pinch_hitter = models.BooleanField("willing to pinch-hit", default=False)
    # Gifts for this sign-up say "for <pseud>" and list on their gifts page unless they opt out.
    gift_name_shown = models.BooleanField("show my name on gifts written for me", default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["challenge_id", "created_at"]
        constraints = [
            models.UniqueConstraint(fields=["challenge", "user"], name="one_signup_per_user")
        ]

    def __str__(self) -> str:
        return f"{self.pseud.name} in {self.challenge}"


class AssignmentStatus(models.TextChoices):
    ASSIGNED = "assigned", "Assigned"
    FULFILLED = "fulfilled", "Fulfilled"
    DEFAULTED = "defaulted", "Defaulted"


class Assignment(models.Model):
    """One creator writes for one recipient. A default is covered by a pinch hitter, who gets a
    new assignment for the same recipient."""

    challenge = models.ForeignKey(Challenge, on_delete=models.CASCADE, related_name="assignments")
    giver = models.ForeignKey(SignUp, on_delete=models.CASCADE, related_name="given")
    recipient = models.ForeignKey(SignUp, on_delete=models.CASCADE, related_name="received")
    status = models.CharField(max_length=10, choices=AssignmentStatus.choices,
                              default=AssignmentStatus.ASSIGNED)  # fmt: skip
    pinch_hit = models.BooleanField(default=False)
    due_at = models.DateTimeField(null=True, blank=True)
    work = models.ForeignKey(Work, null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="assignments")  # fmt: skip
    created_at = models.DateTimeField(default=timezone.now)
    # When the giver was emailed it; until then only moderators see it (they may still change
    # their minds), and a second "Send assignments" skips it.
    sent_at = models.DateTimeField(null=True, blank=True)
    # When the moderators were told it is late, so the periodic check tells them once.
    late_notified_at = models.DateTimeField(null=True, blank=True)
    # When the recipient was told of their gift (once it was posted and visible to them), and
    # when told who wrote it (at the creators' reveal): the periodic tick tells each once.
    recipient_told_at = models.DateTimeField(null=True, blank=True)
    creator_told_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["challenge_id", "created_at"]
        constraints = [
            # A work is one gift: it fulfils one assignment at most, in any exchange.
            models.UniqueConstraint(
                fields=["work"], condition=Q(work__isnull=False), name="one_assignment_per_work"
            )
        ]

    def __str__(self) -> str:
        return f"{self.giver} → {self.recipient}"

    @property
    def is_late(self) -> bool:
        return (self.status == AssignmentStatus.ASSIGNED and self.due_at is not None
                and self.due_at <= timezone.now())  # fmt: skip


# Tagged sign-ups, rules and matching live beside; imported here so Django finds them.
from ficfest.exchanges.models_tagged import (  # noqa: E402
    ExchangeRules,
    ExchangeTagType,
    MatchExclusion,
    MatchRun,
    ProposedMatch,
    SignUpOffer,
    SignUpRequest,
)

__all__ = [
    "Assignment", "AssignmentStatus", "ExchangeRules", "ExchangeTagType", "MatchExclusion",
    "MatchRun", "ProposedMatch", "SignUp", "SignUpOffer", "SignUpRequest",
]  # fmt: skip
