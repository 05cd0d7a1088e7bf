"""Posting a gift in one step, and reading gifts back.

"Post your gift" on an assignment opens the new-work form with ``?assignment=<pk>``. The
exchange's side of ``works.seams.PostingRules`` (``GiftPosting``, registered at start-up around
the communities' rules) creates the work, adds it to the ficathon and fulfils the assignment in
one transaction, so the work is anonymous or unrevealed by the exchange's rules from its first
moment: no reader ever sees it under its giver's name before the reveal.

Reads: a work's recipient ("for NAME", unless they opted out in their sign-up) and a user's
gifts page, both through ``Work.objects.visible_to``.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest

from ficfest.accounts.auth import AnyUser
from ficfest.accounts.models import Pseud, User
from ficfest.communities.models import Challenge, Prompt
from ficfest.communities.services.fills import FillTarget
from ficfest.exchanges import services
from ficfest.exchanges.models import Assignment, AssignmentStatus
from ficfest.works.models import Status, Work
from ficfest.works.seams import PostingNotes, PostingRules, WorkSection

T = TypeVar("T")


@dataclass(kw_only=True)
class GiftTarget:
    """The assignment a new work is posted for. ``prompts`` is empty: a gift answers its
    recipient's requests, not a prompt (the new-work form reads it like a fill's target)."""

    assignment: Assignment
    challenge: Challenge
    prompts: list[Prompt] = field(default_factory=list)
    is_gift: bool = True

    @property
    def recipient(self) -> Pseud:
        return self.assignment.recipient.pseud


def gift_target(*, assignment_pk: str, user: AnyUser) -> GiftTarget:
    """The user's own open assignment, as their assignments page shows it; else Http404."""
    if not assignment_pk.isdigit() or not user.is_authenticated:
        raise Http404("No such assignment.")
    assignment = (
        Assignment.objects.filter(pk=int(assignment_pk), giver__user=user, sent_at__isnull=False)
        .select_related("challenge__community", "recipient__pseud", "giver__user")
        .first()
    )
    if assignment is None:
        raise Http404("No such assignment.")
    return GiftTarget(assignment=assignment, challenge=assignment.challenge)


class GiftPosting:
    """``?assignment=<pk>`` posts a gift; anything else goes to the rules it wraps."""

    def __init__(self, inner: PostingRules) -> None:
        self.inner = inner

    def target(self, params: Mapping[str, str], user: AnyUser) -> object | None:
        if "assignment" in params:
            return gift_target(assignment_pk=params["assignment"], user=user)
        return self.inner.target(params, user)

    def initial(self, target: object | None) -> dict[str, Any]:
        if isinstance(target, GiftTarget):
            return self.inner.initial(FillTarget(challenge=target.challenge, prompts=[]))
        return self.inner.initial(target)

    def notes(self, target: object | None) -> PostingNotes | None:
        if isinstance(target, GiftTarget):
            notes = self.inner.notes(FillTarget(challenge=target.challenge, prompts=[]))
            # A gift belongs to its exchange: no overflow community takes it instead.
            return replace(notes, overflow="", overflow_url="") if notes else None
        return self.inner.notes(target)

    @transaction.atomic
    def post(
        self, *, create: Callable[[], Work], target: object | None, draft: bool, by: User
    ) -> tuple[Work, str]:
        if not isinstance(target, GiftTarget):
            return self.inner.post(create=create, target=target, draft=draft, by=by)
        return gift_post(create=create, assignment=target.assignment, draft=draft, by=by)

    def edit(self, *, work: Work, write: Callable[[], T]) -> T:
        return self.inner.edit(work=work, write=write)


@transaction.atomic
def gift_post(
    *, create: Callable[[], Work], assignment: Assignment, draft: bool, by: User
) -> tuple[Work, str]:
    """Create the work and make it the assignment's gift, all or nothing. A draft joins the
    ficathon at once (so it is secret the moment it is posted) and is kept even when that is
    refused, with the refusal as a warning; it fulfils the assignment once posted and chosen."""
    if assignment.status != AssignmentStatus.ASSIGNED:
        raise ValidationError(f"This assignment is {assignment.get_status_display().lower()}: "
                              "nothing was posted for it.")  # fmt: skip
    work = create()
    if work.status == Status.POSTED:
        services.assignment_fulfil(assignment=assignment, work=work, by=by)
        return work, ""
    try:
        with transaction.atomic():
            services.gift_draft_join(work=work, challenge=assignment.challenge, by=by)
    except ValidationError as error:
        return work, "The draft is not in the exchange yet: " + " ".join(error.messages)
    return work, ("Your gift is saved as a draft. Once you post it, choose it on your "
                  "assignments page to fulfil the assignment.")  # fmt: skip


def recipient_of(work: Work) -> Pseud | None:
    """Whom the work is a gift for, when they let it be said (their sign-up's choice)."""
    assignment = (
        Assignment.objects.filter(
            work=work, status=AssignmentStatus.FULFILLED, recipient__gift_name_shown=True
        )
        .select_related("recipient__pseud__user")
        .first()
    )
    return assignment.recipient.pseud if assignment else None


@dataclass(frozen=True)
class Gift:
    work: Work
    recipient: Pseud | None  # None: the recipient keeps their name off their gifts
    challenge: Challenge


def gifts_received(user: User, viewer: AnyUser) -> list[Gift]:
    """Gifts for ``user`` that ``viewer`` may see; others see only those whose recipient lets
    their name be shown (listing the rest here would name them anyway)."""
    rows = Assignment.objects.filter(status=AssignmentStatus.FULFILLED, recipient__user=user)
    if not (viewer.is_authenticated and viewer.pk == user.pk):
        rows = rows.filter(recipient__gift_name_shown=True)
    return _gifts(rows, viewer, named_only=False)


def gifts_given(user: User, viewer: AnyUser) -> list[Gift]:
    """Gifts by ``user`` that ``viewer`` may see and whose creators they may know: a gift
    before its creators' reveal is never listed under its giver."""
    rows = Assignment.objects.filter(status=AssignmentStatus.FULFILLED, giver__user=user)
    return _gifts(rows, viewer, named_only=True)


def _gifts(rows: Any, viewer: AnyUser, *, named_only: bool) -> list[Gift]:
    visible = Work.objects.visible_to(viewer)
    if named_only:
        visible = visible.named_creators()
    works = {w.pk: w for w in visible.filter(pk__in=rows.values("work_id")).for_blurbs()}
    found = rows.filter(work_id__in=works).select_related("recipient__pseud__user", "challenge")
    return [
        Gift(
            work=works[row.work_id],
            recipient=row.recipient.pseud if row.recipient.gift_name_shown else None,
            challenge=row.challenge,
        )
        for row in found.order_by("-work__published_at", "-pk")
        if row.work_id is not None
    ]


def profile_gifts_link(request: HttpRequest, owner: User) -> WorkSection:
    """The profile's link to its user's gifts page (registered as a profile page section)."""
    return WorkSection("exchanges/_profile_gifts.html", {"owner": owner})
