"""What a generated archive holds: users, pseuds and works that read like a real archive.

The plan is pure data drawn from a seeded random generator, so the same seed and clock give
the same archive whichever writer (services or bulk) puts it into the database. Import this
after ``django.setup()``: works are described with the services' own ``WorkTags`` and
``ChapterText``.
"""

import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TypeVar

import names
from ficfest.lib.text import TextFormat
from ficfest.works.models import ArchiveWarning, Category, Language, Rating, Status
from ficfest.works.services import ChapterText, WorkTags

T = TypeVar("T")
USERS = 200
FANDOMS = 50
HISTORY_DAYS = 5 * 365

_ADJECTIVES = (
    "Silver", "Hollow", "Midnight", "Crimson", "Glass", "Iron", "Last", "Broken", "Quiet",
    "Wild", "Sunken", "Burning", "Paper", "Winter", "Golden", "Lost", "Salt", "Velvet",
    "Northern", "Hidden", "Bright", "Drowned", "Copper", "Starlit",
)  # fmt: skip
_NOUNS = (
    "Harbour", "Orchard", "Crown", "Academy", "Lantern", "Frontier", "Tide", "Archive",
    "Garden", "Station", "Kingdom", "Circus", "Dynasty", "Hunt", "Parish", "Signal", "Choir",
    "Meridian", "Engine", "Library", "Court", "Lighthouse",
)  # fmt: skip
_MEDIA = (
    "(TV)", "(Anime)", "(Video Game)", "(Movies)", "- All Media Types", "(Comics)",
    "(Podcast)", "(Web Series)", "- Novel Series",
)  # fmt: skip
_FIRST_NAMES = names.FIRST_NAMES
_SURNAMES = names.SURNAMES
_FREEFORMS = names.FREEFORMS
_FREEFORM_PATTERNS = (
    "{} Needs a Hug", "Protective {}", "{}-centric", "Sad {}", "{} Has Feelings",
    "{} Is Bad at Feelings", "Soft {}", "{} Whump", "Not Canon Compliant - {}",
)  # fmt: skip
_WORDS = (
    "the", "a", "and", "of", "to", "in", "was", "it", "that", "she", "he", "they", "with",
    "for", "on", "not", "had", "but", "at", "her", "his", "their", "from", "by", "as", "if",
    "when", "still", "only", "again", "never", "always", "almost", "quietly", "slowly",
    "light", "dark", "night", "morning", "rain", "door", "window", "hand", "hands", "voice",
    "breath", "silence", "street", "room", "kitchen", "coffee", "letter", "stairs", "roof",
    "fire", "smoke", "cigarette", "coat", "river", "bridge", "city", "road", "sky", "stars",
    "moon", "dust", "blood", "stone", "glass", "song", "promise", "secret", "memory",
    "looked", "turned", "waited", "smiled", "laughed", "said", "whispered", "remembered",
    "knew", "wanted", "held", "walked", "stopped", "closed", "opened", "watched", "thought",
    "felt", "carried", "left", "found", "lost", "kept", "broke", "burned", "fell", "stayed",
    "old", "new", "cold", "warm", "small", "long", "quiet", "bright", "tired", "careful",
    "soft", "sharp", "strange", "familiar", "last", "first", "other", "same", "whole",
    "something", "nothing", "everything", "nobody", "somewhere", "home", "world", "time",
    "heart", "words", "way", "back", "away", "down", "up", "over", "under", "through",
    "before", "after", "because", "until", "while", "like", "just", "so", "too", "then",
)  # fmt: skip
_SAID = ("said", "asked", "muttered", "whispered", "snapped", "admitted", "offered")
_PLACES = ("the roof", "the kitchen", "the bridge", "the crypt", "the station", "the library")
_RATINGS = {
    Rating.GENERAL: 25, Rating.TEEN: 35, Rating.MATURE: 18, Rating.EXPLICIT: 12,
    Rating.NOT_RATED: 10,
}  # fmt: skip
_WARNINGS = {
    ArchiveWarning.NONE_APPLY: 55, ArchiveWarning.CHOSE_NOT_TO_WARN: 25,
    ArchiveWarning.VIOLENCE: 10, ArchiveWarning.MAJOR_CHARACTER_DEATH: 6,
    ArchiveWarning.NON_CON: 2, ArchiveWarning.UNDERAGE: 2,
}  # fmt: skip
_CATEGORIES = {
    Category.FM: 30, Category.MM: 30, Category.FF: 12, Category.GEN: 20, Category.MULTI: 5,
    Category.OTHER: 3,
}  # fmt: skip
_LANGUAGES = {
    Language.EN: 92, Language.ES: 2, Language.DE: 1, Language.FR: 1, Language.RU: 1,
    Language.ZH: 1, Language.JA: 1, Language.PT: 1,
}  # fmt: skip


@dataclass(frozen=True)
class UserSpec:
    username: str
    extra_pseud: str | None


@dataclass(frozen=True)
class WorkSpec:
    poster: int  # index into Plan.users
    pseud: str  # the poster's pseud credited on the work
    co_creator: int | None  # a second user, credited through their default pseud
    title: str
    summary: str
    notes: str
    end_notes: str
    rating: str
    language: str
    complete: bool
    restricted: bool
    status: str
    published_at: datetime | None
    revised_at: datetime | None
    tags: WorkTags
    chapters: list[ChapterText]


@dataclass(frozen=True)
class Plan:
    users: list[UserSpec]
    works: list[WorkSpec]


@dataclass(frozen=True)
class _Fandom:
    name: str
    characters: list[str]


def _zipf(n: int, s: float = 1.0) -> list[float]:
    """Popularity as on a real archive: a few big fandoms, tags and authors, a long tail."""
    return [1 / (rank + 1) ** s for rank in range(n)]


def _weighted(rng: random.Random, table: dict[T, int]) -> T:
    return rng.choices(list(table), weights=list(table.values()))[0]


def _fandoms(rng: random.Random) -> list[_Fandom]:
    names: list[str] = []
    while len(names) < FANDOMS:
        name = f"{rng.choice(_ADJECTIVES)} {rng.choice(_NOUNS)} {rng.choice(_MEDIA)}"
        name = f"The {name}" if rng.random() < 0.3 else name
        if name not in names:
            names.append(name)
    return [_Fandom(name, _characters(rng)) for name in names]


def _characters(rng: random.Random) -> list[str]:
    firsts = rng.sample(_FIRST_NAMES, rng.randint(8, 16))
    return [f if rng.random() < 0.15 else f"{f} {rng.choice(_SURNAMES)}" for f in firsts]


def _users(rng: random.Random) -> list[UserSpec]:
    users = []
    for number in range(USERS):
        name = f"{rng.choice(_FIRST_NAMES).lower()}{rng.choice(_NOUNS).lower()}{number}"
        extra = f"{rng.choice(_ADJECTIVES)} {rng.choice(_NOUNS)}" if rng.random() < 0.2 else None
        users.append(UserSpec(username=name, extra_pseud=extra))
    return users


def _sentence(rng: random.Random, cast: Sequence[str]) -> str:
    words = rng.choices(_WORDS, k=rng.randint(6, 18))
    if rng.random() < 0.4:
        words.insert(rng.randrange(len(words)), rng.choice(cast).split()[0])
    if rng.random() < 0.1:
        words.insert(rng.randrange(1, len(words)), "—")
    text = " ".join(words)
    end = rng.choices((".", "…", "?", "!"), weights=(85, 6, 6, 3))[0]
    return text[0].upper() + text[1:] + end


def _paragraph(rng: random.Random, cast: Sequence[str]) -> str:
    if rng.random() < 0.25:
        line = _sentence(rng, cast).rstrip(".")
        return f"“{line},” {rng.choice(cast).split()[0]} {rng.choice(_SAID)}."
    sentences = [_sentence(rng, cast) for _ in range(rng.randint(2, 6))]
    if rng.random() < 0.05:
        sentences.append(f"They met again on {rng.choice(_PLACES)}.")
    return " ".join(sentences)


def _chapter_text(rng: random.Random, cast: Sequence[str], words: int) -> str:
    paragraphs: list[str] = []
    while words > 0:
        paragraphs.append(_paragraph(rng, cast))
        words -= paragraphs[-1].count(" ") + 1
    return "\n\n".join(paragraphs)


def _chapter(rng: random.Random, cast: Sequence[str], titled: bool) -> ChapterText:
    text = _chapter_text(rng, cast, rng.randint(200, 900))
    markdown = rng.random() < 0.15
    if markdown:
        # Emphasis as a Markdown writer would put it, so rendering has something to do.
        text = text.replace(" never ", " *never* ").replace(" still ", " **still** ")
    return ChapterText(
        text=text,
        text_format=TextFormat.MARKDOWN if markdown else TextFormat.PLAIN,
        title=_title(rng) if titled else "",
        notes=_sentence(rng, cast) if rng.random() < 0.1 else "",
    )


def _title(rng: random.Random) -> str:
    words = rng.sample(_WORDS[28:], rng.randint(1, 4))
    return " ".join(word.capitalize() for word in words)


def _relationships(rng: random.Random, fandom: _Fandom, slash: bool) -> list[str]:
    weights = _zipf(len(fandom.characters), 0.8)
    pairs = []
    for _ in range(rng.choices((0, 1, 2, 3), weights=(15, 60, 18, 7))[0]):
        a, b = rng.choices(fandom.characters, weights=weights, k=2)
        if a != b:
            pairs.append("/".join(sorted((a, b))) if slash else " & ".join(sorted((a, b))))
    return list(dict.fromkeys(pairs))


def _freeforms(rng: random.Random, cast: Sequence[str]) -> list[str]:
    common = rng.choices(_FREEFORMS, weights=_zipf(len(_FREEFORMS), 0.7), k=rng.randint(0, 8))
    if cast and rng.random() < 0.3:
        common.append(rng.choice(_FREEFORM_PATTERNS).format(cast[0].split()[0]))
    return list(dict.fromkeys(common))


def _warnings(rng: random.Random) -> list[str]:
    first = _weighted(rng, _WARNINGS)
    if first in {ArchiveWarning.NONE_APPLY, ArchiveWarning.CHOSE_NOT_TO_WARN}:
        return [first]
    extra = rng.choice((ArchiveWarning.VIOLENCE, ArchiveWarning.MAJOR_CHARACTER_DEATH))
    return list(dict.fromkeys([first, extra] if rng.random() < 0.3 else [first]))


def _categories(rng: random.Random) -> list[str]:
    count = rng.choices((0, 1, 2), weights=(3, 89, 8))[0]
    return list(dict.fromkeys(_weighted(rng, _CATEGORIES) for _ in range(count)))


def _tags(rng: random.Random, fandoms: list[_Fandom]) -> tuple[WorkTags, list[str]]:
    chosen = rng.choices(fandoms, weights=_zipf(len(fandoms)), k=2 if rng.random() < 0.05 else 1)
    chosen = list({f.name: f for f in chosen}.values())
    pool = [c for f in chosen for c in f.characters]
    cast = rng.sample(pool[:10], min(len(pool[:10]), rng.randint(1, 6)))
    categories = _categories(rng)
    tags = WorkTags(
        fandoms=[f.name for f in chosen],
        warnings=_warnings(rng),
        categories=categories,
        relationships=_relationships(rng, chosen[0], slash=categories != [Category.GEN]),
        characters=cast,
        freeforms=_freeforms(rng, cast),
    )
    return tags, cast


@dataclass(frozen=True)
class _Timeline:
    status: str
    published_at: datetime | None
    revised_at: datetime | None
    sort_key: datetime  # when the work was made, which orders the ids as on a real archive


def _timeline(rng: random.Random, now: datetime, chapters: int) -> _Timeline:
    # Skewed towards the recent past: archives grow.
    made = now - timedelta(seconds=int(HISTORY_DAYS * 86400 * rng.random() ** 1.6) + 3600)
    roll = rng.random()
    if roll < 0.02:
        return _Timeline(Status.DRAFT, None, None, made)
    if roll < 0.025:
        when = now + timedelta(seconds=rng.randint(3600, 30 * 86400))
        return _Timeline(Status.POSTED, when, when, now)
    revised = made
    for _ in range(chapters - 1):
        revised = min(revised + timedelta(seconds=rng.randint(3600, 60 * 86400)), now)
    return _Timeline(Status.POSTED, made, revised, made)


def _work(rng: random.Random, fandoms: list[_Fandom], users: list[UserSpec],
          now: datetime) -> tuple[datetime, WorkSpec]:  # fmt: skip
    poster = rng.choices(range(len(users)), weights=_zipf(len(users), 0.9))[0]
    extra = users[poster].extra_pseud
    tags, cast = _tags(rng, fandoms)
    count = rng.choices((1, 2, 3), weights=(60, 25, 15))[0]
    timeline = _timeline(rng, now, count)
    if timeline.published_at is not None and timeline.published_at > now:
        count = 1  # a scheduled work has not had time to grow
    titled = count > 1 and rng.random() < 0.4
    co_creator = rng.randrange(len(users)) if rng.random() < 0.03 else None
    spec = WorkSpec(
        poster=poster,
        pseud=extra if extra and rng.random() < 0.3 else users[poster].username,
        co_creator=None if co_creator == poster else co_creator,
        title=_title(rng),
        summary=" ".join(_sentence(rng, cast) for _ in range(rng.randint(1, 3))),
        notes=_sentence(rng, cast) if rng.random() < 0.3 else "",
        end_notes="Thank you for reading!" if rng.random() < 0.15 else "",
        rating=_weighted(rng, _RATINGS),
        language=_weighted(rng, _LANGUAGES),
        complete=count == 1 or rng.random() < 0.6,
        restricted=rng.random() < 0.05,
        status=timeline.status,
        published_at=timeline.published_at,
        revised_at=timeline.revised_at,
        tags=tags,
        chapters=[_chapter(rng, cast, titled) for _ in range(count)],
    )
    return timeline.sort_key, spec


def archive_plan(works: int, *, seed: int, now: datetime) -> Plan:
    """``works`` works by ``USERS`` users in ``FANDOMS`` fandoms, ordered as they were made."""
    rng = random.Random(seed)
    fandoms = _fandoms(rng)
    users = _users(rng)
    made = [_work(rng, fandoms, users, now) for _ in range(works)]
    made.sort(key=lambda pair: pair[0])
    return Plan(users=users, works=[spec for _, spec in made])
