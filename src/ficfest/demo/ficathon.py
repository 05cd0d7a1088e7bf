"""Slayerfest, the demo's yearly anonymous assignment ficathon, as it stands when the demo is
loaded: this year's fest has closed its sign-ups, sent its assignments and has one gift posted,
its reveal two weeks away; last year's ran the same way a year earlier and is revealed.

Each fest has Yuletide's rules over the wrangled Buffy and Firefly tags; its sign-ups request
and offer tags, and the matcher makes its assignments. Sign-ups, assignment emails and the
reveal notices are history the services rightly refuse to write (or would send again) now, so
those rows are written directly; tags, matching, assignments, gifts and their fills go through
the services. Loaded once: a second run finds the community and stops.
"""

from dataclasses import replace
from datetime import datetime, timedelta

from django.utils import timezone

from ficfest.accounts.models import User
from ficfest.communities.models import (
    Anonymity,
    Challenge,
    ChallengeKind,
    Community,
    Fill,
    MembershipMode,
)
from ficfest.communities.services.challenges import challenge_create
from ficfest.communities.services.community import community_create, membership_join
from ficfest.demo.users_works import BTVS, backdate, post_short
from ficfest.exchanges import services as ficathon
from ficfest.exchanges.matching_runs import matching_run, proposals_accept
from ficfest.exchanges.models import SignUp
from ficfest.exchanges.rules import DEFAULT_TYPES, exchange_rules_set
from ficfest.exchanges.signup_tags import Choice, signup_tags_set
from ficfest.tags.models import Tag, TagType
from ficfest.works.models import Work

WRITERS = ["willowtree", "ripperfan", "serenitysky"]
# What each writer asks for and offers (fandom, character), in WRITERS' order: the matcher
# finds the one complete assignment, each writing for the next one along.
WISHES = [(BTVS, "Willow Rosenberg"), (BTVS, "Rupert Giles"), ("Firefly", "Kaylee Frye")]
OFFERS = [(BTVS, "Rupert Giles"), ("Firefly", "Kaylee Frye"), (BTVS, "Willow Rosenberg")]


def _a_year_before(when: datetime) -> datetime:
    try:
        return when.replace(year=when.year - 1)
    except ValueError:  # 29 February
        return when.replace(year=when.year - 1, day=28)


def _fest(community: Community, mod: User, writers: list[User], reveal_at: datetime,
          now: datetime) -> tuple[Challenge, list[SignUp]]:  # fmt: skip
    """A fest whose sign-ups ran from 40 to 20 days before ``now``, its works due a week before
    the reveal; sign-ups made, assignments made (one each, round the circle)."""
    year = timezone.localtime(reveal_at).year
    fest = challenge_create(
        community=community, by=mod, title=f"Slayerfest {year}", slug=str(year),
        kind=ChallengeKind.FICATHON, anonymity=Anonymity.ANONYMOUS, reveal_at=reveal_at,
        signups_open_at=now - timedelta(days=40), signups_close_at=now - timedelta(days=20),
        assignments_due_at=reveal_at - timedelta(days=7),
    )  # fmt: skip
    _tag_rules(fest)
    # Sign-ups happened while the window was open; the service rightly refuses them now.
    signups = [_tagged_sign_up(fest, user, wish, offer)
               for user, wish, offer in zip(writers, WISHES, OFFERS, strict=True)]  # fmt: skip
    matching_run(challenge=fest)
    proposals_accept(challenge=fest)
    return fest, signups


def _tag_rules(fest: Challenge) -> None:
    """Yuletide's rules over the demo's wrangled Buffy and Firefly tags."""
    tag_sets: dict[str, list[str]] = {TagType.FANDOM: [BTVS, "Firefly"],
                TagType.CHARACTER: [c for _, c in WISHES]}  # fmt: skip
    exchange_rules_set(challenge=fest, types=[
        replace(rule, tags=tuple(Tag.objects.filter(type=rule.type, canonical=True,
                                                    name__in=tag_sets.get(rule.type, []))))
        for rule in DEFAULT_TYPES.values()
    ])  # fmt: skip


def _tagged_sign_up(fest: Challenge, user: User, wish: tuple[str, str],
                    offer: tuple[str, str]) -> SignUp:  # fmt: skip
    signup = SignUp.objects.create(
        challenge=fest, user=user, pseud=user.default_pseud, pinch_hitter=True,
        requests=f"Anything with {wish[1]}", offers=f"{offer[0]}, {offer[1]}",
    )  # fmt: skip
    signup_tags_set(signup=signup, requests=[_choice(*wish, letter=f"I love {wish[1]}.")],
                    offer=_choice(*offer))  # fmt: skip
    return signup


def _choice(fandom: str, character: str, letter: str = "") -> Choice:
    tags = {TagType.FANDOM: fandom, TagType.CHARACTER: character}
    return Choice(tags={t: [Tag.objects.get(type=t, name=n)] for t, n in tags.items()},
                  letter=letter)  # fmt: skip


def _gift(fest: Challenge, giver: SignUp, title: str, text: str) -> Work:
    work = post_short(giver.user, title, text, relationships=(), characters=())
    ficathon.assignment_fulfil(assignment=fest.assignments.get(giver=giver), work=work,
                               by=giver.user)  # fmt: skip
    return work


def this_years_fest(community: Community, mod: User, writers: list[User]) -> Challenge:
    now = timezone.now()
    fest, signups = _fest(community, mod, writers, now + timedelta(days=14), now)
    ficathon.assignments_send(challenge=fest)
    _gift(fest, signups[0], "Tea for the Watcher", _GIFT_FIC)
    return fest


def last_years_fest(community: Community, mod: User, writers: list[User]) -> Challenge:
    """History a year old: every assignment sent and fulfilled, the reveal and its notices
    past. The gifts are posted now by the services, then dated to when they came in."""
    then = _a_year_before(timezone.now())
    reveal = then + timedelta(days=14)
    fest, signups = _fest(community, mod, writers, reveal, then)
    fest.assignments.update(sent_at=then - timedelta(days=19))
    for days, (signup, (title, text)) in enumerate(zip(signups, _LAST_GIFTS, strict=True)):
        work = _gift(fest, signup, title, text)
        posted = then + timedelta(days=4 + days)  # before they were due, a week on
        backdate(work, posted)
        Fill.objects.filter(challenge=fest, work=work).update(created_at=posted)
    Challenge.objects.filter(pk=fest.pk).update(reveal_announced_at=reveal)
    return fest


def ficathon_community(users: dict[str, User]) -> Community:
    mod = users["mod"]
    community = community_create(
        owner=mod, name="Slayerfest Ficathon", slug="slayerfest",
        description="A yearly assignment ficathon: sign up with requests and offers, write "
        "for your assigned recipient; works are posted anonymously and revealed together.",
        membership=MembershipMode.OPEN,
    )  # fmt: skip
    writers = [users[name] for name in WRITERS]
    for writer in writers:
        membership_join(user=writer, community=community)
    last_years_fest(community, mod, writers)
    this_years_fest(community, mod, writers)
    return community


def ficathon_load(users: dict[str, User]) -> None:
    if not Community.objects.filter(slug="slayerfest").exists():
        ficathon_community(users)


_GIFT_FIC = (
    "Giles keeps the good tea in the back of the cupboard, behind the books nobody borrows.\n\n"
    "Willow finds it anyway. She always does."
)
_LAST_GIFTS = [
    ("The Research Party", "Willow brings the snacks and Giles brings the books, and by two in "
     "the morning the library smells of popcorn and old vellum.\n\nNobody finds the demon. "
     "Everybody stays."),
    ("Engine Trouble", "Kaylee talks to Serenity the way Giles talks to his books: softly, and "
     "as if it might answer.\n\nIt does, in its way."),
    ("A Spell for Tea", "Willow tries a warming charm on Giles's kettle and it sings the whole "
     "of a folk song before it boils.\n\nHe pretends to mind."),
]  # fmt: skip
