"""The demo communities of COMMUNITY.md, loaded by ``ficfest demo`` beside the demo works.

The seed's short-work challenge is set up through the same services a moderator's forms use;
only history that the services rightly refuse to write in the past (a poll that already closed,
sign-ups from before their deadline) is written directly, as if the community had been running.
Each community is loaded once: a second run finds it by its address and leaves it alone.
"""

from collections.abc import Callable
from datetime import datetime, timedelta

from django.utils import timezone

from ficfest.accounts.models import User
from ficfest.communities.models import (
    Anonymity,
    Challenge,
    ChallengeKind,
    Community,
    MembershipMode,
    Period,
    PointRule,
    Poll,
    PollOption,
    Prompt,
    Vote,
)
from ficfest.communities.services.challenges import challenge_create, period_schedule_month
from ficfest.communities.services.community import community_create, membership_join
from ficfest.communities.services.fills import fill_create
from ficfest.communities.services.prompts import prompt_post
from ficfest.exchanges import services as ficathon
from ficfest.exchanges.models import SignUp
from ficfest.lib.text import TextFormat
from ficfest.works import services as works
from ficfest.works.models import ArchiveWarning, Category, Form, Rating, Work

SEED_PROMPT = "From the world below, to the world above."
SPUFFY = "Buffy Summers/Spike"
BTVS = "Buffy the Vampire Slayer"
BATCHES = [
    [SEED_PROMPT, "Cigarette smoke", "The last bus out of Sunnydale", "Borrowed coat",
     "“You don't have a soul, Spike.”"],
    ["Eventide", "Crypt keeping", "Bloody hell", "Patrol in the rain", "A stake through the heart"],
    ["Hush", "Something borrowed", "Fool for love", "The Bronze, 2 a.m.", "Cemetery roses"],
    ["Gift", "Out of my mind", "Dust", "Sunrise, almost", "Once more, with feeling"],
]  # fmt: skip
NEXT_BATCHES = [
    ["Winter solstice", "Frost", "Candlelight", "Mistletoe", "Snow on the Hellmouth"],
    ["Holiday spirit", "Old traditions", "Gifts", "Hearth", "Stockings"],
    ["Long night", "Silent bells", "Ice", "Cinnamon", "Wrapping paper"],
    ["New year", "Resolutions", "Countdown", "Auld lang syne", "Fireworks"],
]  # fmt: skip
THEMES = ["Crossroads", "Masks", "Thresholds"]
RULES = """1. Every work must be Spike/Buffy. Any rating, any genre.
2. One prompt or the month's theme per work; post as many works as you like until the month ends.
3. Fic and meta: up to 1,000 words. Vidlets: up to 1 minute. Fanmixes: up to 5 songs.
   Art and picspams: up to 8 images.
4. Adult works carry their rating and warnings; readers choose to open them.
5. Longer works and other pairings are welcome at Fag Ends Overflow, for any of our prompts."""


def _month_after(when: datetime) -> tuple[int, int]:
    return (when.year + when.month // 12, when.month % 12 + 1)


def _members(community: Community, users: list[User]) -> None:
    for user in users:
        membership_join(user=user, community=community)


def _post(author: User, title: str, text: str, relationships: tuple[str, ...] = (SPUFFY,)) -> Work:
    tags = works.WorkTags(fandoms=[BTVS], warnings=[ArchiveWarning.NONE_APPLY],
                          categories=[Category.FM], relationships=list(relationships),
                          characters=["Buffy Summers", "Spike"])  # fmt: skip
    return works.work_create(
        poster=author,
        pseud=author.default_pseud,
        title=title,
        rating=Rating.TEEN,
        tags=tags,
        chapter=works.ChapterText(text=text, text_format=TextFormat.PLAIN),
    )


def _closed_poll(period: Period, voters: list[User]) -> None:
    """The theme poll that ran before this month: closed, its winner now the theme."""
    poll = Poll.objects.create(period=period, opens_at=period.opens_at - timedelta(days=10),
                               closes_at=period.opens_at)  # fmt: skip
    options = [PollOption.objects.create(poll=poll, text=text) for text in THEMES]
    for index, voter in enumerate(voters):
        Vote.objects.create(poll=poll, option=options[0 if index % 3 else 1], user=voter)


def fag_ends(users: dict[str, User], seed: Work) -> Community:
    mod = users["mod"]
    community = community_create(
        owner=mod, name="Fag Ends", slug="fag-ends",
        description="Short works for Spike and Buffy: a theme each month chosen by poll, and "
        "five prompts on the 1st, 8th, 15th and 22nd.",
        rules=RULES, membership=MembershipMode.OPEN, members_only_posting=True,
        required_tags={"relationship": [SPUFFY]},
        limits={Form.FIC: 1000, Form.META: 1000, Form.VID: 60, Form.FANMIX: 5, Form.ART: 8,
                Form.PICSPAM: 8},
    )  # fmt: skip
    _members(community, [users[name] for name in ("demo", "willowtree", "ripperfan")])
    monthly = challenge_create(
        community=community, by=mod, title="Monthly prompts", slug="monthly",
        kind=ChallengeKind.PROMPTS, description="Twenty prompts a month and a theme by poll.",
    )  # fmt: skip
    for form, low, high, points, label in [
        (Form.FIC, 0, 100, 10, "drabble"), (Form.FIC, 101, 1000, 20, "ficlet"),
        (Form.META, 0, None, 10, "meta"), (Form.ART, 0, None, 20, "art"),
        (Form.VID, 0, None, 20, "vidlet"), (Form.FANMIX, 0, None, 10, "fanmix"),
    ]:  # fmt: skip
        PointRule.objects.create(challenge=monthly, form=form, min_words=low, max_words=high,
                                 points=points, label=label)  # fmt: skip
    now = timezone.now()
    period = period_schedule_month(
        challenge=monthly,
        year=now.year,
        month=now.month,
        release_days=[1, 8, 15, 22],
        batches=BATCHES,
        poll_options=[],
        poll_opens_at=None,
        poll_closes_at=None,
        by=mod,
    )
    _closed_poll(period, [users["demo"], users["willowtree"], users["ripperfan"]])
    year, month = _month_after(now)
    opens = period.closes_at
    period_schedule_month(
        challenge=monthly,
        year=year,
        month=month,
        release_days=[1, 8, 15, 22],
        batches=NEXT_BATCHES,
        poll_options=["Winter", "Homecoming", "Secrets"],
        poll_opens_at=now,
        poll_closes_at=opens,
        by=mod,
    )
    _fill(seed, monthly, period, SEED_PROMPT, users["demo"])
    drabble = _post(users["willowtree"], "Smoke Signals", _DRABBLE)
    _fill(drabble, monthly, period, "Cigarette smoke", users["willowtree"])
    theme_work = _post(users["ripperfan"], "At the Crossroads", _THEME_FIC)
    fill_create(work=theme_work, challenge=monthly, prompts=[], for_theme=True,
                by=users["ripperfan"])  # fmt: skip
    return community


def _fill(work: Work, challenge: Challenge, period: Period, prompt_text: str, by: User) -> None:
    prompt = Prompt.objects.get(period=period, text=prompt_text)
    fill_create(work=work, challenge=challenge, prompts=[prompt], for_theme=False, by=by)


def overflow(users: dict[str, User], main: Community) -> Community:
    mod = users["mod"]
    community = community_create(
        owner=mod, name="Fag Ends Overflow", slug="fag-ends-overflow",
        description="Longer works and other pairings, for any past prompt of Fag Ends.",
        membership=MembershipMode.OPEN, overflow_of=main,
        limits={Form.FIC: None, Form.META: None, Form.ART: None, Form.VID: None,
                Form.FANMIX: None, Form.PICSPAM: None},
    )  # fmt: skip
    _members(community, [users["ripperfan"], users["demo"]])
    challenge = challenge_create(community=community, by=mod, title="Overflow fills",
                                 slug="fills", kind=ChallengeKind.PROMPTS)  # fmt: skip
    now = timezone.now()
    Period.objects.create(challenge=challenge, title=str(now.year), slug=str(now.year),
                          opens_at=datetime(now.year, 1, 1, tzinfo=now.tzinfo),
                          closes_at=datetime(now.year + 1, 1, 1, tzinfo=now.tzinfo))  # fmt: skip
    long_work = _post(users["ripperfan"], "The Long Way Round", "\n\n".join([_THEME_FIC] * 12),
                      relationships=("Dawn Summers & Spike",))  # fmt: skip
    prompt = Prompt.objects.get(period__challenge__community=main, text="Eventide")
    fill_create(work=long_work, challenge=challenge, prompts=[prompt], for_theme=False,
                by=users["ripperfan"])  # fmt: skip
    return community


def prompt_meme(users: dict[str, User]) -> Community:
    mod = users["mod"]
    community = community_create(
        owner=mod, name="Sunnydale Prompt Meme", slug="sunnydale-meme",
        description="Anyone posts prompts, anonymously if they like; anyone fills them.",
        membership=MembershipMode.OPEN, members_only_posting=False,
    )  # fmt: skip
    meme = challenge_create(community=community, by=mod, title="Round one", slug="round-one",
                            kind=ChallengeKind.MEME, anonymous_prompts=True)  # fmt: skip
    now = timezone.now()
    period = Period.objects.create(challenge=meme, title="Round one", slug="round-one",
                                   opens_at=now - timedelta(days=7),
                                   closes_at=now + timedelta(days=60),
                                   prompts_close_at=now + timedelta(days=21))  # fmt: skip
    prompt_post(period=period, text="Giles runs a karaoke night at the Bronze.", tags=["Humor"],
                anonymous=False, by=users["ripperfan"])  # fmt: skip
    wanted = prompt_post(period=period, text="Spike teaches Dawn to play poker with kittens.",
                         tags=["Crack"], anonymous=True, by=users["willowtree"])  # fmt: skip
    filler = users["serenitysky"]
    work = _post(filler, "All In", _MEME_FIC, relationships=())
    fill_create(work=work, challenge=meme, prompts=[wanted], for_theme=False, by=filler)
    return community


def ficathon_community(users: dict[str, User]) -> Community:
    mod = users["mod"]
    community = community_create(
        owner=mod, name="Slayerfest Ficathon", slug="slayerfest",
        description="A yearly assignment ficathon: sign up with requests and offers, write "
        "for your assigned recipient; works are posted anonymously and revealed together.",
        membership=MembershipMode.OPEN,
    )  # fmt: skip
    writers = [users[name] for name in ("willowtree", "ripperfan", "serenitysky")]
    _members(community, writers)
    now = timezone.now()
    fest = challenge_create(
        community=community, by=mod, title="Slayerfest 2026", slug="2026",
        kind=ChallengeKind.FICATHON, anonymity=Anonymity.ANONYMOUS,
        reveal_at=now + timedelta(days=14), signups_open_at=now - timedelta(days=40),
        signups_close_at=now - timedelta(days=20), assignments_due_at=now + timedelta(days=7),
    )  # fmt: skip
    # Sign-ups happened while the window was open; the service rightly refuses them now.
    signups = [SignUp.objects.create(challenge=fest, user=u, pseud=u.default_pseud,
                                     requests=f"{BTVS}: anything with {name}",
                                     offers=f"{BTVS}, Firefly", pinch_hitter=True)
               for u, name in zip(writers, ["Willow", "Giles", "Kaylee"], strict=True)]  # fmt: skip
    for index, giver in enumerate(signups):
        ficathon.assignment_create(giver=giver, recipient=signups[(index + 1) % 3])
    ficathon.assignments_send(challenge=fest)
    gift = _post(users["willowtree"], "Tea for the Watcher", _GIFT_FIC, relationships=())
    assignment = fest.assignments.get(giver=signups[0])
    ficathon.assignment_fulfil(assignment=assignment, work=gift, by=users["willowtree"])
    return community


def _once(slug: str, load: Callable[[], Community]) -> None:
    if not Community.objects.filter(slug=slug).exists():
        load()


def communities_load(users: dict[str, User], seed: Work) -> None:
    """``users`` holds the demo accounts by name (mod, demo, willowtree, ripperfan, serenitysky)."""
    _once("fag-ends", lambda: fag_ends(users, seed))
    main = Community.objects.get(slug="fag-ends")
    _once("fag-ends-overflow", lambda: overflow(users, main))
    _once("sunnydale-meme", lambda: prompt_meme(users))
    _once("slayerfest", lambda: ficathon_community(users))


_DRABBLE = (
    "He smokes by the crypt door and she pretends not to watch the curl of it.\n\n"
    "“Filthy habit,” she says.\n\n"
    "“Got a few of those, Slayer.” He flicks ash at the moon. “You're one of them.”"
)
_THEME_FIC = (
    "The road out of town forks at the old sign, and Buffy stands where it splits, sword "
    "across her shoulders, while Spike leans on the post and counts the cars that never come. "
    "Left goes to Los Angeles. Right goes nowhere anyone has mapped. Neither of them moves."
)
_MEME_FIC = (
    "Dawn wins the first hand and Spike swears the deck is cursed.\n\n"
    "By midnight she owns every kitten in the crypt, and he has to admit she learned from the best."
)
_GIFT_FIC = (
    "Giles keeps the good tea in the back of the cupboard, behind the books nobody borrows.\n\n"
    "Willow finds it anyway. She always does."
)
