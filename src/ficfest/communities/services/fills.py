"""Fills: a work added to a community's challenge, for released prompts or the period's theme.

``fill_create`` checks every rule a community sets — who may post, the forms it accepts and
their size limits, the tags every fill carries, which prompts and periods are open — and names
the rule a work breaks. When a community's overflow community would take the work, the message
says so. Nothing is saved when a rule is broken.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone

from ficfest.accounts.auth import AnyUser
from ficfest.accounts.models import User
from ficfest.communities.memo import form_limits, moderates, posting_allowed, required_tags
from ficfest.communities.models import (
    Challenge,
    ChallengeKind,
    Community,
    Fill,
    FillStatus,
    Period,
    Prompt,
)
from ficfest.communities.selectors import current_period, prompts_visible_to
from ficfest.communities.services.claims import claims_mark_filled, claims_settle
from ficfest.lib.dates import describe_here
from ficfest.works.models import Form, Work

# Challenges whose fills answer prompts or a theme (ficathon works answer assignments).
PROMPT_KINDS = (ChallengeKind.PROMPTS, ChallengeKind.MEME)

# How a limit message names a form: its plural, and the verb that goes with it.
_FORM_NAMES = {
    Form.FIC: ("Fic", "is"), Form.META: ("Meta", "is"), Form.ART: ("Art", "is"),
    Form.PICSPAM: ("Picspams", "are"), Form.VID: ("Vids", "are"),
    Form.FANMIX: ("Fanmixes", "are"),
}  # fmt: skip


class _Problems:
    """Broken rules, by the field of the fill form they belong to."""

    def __init__(self) -> None:
        self.by_field: dict[str, list[str]] = defaultdict(list)

    def add(self, message: str, where: str = NON_FIELD_ERRORS) -> None:
        self.by_field[where].append(message)

    def raise_any(self) -> None:
        if self.by_field:
            raise ValidationError(dict(self.by_field))


@dataclass
class _Answer:
    """What a fill answers: its period, and whether one of the community's own limits (a form,
    a size, a required tag, a closed period) refused it, which an overflow might take."""

    period: Period | None = None
    limits_broken: list[str] = field(default_factory=list)


def work_refusals(work: Work, community: Community) -> list[str]:
    """Why this community's form limits and required tags refuse this work (empty: none)."""
    refusals = []
    limits = form_limits(community)
    label = Form(work.form).label
    if limits and work.form not in limits:
        accepted = ", ".join(Form(f).label.lower() for f in limits)
        refusals.append(f"{community.name} doesn't accept {label.lower()} works; it accepts "
                        f"{accepted}.")  # fmt: skip
    elif (limit := limits.get(work.form)) is not None:
        unit, amount = work.size()
        if amount > limit:
            name, verb = _FORM_NAMES[Form(work.form)]
            refusals.append(f"{name} in {community.name} {verb} limited to {limit:,} {unit}; "
                            f"this work has {amount:,}.")  # fmt: skip
    required = required_tags(community)
    work_tags = set(work.tags.values_list("pk", flat=True)) if required else set()
    for tag in required:
        if tag.pk not in work_tags:
            refusals.append(f"Every work in {community.name} must be tagged “{tag.name}”; "
                            "add it to the work first.")  # fmt: skip
    return refusals


def _overflow_for(work: Work, community: Community) -> Community | None:
    """An overflow community of this one that would take the work, if there is one."""
    for overflow in community.overflows.order_by("name"):
        has_challenge = overflow.challenges.filter(kind__in=PROMPT_KINDS).exists()
        if has_challenge and not work_refusals(work, overflow):
            return overflow
    return None


def _check_poster(
    work: Work, challenge: Challenge, by: User, problems: _Problems, new_work: bool
) -> None:
    community = challenge.community
    if not work.is_creator(by):
        problems.add("Only the work's creators can add it to a challenge.")
    if not posting_allowed(by, community):
        problems.add(f"Only members of {community.name} can post to it: join it first.",
                     "challenge")  # fmt: skip
    others = Fill.objects.filter(work=work, challenge=challenge)
    if not new_work and others.exclude(status=FillStatus.WITHDRAWN).exists():
        problems.add(f"“{work.title}” is already in {challenge.title} of {community.name}.",
                     "challenge")  # fmt: skip


def _is_overflow_prompt(prompt: Prompt, community: Community) -> bool:
    overflowed = community.overflow_of_id
    return overflowed is not None and prompt.period.challenge.community_id == overflowed


def _check_prompts(challenge: Challenge, prompts: list[Prompt], problems: _Problems,
                   answer: _Answer) -> None:  # fmt: skip
    """Prompts must be released and belong to this challenge (or, in an overflow community, to
    the overflowed one); the challenge's own prompts come from one period, which is open."""
    own_periods = set()
    for prompt in prompts:
        if not prompt.is_released:
            problems.add("One of the chosen prompts isn't released yet.", "prompts")
        elif prompt.period.challenge_id == challenge.pk:
            own_periods.add(prompt.period)
        elif not _is_overflow_prompt(prompt, challenge.community):
            problems.add(f"“{prompt.text}” is not a prompt of {challenge.title}.", "prompts")
    if len(own_periods) > 1:
        problems.add("Choose prompts from one period.", "prompts")
    elif own_periods:
        answer.period = own_periods.pop()
        _check_period_open(answer.period, problems, answer)


def _check_period_open(period: Period, problems: _Problems, answer: _Answer) -> None:
    now = timezone.now()
    if period.opens_at > now:
        problems.add(f"{period.title} isn't open for fills yet.", "prompts")
    elif period.closes_at <= now:
        closed = f"{period.title} closed for fills on {describe_here(period.closes_at)}."
        answer.limits_broken.append(closed)


def _check_theme(challenge: Challenge, for_theme: bool, problems: _Problems,
                 answer: _Answer) -> None:  # fmt: skip
    if not for_theme:
        return
    # The theme of the prompts' period, else of the period open now.
    answer.period = period = answer.period or current_period(challenge)
    if period is None:
        problems.add(f"{challenge.title} has no period open now, so no theme.", "for_theme")
    elif not period.current_theme():
        problems.add(f"{period.title} has no theme (yet).", "for_theme")


def _check(work: Work, challenge: Challenge, prompts: list[Prompt], for_theme: bool,
           by: User, new_work: bool) -> _Answer:  # fmt: skip
    problems, answer = _Problems(), _Answer()
    _check_poster(work, challenge, by, problems, new_work)
    if challenge.kind in PROMPT_KINDS and not prompts and not for_theme:
        problems.add("Choose at least one prompt, or the theme.", "prompts")
    _check_prompts(challenge, prompts, problems, answer)
    _check_theme(challenge, for_theme, problems, answer)
    answer.limits_broken += work_refusals(work, challenge.community)
    if answer.limits_broken:
        overflow = _overflow_for(work, challenge.community)
        if overflow is not None:
            answer.limits_broken[-1] += f" You can post it to {overflow.name} instead."
        for message in answer.limits_broken:
            problems.add(message)
    problems.raise_any()
    return answer


@transaction.atomic
def fill_create(
    *,
    work: Work,
    challenge: Challenge,
    prompts: list[Prompt],
    for_theme: bool,
    by: User,
    new_work: bool = False,
) -> Fill:
    """Add a work to a challenge, for prompts or the period's theme. Raises ValidationError,
    keyed by the fill form's fields (challenge, prompts, for_theme), naming each broken rule.
    ``new_work``: the work was created in this transaction, so it is in no challenge yet (an
    import, which spares the query)."""
    answer = _check(work, challenge, prompts, for_theme, by, new_work)
    community = challenge.community
    # A fill for an overflowed community's prompts sits in this challenge's own period, so it
    # shows in this community's masterlists, not in the other's.
    period = answer.period or current_period(challenge)
    waits = community.moderated and not moderates(by, community)
    fields = {"period": period, "for_theme": for_theme,
              "status": FillStatus.PENDING if waits else FillStatus.APPROVED}  # fmt: skip
    if new_work:  # nobody else can have added this work anywhere: nothing to read first
        fill = Fill.objects.create(work=work, challenge=challenge, **fields)
        fill.prompts.add(*prompts)
    else:  # a work taken out of this challenge before comes back in the same row
        fill, _ = Fill.objects.update_or_create(work=work, challenge=challenge, defaults=fields)
        fill.prompts.set(prompts)
    for prompt in prompts:
        claims_mark_filled(prompt=prompt, user=by, approved=not waits)
    return fill


@transaction.atomic
def fill_withdraw(*, fill: Fill, by: User) -> None:
    """A creator takes their work out of a challenge; the work itself stays, and so does the
    fill's record, so a work posted anonymously stays anonymous until the challenge's reveal."""
    if not fill.work.is_creator(by):
        raise PermissionDenied("Only the work's creators can take it out of a challenge.")
    community = fill.challenge.community.name
    if fill.status == FillStatus.REMOVED:
        raise ValidationError(f"A moderator removed this work from {community}; ask them about it.")
    if fill.status == FillStatus.WITHDRAWN:
        raise ValidationError(f"This work was already taken out of {community}.")
    fill.status = FillStatus.WITHDRAWN
    fill.save(update_fields=["status"])
    claims_settle(prompts=fill.prompts.all(), users=fill_creator_ids(fill), approved=False)


def fill_creator_ids(fill: Fill) -> set[int]:
    """Whose claims a fill answers: the work's poster and credited creators."""
    work = fill.work
    return {work.poster_id, *(pseud.user_id for pseud in work.credited_pseuds())}


@dataclass(kw_only=True)
class FillTarget:
    """The challenge and prompt a new work is posted for (from ``?community=…&prompt=…``)."""

    challenge: Challenge
    prompts: list[Prompt]
    for_theme: bool = False


def fill_target(*, community_slug: str, prompt_pk: str, user: AnyUser) -> FillTarget:
    """The prompt, as this user may see it, of the community or, for an overflow community, of
    the one it overflows; the challenge the fill goes to. Http404 when there is none."""
    community = Community.objects.filter(slug=community_slug).first()
    if community is None or not prompt_pk.isdigit():
        raise Http404("No such community or prompt.")
    sources = [community, *([community.overflow_of] if community.overflow_of else [])]
    for source in sources:
        prompt = prompts_visible_to(user, source).filter(pk=int(prompt_pk)).first()
        if prompt is not None:
            break
    else:
        raise Http404("No such prompt.")
    if prompt.community == community:
        return FillTarget(challenge=prompt.period.challenge, prompts=[prompt])
    challenge = community.challenges.filter(kind__in=PROMPT_KINDS).first()
    if challenge is None:
        raise Http404(f"{community.name} has no challenge to post fills to.")
    return FillTarget(challenge=challenge, prompts=[prompt])


def fills_still_fit(work: Work) -> None:
    """Raise ValidationError when an edit made a fill break a rule of its community (a form
    limit, a required tag). Callers run it in the edit's transaction, so the edit is undone."""
    fresh = Work.objects.get(pk=work.pk)  # counts and tags as the edit left them
    problems = []
    fills = Fill.objects.filter(work=fresh).live().select_related("challenge__community")
    for fill in fills:
        community = fill.challenge.community
        for refusal in work_refusals(fresh, community):
            problems.append(
                f"This work is a fill in {community.name}: {refusal} Keep it within the "
                "community's rules, or take it out of the challenge first."
            )
    if problems:
        raise ValidationError(problems)
