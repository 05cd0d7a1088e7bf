"""The demo communities of COMMUNITY.md, as they stand at the moment the demo is loaded.

Fag Ends, the seed's community, has last month (over: every batch released, its fills, its
theme chosen by a closed poll), this month (its batches released on the 1st, 8th, 15th and 22nd
as those days come; the seed fill answers a prompt of the 1st) and next month (scheduled, its
theme poll open now). Its overflow community holds a fill for a prompt of last month; the prompt
meme opened a week ago.

Everything goes through the services a moderator's forms and members' pages use; only history
that they rightly refuse to write in the past (a poll that already closed, fills of a month that
is over) is written directly, as if the community had been running. Each community is loaded
once: a second run finds it by its address and leaves it alone.
"""

from collections.abc import Callable
from datetime import datetime, timedelta

from django.utils import timezone

from ficfest.accounts.models import User
from ficfest.communities.models import (
    Challenge,
    ChallengeKind,
    Community,
    Fill,
    FillStatus,
    MembershipMode,
    Period,
    Poll,
    PollOption,
    Prompt,
    Vote,
)
from ficfest.communities.services.challenges import challenge_create, period_create
from ficfest.communities.services.claims import claim_create
from ficfest.communities.services.community import community_create, membership_join
from ficfest.communities.services.fills import fill_create
from ficfest.communities.services.points import point_rule_add
from ficfest.communities.services.prompts import prompt_post
from ficfest.demo import SEED_PROMPT
from ficfest.demo.months import (
    local_midnight,
    local_month,
    month_add,
    record_past_month,
    schedule_next_month,
    schedule_running_month,
)
from ficfest.demo.users_works import SPUFFY, backdate, post_short
from ficfest.works.models import Form, Work

# The community's rule, as its description says: a batch on each of these days of the month.
RELEASE_DAYS = [1, 8, 15, 22]
LAST_MONTH = [
    ["Eventide", "Crypt keeping", "Bloody hell", "Patrol in the rain", "A stake through the heart"],
    ["Hush", "Something borrowed", "Fool for love", "The Bronze, 2 a.m.", "Cemetery roses"],
    ["Gift", "Out of my mind", "Dust", "Sunrise, almost", "Once more, with feeling"],
    ["Lovers walk", "Chipped", "Restless", "Fire and brimstone", "Leather duster"],
]  # fmt: skip
THIS_MONTH = [
    [SEED_PROMPT, "Cigarette smoke", "The last bus out of Sunnydale", "Borrowed coat",
     "“You don't have a soul, Spike.”"],
    ["Graveyard shift", "Band candy", "Older and far away", "Pangs", "Dead man's party"],
    ["Something blue", "Crush", "Intervention", "Halloween costume", "The Initiative"],
    ["Long night", "Old traditions", "Hearth", "Candlelight", "A kept promise"],
]  # fmt: skip
NEXT_MONTH = [
    ["Homecoming", "Frost", "The Magic Box, after hours", "Cinnamon", "Wrapping paper"],
    ["Old scars", "Holy water", "Broken mirror", "A slow dance", "Moonrise"],
    ["Silent bells", "Ice", "First light", "Sleepless", "Blood and wine"],
    ["Resolutions", "Countdown", "Auld lang syne", "Fireworks", "The last candle"],
]  # fmt: skip
# The prompt demo has claimed (of the running month's first batch).
CLAIMED_PROMPT = "The last bus out of Sunnydale"
# Each month's theme poll: the first option wins.
LAST_THEMES = ["Masks", "Thresholds", "Keys"]
THIS_THEMES = ["Crossroads", "Masks", "Thresholds"]
NEXT_THEMES = ["Winter", "Homecoming", "Secrets"]
RULES = """1. Every work must be Spike/Buffy. Any rating, any genre.
2. One prompt or the month's theme per work; post as many works as you like until the month ends.
3. Fic and meta: up to 1,000 words. Vidlets: up to 1 minute. Fanmixes: up to 5 songs.
   Art and picspams: up to 8 images.
4. Adult works carry their rating and warnings; readers choose to open them.
5. Longer works and other pairings are welcome at Fag Ends Overflow, for any of our prompts."""


def _members(community: Community, users: list[User]) -> None:
    for user in users:
        membership_join(user=user, community=community)


def _closed_poll(period: Period, options: list[str], voters: list[User]) -> None:
    """History: the theme poll that ran in the ten days before the period, closed as it
    opened (poll_create wants a poll that closes in the future). The first option wins."""
    poll = Poll.objects.create(period=period, opens_at=period.opens_at - timedelta(days=10),
                               closes_at=period.opens_at)  # fmt: skip
    choices = [PollOption.objects.create(poll=poll, text=text) for text in options]
    for index, voter in enumerate(voters):
        Vote.objects.create(poll=poll, option=choices[0 if index % 3 else 1], user=voter)


def _past_fill(work: Work, period: Period, prompts: list[Prompt], when: datetime) -> None:
    """History: a fill posted while ``period`` ran (fill_create refuses a period that closed),
    written as fill_create would have written it then. No prompts: a fill for the theme."""
    backdate(work, when)
    fill = Fill.objects.create(work=work, challenge=period.challenge, period=period,
                               for_theme=not prompts, status=FillStatus.APPROVED)  # fmt: skip
    fill.prompts.set(prompts)
    Fill.objects.filter(pk=fill.pk).update(created_at=when)


def _fill(work: Work, challenge: Challenge, prompt: str | None, by: User) -> None:
    """A fill now, for a released prompt of the running month or (no prompt) its theme."""
    prompts = [Prompt.objects.get(period__challenge=challenge, text=prompt)] if prompt else []
    fill_create(work=work, challenge=challenge, prompts=prompts, for_theme=not prompts, by=by)


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
    voters = [users[name] for name in ("demo", "willowtree", "ripperfan")]
    _members(community, voters)
    monthly = challenge_create(
        community=community, by=mod, title="Monthly prompts", slug="monthly",
        kind=ChallengeKind.PROMPTS, description="Twenty prompts a month and a theme by poll.",
        claims_enabled=True, claim_limit=2, claim_days=7, reminder_days=2,
    )  # fmt: skip
    for form, low, high, points, label in [
        (Form.FIC, 0, 100, 10, "drabble"), (Form.FIC, 101, 1000, 20, "ficlet"),
        (Form.META, 0, None, 10, "meta"), (Form.ART, 0, None, 20, "art"),
        (Form.VID, 0, None, 20, "vidlet"), (Form.FANMIX, 0, None, 10, "fanmix"),
    ]:  # fmt: skip
        point_rule_add(challenge=monthly, form=form, min_words=low, max_words=high,
                       points=points, label=label)  # fmt: skip
    running, month = schedule_running_month(challenge=monthly, by=mod, release_days=RELEASE_DAYS,
                                            batches=THIS_MONTH)  # fmt: skip
    last = record_past_month(challenge=monthly, by=mod, month=month_add(month, -1),
                             closes_at=running.opens_at, release_days=RELEASE_DAYS,
                             batches=LAST_MONTH)  # fmt: skip
    _closed_poll(last, LAST_THEMES, voters)
    _closed_poll(running, THIS_THEMES, voters)
    schedule_next_month(challenge=monthly, by=mod, after=month, release_days=RELEASE_DAYS,
                        batches=NEXT_MONTH, poll_options=NEXT_THEMES,
                        poll_closes_at=running.closes_at)  # fmt: skip

    # Last month's fills, posted while it ran.
    ago = month_add(month, -1)
    keeping = post_short(users["ripperfan"], "Housekeeping", _CRYPT_FIC)
    _past_fill(keeping, last, list(last.prompts.filter(text="Crypt keeping")),
               local_midnight(ago, 3) + timedelta(hours=21))  # fmt: skip
    masks = post_short(users["willowtree"], "Masquerade", _MASKS_FIC)
    _past_fill(masks, last, [], local_midnight(ago, 12) + timedelta(hours=19))
    # This month's, for prompts of its first batch (released on the 1st) and its theme.
    _fill(seed, monthly, SEED_PROMPT, users["demo"])
    _fill(post_short(users["willowtree"], "Smoke Signals", _DRABBLE), monthly, "Cigarette smoke",
          users["willowtree"])  # fmt: skip
    _fill(post_short(users["ripperfan"], "At the Crossroads", _THEME_FIC), monthly, None,
          users["ripperfan"])  # fmt: skip
    # A claim held by demo on a prompt of the first batch (released whenever the demo loads),
    # due a week after loading.
    claim_create(prompt=Prompt.objects.get(period=running, text=CLAIMED_PROMPT), user=users["demo"])
    return community


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
    year = local_month(timezone.now())[0]
    period_create(challenge=challenge, by=mod, title=str(year), slug=str(year),
                  opens_at=local_midnight((year, 1), 1),
                  closes_at=local_midnight((year + 1, 1), 1))  # fmt: skip
    long_work = post_short(users["ripperfan"], "The Long Way Round",
                           "\n\n".join([_THEME_FIC] * 12),
                           relationships=("Dawn Summers & Spike",))  # fmt: skip
    # A prompt of Fag Ends' last month: released, whatever the day.
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
    period = period_create(challenge=meme, by=mod, title="Round one", slug="round-one",
                           opens_at=now - timedelta(days=7), closes_at=now + timedelta(days=60),
                           prompts_close_at=now + timedelta(days=21))  # fmt: skip
    prompt_post(period=period, text="Giles runs a karaoke night at the Bronze.", tags=["Humor"],
                anonymous=False, by=users["ripperfan"])  # fmt: skip
    wanted = prompt_post(period=period, text="Spike teaches Dawn to play poker with kittens.",
                         tags=["Crack"], anonymous=True, by=users["willowtree"])  # fmt: skip
    filler = users["serenitysky"]
    work = post_short(filler, "All In", _MEME_FIC, relationships=(),
                      characters=("Dawn Summers", "Spike"))  # fmt: skip
    fill_create(work=work, challenge=meme, prompts=[wanted], for_theme=False, by=filler)
    return community


def once(slug: str, load: Callable[[], Community]) -> None:
    if not Community.objects.filter(slug=slug).exists():
        load()


def communities_load(users: dict[str, User], seed: Work) -> None:
    """``users`` holds the demo accounts by name (mod, demo, willowtree, ripperfan, serenitysky)."""
    once("fag-ends", lambda: fag_ends(users, seed))
    main = Community.objects.get(slug="fag-ends")
    once("fag-ends-overflow", lambda: overflow(users, main))
    once("sunnydale-meme", lambda: prompt_meme(users))


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
_CRYPT_FIC = (
    "Spike dusts the sarcophagus twice a week, which is twice more than anyone would guess.\n\n"
    "“Company,” he says, when Buffy raises an eyebrow at the duster. “A vampire has standards.”"
)
_MASKS_FIC = (
    "The Bronze throws a masquerade and Buffy goes as herself, which fools nobody.\n\n"
    "Spike comes in a mask so thin it hides nothing at all, and dances with her anyway."
)
_MEME_FIC = (
    "Dawn wins the first hand and Spike swears the deck is cursed.\n\n"
    "By midnight she owns every kitten in the crypt, and he has to admit she learned from the best."
)
