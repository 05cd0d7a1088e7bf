"""What the assignments page shows of matching: each proposed pair with the giver's offer,
the recipient's requests and how well they match (the shared tags marked), warnings on pairs
the rules would not make, and who could not be matched and why. Reads only: for moderators."""

from dataclasses import dataclass, field

from django.db.models import QuerySet

from ficfest.communities.models import Challenge
from ficfest.exchanges.matching import Participant, Rules, compatibility
from ficfest.exchanges.matching_runs import matching_rules_of
from ficfest.exchanges.models import Assignment, MatchExclusion, MatchRun, ProposedMatch, SignUp
from ficfest.exchanges.models_tagged import SIGNUP_TYPES
from ficfest.exchanges.signup_pool import Pool, pool_of
from ficfest.exchanges.signup_tags import Choice, is_tagged, kind_name
from ficfest.tags.selectors import GROUP_NAMES


@dataclass
class Shown:
    """A tag as a pair shows it: marked when the other side shares it."""

    name: str
    shared: bool = False


@dataclass
class Side:
    label: str
    rows: list[tuple[str, list[Shown]]] = field(default_factory=list)
    letters: list[str] = field(default_factory=list)
    wont: list[str] = field(default_factory=list)


@dataclass
class Fit:
    """How one giver fits one recipient under the exchange's rules."""

    ok: bool
    score: int
    shared: set[int]
    why_not: str


@dataclass
class PairRow:
    giver: SignUp
    recipient: SignUp
    offer: Side
    request: Side
    fit: Fit
    proposal: ProposedMatch | None = None


def shared_tags(giver: Participant, recipient: Participant) -> set[int]:
    """The recipient's requested tags the giver offers (by name, or by "any" less what they
    won't write): what the page marks on both sides."""
    shared: set[int] = set()
    for tag_type, asked in recipient.requests.items():
        offered = asked if tag_type in giver.any_offer else giver.offers.get(tag_type, frozenset())
        shared |= (asked & offered) - giver.wont_write
    return shared


def fit_of(giver: Participant, recipient: Participant, rules: Rules) -> Fit:
    found = compatibility(giver, recipient, rules)
    return Fit(ok=found.ok, score=found.score, shared=shared_tags(giver, recipient),
               why_not=" ".join(found.why_not))  # fmt: skip


def _side(label: str, choices: list[Choice], shared: set[int]) -> Side:
    side = Side(label)
    for choice in choices:
        for tag_type in SIGNUP_TYPES:
            shown = [Shown(t.name, t.pk in shared) for t in choice.tags.get(tag_type, [])]
            if tag_type in choice.any_types:
                shown.append(Shown(f"any {kind_name(tag_type)}"))
            if shown:
                side.rows.append((GROUP_NAMES[tag_type][len(shown) > 1], shown))
        if choice.letter:
            side.letters.append(choice.letter)
        side.wont += [t.name for t in choice.wont_write]
    return side


def pair_row(pool: Pool, rules: Rules, giver: SignUp, recipient: SignUp) -> PairRow:
    fit = fit_of(pool.participant(giver.pk), pool.participant(recipient.pk), rules)
    offer = pool.offers.get(giver.pk)
    return PairRow(
        giver=giver,
        recipient=recipient,
        fit=fit,
        offer=_side("Offers", [offer] if offer else [], fit.shared),
        request=_side("Requests", pool.requests.get(recipient.pk, []), fit.shared),
    )


@dataclass
class MatchingView:
    tagged: bool
    pairs: list[PairRow]
    run: MatchRun | None
    unmatched: list[tuple[SignUp, str, str]]
    warnings: dict[int, str]  # assignment id -> why its pair breaks the rules
    participants: list[SignUp]
    exclusions: list[MatchExclusion]


def _proposals(challenge: Challenge) -> QuerySet[ProposedMatch]:
    return ProposedMatch.objects.filter(challenge=challenge).order_by("giver__pseud__name", "pk")


def assignment_warnings(
    challenge: Challenge, assignments: list[Assignment], pool: Pool | None = None
) -> dict[int, str]:
    """Why each assignment's pair breaks the exchange's rules (none for a free-text one)."""
    if not is_tagged(challenge):
        return {}
    pool = pool or pool_of(challenge)
    rules = matching_rules_of(challenge)
    warnings = {}
    for assignment in assignments:
        if assignment.recipient_id not in pool.requests:
            continue
        fit = fit_of(
            pool.participant(assignment.giver_id), pool.participant(assignment.recipient_id), rules
        )
        if not fit.ok:
            warnings[assignment.pk] = fit.why_not
    return warnings


def matching_view(challenge: Challenge, assignments: list[Assignment]) -> MatchingView:
    tagged = is_tagged(challenge)
    pool = pool_of(challenge) if tagged else Pool(signups={})
    rules = matching_rules_of(challenge)
    pairs = []
    for proposal in _proposals(challenge):
        row = pair_row(
            pool, rules, pool.signups[proposal.giver_id], pool.signups[proposal.recipient_id]
        )
        row.proposal = proposal
        pairs.append(row)
    run = MatchRun.objects.filter(challenge=challenge).first()
    unmatched = [
        (pool.signups[u["signup"]], u["side"], u["reason"])
        for u in (run.unmatched if run else [])
        if u["signup"] in pool.signups
    ]
    return MatchingView(
        tagged=tagged,
        pairs=pairs,
        run=run,
        unmatched=unmatched,
        warnings=assignment_warnings(challenge, assignments, pool) if tagged else {},
        participants=sorted(pool.signups.values(), key=lambda s: s.pseud.name.lower()),
        exclusions=list(
            MatchExclusion.objects.filter(challenge=challenge).select_related(
                "first__pseud", "second__pseud"
            )
        ),
    )
