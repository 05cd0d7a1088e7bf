"""Writes for ficathons: sign-ups, assignments (by hand now, by a matcher later: both go through
``assignment_create``), defaults, pinch hits and fulfilment. Each runs in one transaction and
raises ValidationError (with field names where one field is to blame) when a rule is broken."""

from datetime import datetime
from functools import partial

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from ficfest.accounts.models import Pseud, User
from ficfest.communities.models import Challenge, ChallengeKind, Fill
from ficfest.communities.permissions import may_post
from ficfest.communities.services.fills import fill_create
from ficfest.exchanges.gift_notices import tell_recipient
from ficfest.exchanges.models import Assignment, AssignmentStatus, SignUp
from ficfest.exchanges.selectors import ACTIVE, Window, in_other_exchanges, signup_window
from ficfest.exchanges.tasks import send_assignment
from ficfest.works.models import Status, Work

SIGNUP_FIELDS = ["pseud", "contact", "requests", "offers", "restrictions", "wont_write",
                 "pinch_hitter", "gift_name_shown"]  # fmt: skip


def _require_open(challenge: Challenge) -> None:
    if challenge.kind != ChallengeKind.FICATHON:
        raise ValidationError("Only ficathons take sign-ups.")
    if signup_window(challenge) != Window.OPEN:
        raise ValidationError("Sign-ups are not open: nothing was saved.")


def _require_own_pseud(user: User, pseud: Pseud) -> None:
    if pseud.user_id != user.pk:
        raise ValidationError({"pseud": "Choose one of your own pseuds."})


@transaction.atomic
def signup_create(
    *,
    challenge: Challenge,
    user: User,
    pseud: Pseud,
    requests: str,
    offers: str,
    contact: str = "",
    restrictions: str = "",
    wont_write: str = "",
    pinch_hitter: bool = False,
    gift_name_shown: bool = True,
) -> SignUp:
    _require_open(challenge)
    if not may_post(user, challenge.community):
        raise ValidationError("Only members of this community can sign up.")
    _require_own_pseud(user, pseud)
    if SignUp.objects.filter(challenge=challenge, user=user).exists():
        raise ValidationError("You have already signed up: edit your sign-up instead.")
    return SignUp.objects.create(
        challenge=challenge, user=user, pseud=pseud, contact=contact, requests=requests,
        offers=offers, restrictions=restrictions, wont_write=wont_write,
        pinch_hitter=pinch_hitter, gift_name_shown=gift_name_shown,
    )  # fmt: skip


@transaction.atomic
def signup_update(*, signup: SignUp, **fields: object) -> SignUp:
    """Change a sign-up while sign-ups are open. ``fields`` are SignUp fields (SIGNUP_FIELDS)."""
    _require_open(signup.challenge)
    unknown = set(fields) - set(SIGNUP_FIELDS)
    if unknown:
        raise TypeError(f"Not sign-up fields: {', '.join(sorted(unknown))}")
    pseud = fields.get("pseud", signup.pseud)
    assert isinstance(pseud, Pseud)
    _require_own_pseud(signup.user, pseud)
    for name, value in fields.items():
        setattr(signup, name, value)
    signup.full_clean(exclude=["challenge", "user"])
    signup.save()
    return signup


@transaction.atomic
def signup_withdraw(*, signup: SignUp) -> None:
    _require_open(signup.challenge)
    if signup.given.exists() or signup.received.exists():
        raise ValidationError("This sign-up already has an assignment: ask the moderators.")
    signup.delete()


def _require_assignable(challenge: Challenge) -> None:
    if challenge.kind != ChallengeKind.FICATHON:
        raise ValidationError("Only ficathons have assignments.")
    if signup_window(challenge) != Window.CLOSED:
        raise ValidationError("Assignments can be made once sign-ups have closed.")


def _check_pair(giver: SignUp, recipient: SignUp, pinch_hit: bool) -> None:
    challenge = giver.challenge
    if recipient.challenge_id != challenge.pk:
        raise ValidationError({"recipient": "That sign-up belongs to another challenge."})
    if giver.pk == recipient.pk or giver.user_id == recipient.user_id:
        raise ValidationError({"recipient": "Nobody can be assigned to write for themselves."})
    active = Assignment.objects.filter(challenge=challenge, status__in=ACTIVE)
    if active.filter(recipient=recipient).exists():
        raise ValidationError({"recipient": f"{recipient.pseud} already has someone writing "
                               "for them."})  # fmt: skip
    # Pinch hits are extra work a volunteer takes on; only the first assignment is one each.
    if not pinch_hit and active.filter(giver=giver, pinch_hit=False).exists():
        raise ValidationError({"giver": f"{giver.pseud} already has an assignment."})


def _lock(challenge: Challenge) -> None:
    """Serialise assignment writes per challenge, so two moderators can't both give a
    recipient a writer (SQLite's IMMEDIATE transactions already serialise all writes)."""
    list(Challenge.objects.select_for_update().filter(pk=challenge.pk).values_list("pk"))


@transaction.atomic
def assignment_create(
    *,
    giver: SignUp,
    recipient: SignUp,
    due_at: datetime | None = None,
    pinch_hit: bool = False,
) -> Assignment:
    """Ask ``giver`` to write for ``recipient``; due by the challenge's deadline unless given.
    Nobody is told until the moderators send assignments (pinch hits: see
    ``assignment_pinch_hit``)."""
    challenge = giver.challenge
    _require_assignable(challenge)
    _lock(challenge)
    _check_pair(giver, recipient, pinch_hit)
    return Assignment.objects.create(
        challenge=challenge, giver=giver, recipient=recipient, pinch_hit=pinch_hit,
        due_at=due_at or challenge.assignments_due_at,
    )  # fmt: skip


@transaction.atomic
def assignment_delete(*, assignment: Assignment) -> None:
    """Take back an assignment nobody has been told about yet."""
    if assignment.sent_at is not None:
        raise ValidationError("This assignment was already sent: mark it defaulted instead.")
    assignment.delete()


@transaction.atomic
def assignments_send(*, challenge: Challenge) -> int:
    """Email every giver whose assignment was not sent yet; returns how many were queued.
    Pressing it twice sends nothing twice: the task skips what was sent meanwhile."""
    unsent = Assignment.objects.filter(
        challenge=challenge, status=AssignmentStatus.ASSIGNED, sent_at__isnull=True
    )
    ids = list(unsent.values_list("pk", flat=True))
    for pk in ids:
        transaction.on_commit(partial(send_assignment.enqueue, pk))
    return len(ids)


@transaction.atomic
def assignment_default(*, assignment: Assignment) -> Assignment:
    """The giver will not deliver: the recipient is free for a pinch hitter."""
    if assignment.status != AssignmentStatus.ASSIGNED:
        raise ValidationError(f"Only an open assignment can default; this one is "
                              f"{assignment.get_status_display().lower()}.")  # fmt: skip
    assignment.status = AssignmentStatus.DEFAULTED
    assignment.save(update_fields=["status"])
    return assignment


def _pinch_hitter_signup(challenge: Challenge, user: User) -> SignUp:
    """A user named by the moderators writes from their sign-up, or from a new one that asks
    for nothing (so it is never given a recipient's place)."""
    existing = SignUp.objects.filter(challenge=challenge, user=user).first()
    if existing is not None:
        return existing
    if not may_post(user, challenge.community):
        raise ValidationError({"username": f"{user.username} is not a member of this "
                               "community."})  # fmt: skip
    return SignUp.objects.create(
        challenge=challenge, user=user, pseud=user.default_pseud, requests="", offers="",
        pinch_hitter=True,
    )  # fmt: skip


@transaction.atomic
def assignment_pinch_hit(
    *, defaulted: Assignment, giver: SignUp | User, due_at: datetime | None = None
) -> Assignment:
    """Cover a default: a new assignment for the same recipient, sent to the pinch hitter at
    once. The defaulted assignment stays on record with its original giver."""
    if defaulted.status != AssignmentStatus.DEFAULTED:
        raise ValidationError("Mark the assignment defaulted before assigning a pinch hitter.")
    challenge = defaulted.challenge
    if isinstance(giver, User):
        if giver.pk == defaulted.recipient.user_id:
            raise ValidationError({"username": "That is the recipient."})
        giver = _pinch_hitter_signup(challenge, giver)
    elif giver.challenge_id != challenge.pk:
        raise ValidationError({"pinch_hitter": "That sign-up belongs to another challenge."})
    assignment = assignment_create(
        giver=giver, recipient=defaulted.recipient, due_at=due_at, pinch_hit=True
    )
    transaction.on_commit(partial(send_assignment.enqueue, assignment.pk))
    return assignment


def _add_fill(work: Work, challenge: Challenge, by: User) -> None:
    """The work joins the challenge like any fill (unless its creator added it already), under
    the community's rules, so masterlists, feeds and the challenge's anonymity (through the one
    visibility rule) apply to it."""
    if not Fill.objects.filter(work=work, challenge=challenge).live().exists():
        fill_create(work=work, challenge=challenge, prompts=[], for_theme=False, by=by)


@transaction.atomic
def gift_draft_join(*, work: Work, challenge: Challenge, by: User) -> None:
    """A gift saved as a draft joins its ficathon now, so it is secret from the moment it is
    posted, even before it is chosen to fulfil the assignment."""
    _add_fill(work, challenge, by)


@transaction.atomic
def assignment_fulfil(*, assignment: Assignment, work: Work, by: User) -> Assignment:
    if assignment.giver.user_id != by.pk:
        raise ValidationError("Only the assignee can fulfil this assignment.")
    if assignment.status != AssignmentStatus.ASSIGNED:
        raise ValidationError(f"This assignment is {assignment.get_status_display().lower()}.")
    if not work.is_creator(by):
        raise ValidationError({"work": "Choose one of your own works."})
    if work.status != Status.POSTED:
        raise ValidationError({"work": "Post the work (or schedule it) first: a draft can't "
                               "fulfil an assignment."})  # fmt: skip
    _require_free(work, assignment)
    assignment.work = work
    assignment.status = AssignmentStatus.FULFILLED
    try:
        with transaction.atomic():
            assignment.save(update_fields=["work", "status"])
    except IntegrityError:  # the same work, chosen for another assignment a moment ago
        raise ValidationError({"work": f"“{work.title}” already fulfils an assignment."}) from None
    _add_fill(work, assignment.challenge, by)
    # The recipient hears of it once they may see it: now, or at the gifts' reveal.
    transaction.on_commit(partial(tell_recipient.enqueue, assignment.pk))
    return assignment


def _require_free(work: Work, assignment: Assignment) -> None:
    """A work is one gift: not one fulfilling another assignment, nor in another exchange
    (``selectors.works_to_fulfil_with`` offers only those that pass)."""
    if Assignment.objects.filter(work=work).exclude(pk=assignment.pk).exists():
        raise ValidationError({"work": f"“{work.title}” already fulfils an assignment."})
    if in_other_exchanges(work, assignment.challenge).exists():
        raise ValidationError({"work": f"“{work.title}” is in another exchange."})


@transaction.atomic
def assignment_default_by_giver(*, assignment: Assignment, by: User) -> Assignment:
    """A participant owns up that they can't deliver: the recipient goes to the pinch-hit
    queue at once, as when a moderator marks the default."""
    if assignment.giver.user_id != by.pk or assignment.sent_at is None:
        raise ValidationError("Only the assignee can default on this assignment.")
    return assignment_default(assignment=assignment)
