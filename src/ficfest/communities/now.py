"""What is happening now in a community, for its front page: the periods running and their
themes, the prompts released so far (newest batch first, with fill and claim counts, "new" since
the member's last visit), when the next batch comes, the open theme polls, and the member's own
claims with their deadlines.

A prompt is on the front page once ``release_at <= now`` and not a moment before, for
moderators too: the front page shows what members see (moderators find scheduled prompts on the
period pages). Fill counts come from the works this reader may see, as everywhere.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta
from itertools import groupby

from django.db.models import Min

from ficfest.accounts.auth import AnyUser
from ficfest.communities.models import (
    Challenge,
    ChallengeKind,
    Claim,
    ClaimStatus,
    Community,
    Membership,
    MembershipStatus,
    Period,
    Poll,
    PollOption,
    Prompt,
    Vote,
)
from ficfest.communities.selectors import claim_counts, fill_counts

# A member's visit is written at most this often, so reading the page is not a write each time.
SEEN_EVERY = timedelta(minutes=5)
# The newest prompts of a running period shown on the front page; the period page has them all.
FRONT_PROMPTS = 50


# The member's last visit


def seen_before(membership: Membership | None) -> datetime | None:
    """Where "new" starts for this member: their last recorded visit, else when they joined.
    None for anyone who is not an active member (nothing is marked new for them)."""
    if membership is None or membership.status != MembershipStatus.ACTIVE:
        return None
    return membership.last_seen_at or membership.created_at


def record_visit(membership: Membership | None, now: datetime) -> None:
    """Remember that an active member looked at the page now, unless they did lately."""
    if membership is None or membership.status != MembershipStatus.ACTIVE:
        return
    last = membership.last_seen_at
    if last is not None and now - last < SEEN_EVERY:
        return
    Membership.objects.filter(pk=membership.pk).update(last_seen_at=now)


# Running periods and their prompts


@dataclass
class PromptRow:
    prompt: Prompt
    fills: int
    claims: int | None  # None: the challenge does not use claims
    is_new: bool
    mine: bool  # the reader holds a claim on it


@dataclass
class Batch:
    release_at: datetime | None  # None: a prompt meme's prompts, listed together
    prompts: list[PromptRow]

    @property
    def is_new(self) -> bool:
        return any(row.is_new for row in self.prompts)

    @property
    def new_count(self) -> int:
        return sum(1 for row in self.prompts if row.is_new)


@dataclass
class Running:
    challenge: Challenge
    period: Period
    theme: str
    poll: Poll | None
    batches: list[Batch]
    released: int  # prompts released so far in the period
    next_release: datetime | None  # the challenge's next scheduled batch
    new_count: int = 0

    @property
    def shown(self) -> int:
        return sum(len(batch.prompts) for batch in self.batches)

    @property
    def is_meme(self) -> bool:
        return self.challenge.kind == ChallengeKind.MEME


@dataclass
class Upcoming:
    """A prompt challenge between periods: its next one and when it opens."""

    challenge: Challenge
    period: Period


def _batches(challenge: Challenge, rows: list[PromptRow]) -> list[Batch]:
    if challenge.kind == ChallengeKind.MEME:
        return [Batch(None, rows)] if rows else []
    return [
        Batch(release_at, list(group))
        for release_at, group in groupby(rows, key=lambda row: row.prompt.release_at)
    ]


def _next_release(challenge: Challenge, now: datetime) -> datetime | None:
    later = Prompt.objects.filter(period__challenge=challenge, release_at__gt=now)
    found: datetime | None = later.aggregate(first=Min("release_at"))["first"]
    return found


def _running(
    period: Period, user: AnyUser, seen: datetime | None, mine: set[int], now: datetime
) -> Running:
    challenge = period.challenge
    released = Prompt.objects.filter(period=period, release_at__lte=now)
    # Batches newest first; within a batch, in the order the moderators listed them. A prompt
    # meme's prompts (each released as posted) newest first.
    within = "-pk" if challenge.kind == ChallengeKind.MEME else "pk"
    prompts = list(released.order_by("-release_at", within)[:FRONT_PROMPTS])
    fills = fill_counts(prompts, user)
    claims = claim_counts(prompts, now) if challenge.claims_enabled else None
    rows = [
        PromptRow(
            prompt=prompt,
            fills=fills.get(prompt.pk, 0),
            claims=None if claims is None else claims.get(prompt.pk, 0),
            is_new=seen is not None and prompt.release_at > seen,
            mine=prompt.pk in mine,
        )
        for prompt in prompts
    ]
    poll = period.poll_or_none()
    return Running(
        challenge=challenge,
        period=period,
        theme=period.current_theme(),
        poll=poll,
        batches=_batches(challenge, rows),
        released=released.count(),
        next_release=_next_release(challenge, now),
        new_count=sum(1 for row in rows if row.is_new),
    )


def running_periods(
    community: Community, user: AnyUser, seen: datetime | None, claims: list[Claim], now: datetime
) -> list[Running]:
    periods = (
        Period.objects.filter(challenge__community=community, opens_at__lte=now, closes_at__gt=now)
        .exclude(challenge__kind=ChallengeKind.FICATHON)
        .select_related("challenge__community", "poll")
        .order_by("-challenge__created_at", "challenge_id", "opens_at")
    )
    mine = {claim.prompt_id for claim in claims}
    return [_running(period, user, seen, mine, now) for period in periods]


def upcoming_periods(community: Community, running: list[Running], now: datetime) -> list[Upcoming]:
    """For each prompt challenge with no period running, its next period, if one is set."""
    busy = {item.challenge.pk for item in running}
    later = (
        Period.objects.filter(challenge__community=community, opens_at__gt=now)
        .exclude(challenge__kind=ChallengeKind.FICATHON)
        .exclude(challenge__in=busy)
        .select_related("challenge")
        .order_by("challenge_id", "opens_at")
    )
    return [
        Upcoming(challenge=group[0].challenge, period=group[0])
        for group in (list(g) for _key, g in groupby(later, key=lambda p: p.challenge_id))
    ]


# Polls and claims


@dataclass
class OpenPoll:
    poll: Poll
    options: list[PollOption]
    my_vote: Vote | None
    may_vote: bool


def open_polls(community: Community, user: AnyUser, member: bool, now: datetime) -> list[OpenPoll]:
    """The community's theme polls open now, soonest to close first, with the reader's vote."""
    polls = list(
        Poll.objects.filter(
            period__challenge__community=community, opens_at__lte=now, closes_at__gt=now
        )
        .select_related("period__challenge__community")
        .prefetch_related("options")
        .order_by("closes_at", "pk")
    )
    votes: dict[int, Vote] = {}
    if user.is_authenticated and polls:
        found = Vote.objects.filter(poll__in=polls, user_id=user.pk).select_related("option")
        votes = {vote.poll_id: vote for vote in found}
    return [
        OpenPoll(
            poll=poll, options=list(poll.options.all()), my_vote=votes.get(poll.pk), may_vote=member
        )
        for poll in polls
    ]


def claims_held(community: Community, user: AnyUser, now: datetime) -> list[Claim]:
    """The reader's open claims in this community whose deadline is still ahead, soonest due
    first."""
    if not user.is_authenticated:
        return []
    return list(
        Claim.objects.filter(
            user_id=user.pk,
            prompt__period__challenge__community=community,
            status=ClaimStatus.OPEN,
            due_at__gt=now,
        )
        .select_related("prompt__period__challenge")
        .order_by("due_at", "pk")
    )


@dataclass
class Ficathon:
    """Where a ficathon stands: sign-ups to come or open, works due, the reveal, or over."""

    challenge: Challenge
    stage: str  # signups_soon, signups_open, due, reveal, over
    when: datetime | None


def _stage(challenge: Challenge, now: datetime) -> Ficathon:
    opens, closes = challenge.signups_open_at, challenge.signups_close_at
    if opens is not None and now < opens:
        return Ficathon(challenge, "signups_soon", opens)
    if opens is not None and (closes is None or now < closes):
        return Ficathon(challenge, "signups_open", closes)
    for stage, when in (("due", challenge.assignments_due_at), ("reveal", challenge.reveal_at)):
        if when is not None and now < when:
            return Ficathon(challenge, stage, when)
    return Ficathon(challenge, "over", None)


def ficathons(community: Community, now: datetime) -> list[Ficathon]:
    """The community's ficathons that are not over, newest first."""
    found = community.challenges.filter(kind=ChallengeKind.FICATHON)
    return [item for item in (_stage(c, now) for c in found) if item.stage != "over"]
