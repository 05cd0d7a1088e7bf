"""The demo accounts and works: the seed fill's work and a dozen others in several fandoms.

Users are found by name and works by title, so loading them again changes nothing.
"""

import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.utils import timezone

from ficfest.accounts.models import Pseud, User
from ficfest.demo import DEMO_PASSWORD, DEMO_USERS, SEED_TITLE, seed_text, split_seed
from ficfest.lib.text import TextFormat
from ficfest.works import services
from ficfest.works.models import ArchiveWarning, Category, Rating, Work


@dataclass
class DemoWork:
    title: str
    creator: str
    fandoms: list[str]
    rating: str = Rating.GENERAL
    warnings: list[str] = field(default_factory=lambda: [ArchiveWarning.NONE_APPLY])
    categories: list[str] = field(default_factory=lambda: [Category.GEN])
    relationships: list[str] = field(default_factory=list)
    characters: list[str] = field(default_factory=list)
    freeforms: list[str] = field(default_factory=list)
    summary: str = ""
    chapters: int = 1
    language: str = "en"
    complete: bool = True
    restricted: bool = False


BTVS = "Buffy the Vampire Slayer"
SPUFFY = "Buffy Summers/Spike"
OTHER_WORKS = [
    DemoWork(
        "Patrol Notes",
        "willowtree",
        [BTVS],
        Rating.TEEN,
        categories=[Category.FF],
        relationships=["Tara Maclay/Willow Rosenberg"],
        characters=["Willow Rosenberg", "Tara Maclay"],
        freeforms=["Fluff", "Magic"],
        summary="Willow keeps a notebook. Tara reads it upside down.",
    ),
    DemoWork(
        "Sunnydale, After",
        "willowtree",
        [BTVS],
        Rating.GENERAL,
        characters=["Dawn Summers", "Xander Harris"],
        freeforms=["Post-Canon"],
        summary="What the crater looks like ten years on.",
        chapters=3,
        complete=False,
    ),
    DemoWork(
        "The Watcher's Tea",
        "ripperfan",
        [BTVS],
        Rating.GENERAL,
        characters=["Rupert Giles"],
        freeforms=["Humor", "Tea"],
        summary="Giles has opinions about kettles.",
    ),
    DemoWork(
        "Cold Iron",
        "ripperfan",
        [BTVS, "Angel: the Series"],
        Rating.MATURE,
        warnings=[ArchiveWarning.VIOLENCE],
        categories=[Category.FM],
        relationships=[SPUFFY],
        characters=["Buffy Summers", "Spike", "Angel"],
        freeforms=["Angst", "Crossover"],
        summary="Two cities, one long night.",
    ),
    DemoWork(
        "Shiny",
        "serenitysky",
        ["Firefly"],
        Rating.TEEN,
        categories=[Category.GEN],
        characters=["Kaylee Frye", "Malcolm Reynolds"],
        freeforms=["Found Family"],
        summary="Kaylee fixes the engine. Again.",
    ),
    DemoWork(
        "Out of Gas",
        "serenitysky",
        ["Firefly"],
        Rating.GENERAL,
        characters=["Malcolm Reynolds"],
        summary="A ship, before it had a crew.",
        chapters=2,
    ),
    DemoWork(
        "A Study in Fog",
        "serenitysky",
        ["Sherlock Holmes - Arthur Conan Doyle"],
        Rating.GENERAL,
        characters=["Sherlock Holmes", "John Watson"],
        freeforms=["Victorian", "Casefic"],
        summary="London, November, a missing umbrella.",
    ),
    DemoWork(
        "The Bookshop at the End of the World",
        "willowtree",
        ["Good Omens"],
        Rating.TEEN,
        categories=[Category.MM],
        relationships=["Aziraphale/Crowley"],
        characters=["Aziraphale", "Crowley"],
        freeforms=["Slow Burn"],
        summary="Six thousand years is a long time to wait for a cup of cocoa.",
    ),
    DemoWork(
        "Night Watch Blues",
        "ripperfan",
        ["Discworld"],
        Rating.EXPLICIT,
        warnings=[ArchiveWarning.CHOSE_NOT_TO_WARN],
        categories=[Category.FM],
        relationships=["Sybil Ramkin/Sam Vimes"],
        characters=["Sam Vimes"],
        summary="Vimes comes home late, as usual.",
        restricted=True,
    ),
    DemoWork(
        "月下",
        "serenitysky",
        ["魔道祖师 - 墨香铜臭"],
        Rating.GENERAL,
        language="zh",
        characters=["魏无羡", "蓝忘机"],
        summary="月光下的一首曲子。",
    ),
    DemoWork(
        "Hellmouth Karaoke",
        "ripperfan",
        [BTVS],
        Rating.GENERAL,
        categories=[Category.MULTI],
        characters=["Buffy Summers", "Willow Rosenberg", "Xander Harris"],
        freeforms=["Crack"],
        summary="The Bronze has a new open-mic night.",
    ),
    DemoWork(
        "Slayer's Almanac",
        "willowtree",
        [BTVS],
        Rating.NOT_RATED,
        warnings=[ArchiveWarning.NONE_APPLY],
        categories=[Category.OTHER],
        freeforms=["Meta"],
        summary="Notes on the slayer line, in no particular order.",
    ),
    # Tagged with the fandom's nickname, which no wrangler has placed yet (demo/wrangling.py).
    DemoWork(
        "Bleached",
        "willowtree",
        [BTVS],
        Rating.TEEN,
        categories=[Category.FM],
        relationships=["Spuffy"],
        characters=["Buffy Summers", "Spike"],
        freeforms=["Angst"],
        summary="Spike finds the peroxide. Buffy finds Spike.",
    ),
]

_WORDS = [
    "night",
    "moon",
    "stake",
    "cemetery",
    "quiet",
    "library",
    "coffee",
    "rain",
    "window",
    "street",
    "light",
    "shadow",
    "door",
    "laugh",
    "hand",
    "sword",
    "heart",
    "road",
    "book",
    "candle",
    "river",
    "bridge",
    "song",
    "dust",
    "smoke",
    "morning",
    "voice",
]


def demo_text(rng: random.Random, paragraphs: int) -> str:
    def sentence() -> str:
        words = [rng.choice(_WORDS) for _ in range(rng.randint(6, 14))]
        return " ".join(words).capitalize() + rng.choice([".", ".", "!", "?", "…"])

    return "\n\n".join(
        " ".join(sentence() for _ in range(rng.randint(2, 5))) for _ in range(paragraphs)
    )


def demo_user(username: str) -> User:
    user = User.objects.filter(username=username).first()
    if user is None:
        user = User.objects.create_user(
            username=username, email=f"{username}@demo.invalid", password=DEMO_PASSWORD
        )
    return user


def _load_seed() -> Work:
    creator = demo_user("demo")
    existing = Work.objects.filter(poster=creator, title=SEED_TITLE).first()
    if existing:
        return existing
    notes, story = split_seed(seed_text())
    return services.work_create(
        poster=creator, pseud=Pseud.objects.get(user=creator, is_default=True), title=SEED_TITLE,
        notes=notes, rating=Rating.TEEN,
        tags=services.WorkTags(
            fandoms=[BTVS], warnings=[ArchiveWarning.NONE_APPLY], categories=[Category.FM],
            relationships=[SPUFFY], characters=["Buffy Summers", "Spike", "Dawn Summers"],
        ),
        chapter=services.ChapterText(text=story, text_format=TextFormat.PLAIN),
        publish_at=None,
    )  # fmt: skip


def _load_other(demo: DemoWork, rng: random.Random, age: timedelta) -> None:
    creator = demo_user(demo.creator)
    if Work.objects.filter(poster=creator, title=demo.title).exists():
        return
    work = services.work_create(
        poster=creator, pseud=Pseud.objects.get(user=creator, is_default=True),
        title=demo.title, summary=demo.summary, rating=demo.rating, language=demo.language,
        complete=demo.complete, restricted=demo.restricted,
        tags=services.WorkTags(
            fandoms=demo.fandoms, warnings=demo.warnings, categories=demo.categories,
            relationships=demo.relationships, characters=demo.characters,
            freeforms=demo.freeforms,
        ),
        chapter=services.ChapterText(text=demo_text(rng, 8), text_format=TextFormat.PLAIN),
    )  # fmt: skip
    for number in range(2, demo.chapters + 1):
        services.chapter_add(
            work=work,
            content=services.ChapterText(
                title=f"Part {number}", text=demo_text(rng, 8), text_format=TextFormat.PLAIN
            ),
        )
    # Spread the demo over the past weeks so listings have real dates to sort by.
    backdate(work, timezone.now() - age)


def backdate(work: Work, when: datetime) -> None:
    """History: the work was posted at ``when`` (the services post works now)."""
    Work.objects.filter(pk=work.pk).update(published_at=when, revised_at=when)


def post_short(author: User, title: str, text: str, relationships: tuple[str, ...] = (SPUFFY,),
               characters: tuple[str, ...] = ("Buffy Summers", "Spike")) -> Work:  # fmt: skip
    """A short Buffy work, as the communities' fills and the ficathon's gifts are."""
    return services.work_create(
        poster=author, pseud=author.default_pseud, title=title, rating=Rating.TEEN,
        tags=services.WorkTags(
            fandoms=[BTVS], warnings=[ArchiveWarning.NONE_APPLY], categories=[Category.FM],
            relationships=list(relationships), characters=list(characters),
        ),
        chapter=services.ChapterText(text=text, text_format=TextFormat.PLAIN),
    )  # fmt: skip


def users_load() -> dict[str, User]:
    """The demo accounts by name (mod, demo, willowtree, ripperfan, serenitysky)."""
    return {name: demo_user(name) for name in DEMO_USERS}


def works_load() -> Work:
    """The dozen other works, spread over the past weeks, and the seed; returns the seed."""
    rng = random.Random(2026)
    for index, demo in enumerate(OTHER_WORKS):
        _load_other(demo, rng, timedelta(days=len(OTHER_WORKS) - index, hours=index))
    return _load_seed()
