"""Points and stats: what a community's stat post says, computed from the fills readers may see.

How a fill's points are found (the stats page tells readers the same):

* A challenge with no point rules at all gives every fill 1 point, so a new community's
  leaderboard simply counts fills.
* Otherwise the most specific matching rule wins: a rule naming the fill's form beats a rule
  for any form; among those, the word bracket with the highest ``min_words`` (fic and meta:
  ``min_words <= words <= max_words``, no maximum meaning unbounded). Art, picspams, vids and
  fanmixes have no words: they match rules whose bracket starts at 0, preferring rules with no
  bracket at all. Between fic brackets that start at the same count the narrower wins;
  remaining ties go to the rule added first.
* No matching rule: 0 points.

Stats never name a hidden creator: fills of anonymous challenges before their reveal count in
the totals but appear on the leaderboard only as one "Anonymous" row, and the count of creators
counts only named ones (otherwise "3 creators" beside two names would say whether Anonymous is
someone already on the board).
"""

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from ficfest.accounts.auth import AnyUser
from ficfest.accounts.models import Pseud, User
from ficfest.communities.models import Challenge, Fill, Period, PointRule, Prompt
from ficfest.communities.permissions import require_moderator
from ficfest.communities.selectors import approved_fills, prompts_visible_to, works_in_period
from ficfest.works.models import FORM_UNIT, Form, SizeUnit, Work

DEFAULT_POINTS = 1

# How a stat post names a count of fills of a form: (one, many).
FORM_NOUNS: dict[str, tuple[str, str]] = {
    Form.FIC: ("fic", "fics"),
    Form.META: ("meta", "metas"),
    Form.ART: ("art", "art"),
    Form.PICSPAM: ("picspam", "picspams"),
    Form.VID: ("vid", "vids"),
    Form.FANMIX: ("fanmix", "fanmixes"),
}


def is_wordy(form: str) -> bool:
    return FORM_UNIT[Form(form)] == SizeUnit.WORDS


def _matches(rule: PointRule, form: str, words: int) -> bool:
    if rule.form and rule.form != form:
        return False
    if not is_wordy(form):
        return rule.min_words == 0
    return rule.min_words <= words and (rule.max_words is None or words <= rule.max_words)


def _specificity(rule: PointRule, form: str) -> tuple[int, int, int, int]:
    unbounded = rule.max_words is None
    # Fic: the narrowest bracket among equal minimums; other forms: a rule without a bracket.
    narrowness = (1 if unbounded else 0) if not is_wordy(form) else -(rule.max_words or 10**9)
    return (1 if rule.form else 0, rule.min_words, narrowness, -(rule.pk or 0))


def matching_rule(work: Work, rules: Sequence[PointRule]) -> PointRule | None:
    """The rule that prices this work's fill, or None when no rule fits."""
    words = work.word_count if is_wordy(work.form) else 0
    fitting = [rule for rule in rules if _matches(rule, work.form, words)]
    if not fitting:
        return None
    return max(fitting, key=lambda rule: _specificity(rule, work.form))


def fill_points(fill: Fill, rules: Sequence[PointRule]) -> int:
    """The points a fill earns under its challenge's rules (see the module notes)."""
    if not rules:
        return DEFAULT_POINTS
    rule = matching_rule(fill.work, rules)
    return rule.points if rule else 0


def fill_kind(work: Work, rules: Sequence[PointRule]) -> str:
    """What a stat post calls this fill: its rule's label if the rule has one, else its form."""
    rule = matching_rule(work, rules) if rules else None
    return rule.label if rule and rule.label else work.form


def kind_phrase(kind: str, count: int) -> str:
    """'1 fic', '2 fanmixes'; a moderator's label is used as written ('3 drabble')."""
    if kind in FORM_NOUNS:
        one, many = FORM_NOUNS[kind]
        return f"{count} {one if count == 1 else many}"
    return f"{count} {kind}"


@dataclass
class LeaderboardRow:
    name: str
    pseud: Pseud | None  # None: the one row standing for every hidden creator
    fills: int = 0
    points: int = 0
    words: int = 0
    kinds: Counter[str] = field(default_factory=Counter)

    @property
    def is_anonymous(self) -> bool:
        return self.pseud is None

    @property
    def summary(self) -> str:
        """'2 fics, 1 drabble' in the order the fills were counted."""
        return ", ".join(kind_phrase(kind, count) for kind, count in self.kinds.items())

    def add(self, work: Work, points: int, kind: str) -> None:
        self.fills += 1
        self.points += points
        self.words += work.word_count if is_wordy(work.form) else 0
        self.kinds[kind] += 1


@dataclass
class PromptCount:
    prompt: Prompt
    fills: int

    @property
    def text(self) -> str:
        return " ".join(self.prompt.text.split())  # one line, for headings and list items


@dataclass
class PeriodStats:
    period: Period
    fills: int
    creators: int  # named creators only; see the module notes
    words: int
    points: int
    anonymous_fills: int
    by_form: list[tuple[str, int]]  # (form, fills), most first
    top_prompts: list[PromptCount]
    leaderboard: list[LeaderboardRow]  # named rows by points, then the Anonymous row if any
    rules: list[PointRule]

    @property
    def uses_default_points(self) -> bool:
        return not self.rules

    @property
    def by_form_text(self) -> str:
        """'4 fics, 1 fanmix'."""
        return ", ".join(kind_phrase(form, count) for form, count in self.by_form)


TOP_PROMPTS = 10


def period_fills(period: Period, viewer: AnyUser) -> list[Fill]:
    """Approved fills of the period whose works the viewer may see, in posting order, each
    carrying its work as visible_to annotated it (so ``creators_are_hidden`` answers for this
    viewer). Masterlists read the same list."""
    visible = works_in_period(period, viewer).for_blurbs().prefetch_related("images", "tracks")
    works = {work.pk: work for work in visible}
    fills = list(approved_fills(visible).filter(period=period))
    for fill in fills:
        fill.work = works[fill.work_id]
    return sorted(fills, key=lambda f: (f.work.published_at, f.work.pk))


def _leaderboard(fills: Iterable[Fill], rules: Sequence[PointRule]) -> list[LeaderboardRow]:
    rows: dict[int, LeaderboardRow] = {}
    anonymous = LeaderboardRow(name="Anonymous", pseud=None)
    for fill in fills:
        points, kind = fill_points(fill, rules), fill_kind(fill.work, rules)
        if fill.work.creators_are_hidden:
            anonymous.add(fill.work, points, kind)
            continue
        for pseud in fill.work.credited_pseuds():
            rows.setdefault(pseud.pk, LeaderboardRow(name=pseud.name, pseud=pseud))
            rows[pseud.pk].add(fill.work, points, kind)
    ranked = sorted(rows.values(), key=lambda row: (-row.points, row.name.casefold(), row.name))
    return ranked + ([anonymous] if anonymous.fills else [])


def _top_prompts(period: Period, viewer: AnyUser, fills: list[Fill]) -> list[PromptCount]:
    shown = set(prompts_visible_to(viewer, period.challenge.community).values_list("pk", flat=True))
    counts: Counter[int] = Counter()
    prompts: dict[int, Prompt] = {}
    for fill in fills:
        for prompt in fill.prompts.all():
            if prompt.pk in shown:
                if prompt.period_id == period.pk:
                    prompt.period = period  # its link needs the community: no query each
                counts[prompt.pk] += 1
                prompts[prompt.pk] = prompt
    order = sorted(counts, key=lambda pk: (-counts[pk], prompts[pk].release_at, pk))
    return [PromptCount(prompts[pk], counts[pk]) for pk in order[:TOP_PROMPTS]]


def _by_form(fills: list[Fill]) -> list[tuple[str, int]]:
    counts = Counter(fill.work.form for fill in fills)
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))


def period_stats(period: Period, viewer: AnyUser) -> PeriodStats:
    """The stat post of a period as this viewer may see it (moderators see the truth)."""
    rules = list(period.challenge.point_rules.all())
    fills = period_fills(period, viewer)
    board = _leaderboard(fills, rules)
    return PeriodStats(
        period=period,
        fills=len(fills),
        creators=sum(1 for row in board if not row.is_anonymous),
        words=sum(f.work.word_count for f in fills if is_wordy(f.work.form)),
        points=sum(fill_points(f, rules) for f in fills),
        anonymous_fills=sum(1 for f in fills if f.work.creators_are_hidden),
        by_form=_by_form(fills),
        top_prompts=_top_prompts(period, viewer, fills),
        leaderboard=board,
        rules=rules,
    )


# Writes: the moderators' point-rule editor on the stats page.


@transaction.atomic
def point_rule_add(
    *,
    challenge: Challenge,
    form: str,
    min_words: int,
    max_words: int | None,
    points: int,
    label: str,
) -> PointRule:
    return PointRule.objects.create(
        challenge=challenge,
        form=form,
        min_words=min_words,
        max_words=max_words,
        points=points,
        label=label,
    )


@transaction.atomic
def point_rule_remove(*, rule: PointRule) -> None:
    rule.delete()


def stat_post_mark(
    *, period: Period, by: User, published: bool, now: datetime | None = None
) -> Period:
    """Record that the period's stat post went out (or take that back). Only once the period
    is over: until then its stats still change. Until it is marked, the last period of a
    challenge that is over waits in the moderators' box."""
    require_moderator(by, period.challenge.community)
    moment = now or timezone.now()
    if published and period.closes_at > moment:
        raise ValidationError(
            "This period is still running: its stats will change until it ends. Publish its "
            "stat post once it is over."
        )
    period.stats_published_at = moment if published else None
    period.save(update_fields=["stats_published_at"])
    return period
