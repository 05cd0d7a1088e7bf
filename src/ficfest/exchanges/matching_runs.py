"""The moderators' matching: run the matcher on an exchange's tagged sign-ups, keep its
proposed pairs between requests, let the moderators swap, lock and remove them, rerun for the
rest, and send the pairs as assignments. Every write is one transaction, serialised per
exchange like hand assignment."""

import time

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from ficfest.communities.models import Challenge
from ficfest.exchanges import services
from ficfest.exchanges.matching import MatchResult, Rules, match
from ficfest.exchanges.models import (
    Assignment,
    MatchRun,
    ProposedMatch,
    SignUp,
)
from ficfest.exchanges.selectors import ACTIVE
from ficfest.exchanges.signup_pool import Pool, pool_of
from ficfest.exchanges.signup_tags import rules_of, tag_types_of


def matching_rules_of(challenge: Challenge) -> Rules:
    overlap = {row.type: row.overlap for row in tag_types_of(challenge) if row.overlap}
    return Rules(overlap=overlap, allow_mutual=rules_of(challenge).allow_mutual)


def _held(challenge: Challenge) -> dict[int, int]:
    """Pairs a rerun keeps: assignments already made (by hand or sent) and locked proposals."""
    made = Assignment.objects.filter(challenge=challenge, status__in=ACTIVE, pinch_hit=False)
    held = dict(made.values_list("giver_id", "recipient_id"))
    locked = ProposedMatch.objects.filter(challenge=challenge, locked=True)
    for giver, recipient in locked.values_list("giver_id", "recipient_id"):
        # An assignment made by hand since wins over a proposal that clashes with it.
        if giver not in held and recipient not in held.values():
            held[giver] = recipient
    return held


def _unmatched(result: MatchResult, pool: Pool) -> list[dict[str, object]]:
    """Who was left out and why, in words (the tags nobody offers named)."""
    names = pool.tag_names()
    rows: list[dict[str, object]] = []
    for side, found in [("recipient", result.unmatched_recipients),
                        ("giver", result.unmatched_givers)]:  # fmt: skip
        for left in found:
            reason = left.explain(lambda pk: names.get(pk, "?"), as_giver=side == "giver")
            rows.append({"signup": left.id, "side": side, "reason": reason})
    return rows


def _busy(
    made: set[tuple[int, int]], held: dict[int, int], ids: set[int]
) -> tuple[set[int], set[int]]:
    """Participants already giving (or receiving) in an assignment the matcher cannot hold as a
    locked pair, since its other side is no participant: the matcher must not give them a
    second one."""
    givers = {g for g, _ in made if g in ids and g not in held}
    recipients = {r for _, r in made if r in ids and r not in held.values()}
    return givers, recipients


@transaction.atomic
def matching_run(*, challenge: Challenge) -> MatchRun:
    """Match everyone not held in a pair, keep what the matcher proposes (unlocked proposals
    from before are replaced), and record who could not be matched and why."""
    services._require_assignable(challenge)
    services._lock(challenge)
    started = time.perf_counter()
    pool = pool_of(challenge)
    participants = pool.participants()
    ids = {p.id for p in participants}
    held = {g: r for g, r in _held(challenge).items() if g in ids and r in ids}
    made = set(
        Assignment.objects.filter(challenge=challenge, status__in=ACTIVE).values_list(
            "giver_id", "recipient_id"
        )
    )
    busy_givers, busy_recipients = _busy(made, held, ids)
    forbidden = [(g, p) for g in busy_givers for p in ids]
    forbidden += [(p, r) for r in busy_recipients for p in ids]
    result = match(participants, matching_rules_of(challenge), locked=held, forbidden=forbidden)
    ProposedMatch.objects.filter(challenge=challenge, locked=False).delete()
    kept = ProposedMatch.objects.filter(challenge=challenge).values_list("giver_id", "recipient_id")
    taken_givers, taken_recipients = {g for g, _ in kept}, {r for _, r in kept}
    ProposedMatch.objects.bulk_create(
        ProposedMatch(challenge=challenge, giver_id=giver, recipient_id=recipient)
        for giver, recipient in result.pairs.items()
        if (giver, recipient) not in made
        and giver not in taken_givers
        and recipient not in taken_recipients
    )
    unmatched = [
        row
        for row in _unmatched(result, pool)
        if row["signup"] not in (busy_givers if row["side"] == "giver" else busy_recipients)
    ]
    run, _ = MatchRun.objects.update_or_create(
        challenge=challenge,
        defaults={
            "ran_at": timezone.now(),
            "complete": not unmatched,
            "unmatched": unmatched,
            "seconds": time.perf_counter() - started,
        },
    )
    return run


def _proposal(challenge: Challenge, pk: int) -> ProposedMatch:
    found = ProposedMatch.objects.filter(challenge=challenge, pk=pk).first()
    if found is None:
        raise ValidationError("That pair is gone: someone changed the matches meanwhile.")
    return found


@transaction.atomic
def proposal_lock(*, challenge: Challenge, proposal: int, locked: bool = True) -> ProposedMatch:
    services._lock(challenge)
    found = _proposal(challenge, proposal)
    found.locked = locked
    found.save(update_fields=["locked"])
    return found


@transaction.atomic
def proposal_remove(*, challenge: Challenge, proposal: int) -> None:
    services._lock(challenge)
    _proposal(challenge, proposal).delete()


@transaction.atomic
def proposal_swap(*, challenge: Challenge, proposal: int, giver: SignUp) -> list[ProposedMatch]:
    """Give this pair's recipient to ``giver`` instead; ``giver``'s recipient, if they had
    one, goes to this pair's giver. Both pairs are locked: a moderator made them."""
    services._lock(challenge)
    first = _proposal(challenge, proposal)
    if giver.challenge_id != challenge.pk or giver.pk == first.giver_id:
        raise ValidationError("Choose another participant of this exchange to swap with.")
    second = ProposedMatch.objects.filter(challenge=challenge, giver=giver).first()
    pairs = [(giver.pk, first.recipient_id)]
    if second is not None:
        pairs.append((first.giver_id, second.recipient_id))
    signups = SignUp.objects.in_bulk([pk for pair in pairs for pk in pair])
    for g, r in pairs:
        if g == r or signups[g].user_id == signups[r].user_id:
            raise ValidationError(
                f"That swap would have {signups[g].pseud} write for "
                "themselves: nothing was changed."
            )
    ProposedMatch.objects.filter(pk__in=[first.pk, *([second.pk] if second else [])]).delete()
    return [
        ProposedMatch.objects.create(challenge=challenge, giver_id=g, recipient_id=r, locked=True)
        for g, r in pairs
    ]


@transaction.atomic
def proposals_accept(*, challenge: Challenge) -> int:
    """Make every proposed pair an assignment, each checked as a hand assignment is (nobody
    writes for themselves, one writer per recipient), without telling anyone yet. One refused
    pair refuses them all: nothing is half-made. Returns how many were made."""
    proposals = ProposedMatch.objects.filter(challenge=challenge).select_related(
        "giver__challenge", "giver__pseud", "recipient__pseud"
    )
    made = 0
    for proposal in proposals:
        try:
            services.assignment_create(giver=proposal.giver, recipient=proposal.recipient)
        except ValidationError as error:
            pair = f"{proposal.giver.pseud} → {proposal.recipient.pseud}"
            raise ValidationError(
                f"{pair}: {' '.join(error.messages)} Nothing was sent."
            ) from error
        made += 1
    proposals.delete()
    MatchRun.objects.filter(challenge=challenge).delete()
    return made


@transaction.atomic
def proposals_send(*, challenge: Challenge) -> int:
    """Accept the proposed pairs and email every giver not yet told (the send flow of hand
    assignment); returns how many emails were queued."""
    proposals_accept(challenge=challenge)
    return services.assignments_send(challenge=challenge)
