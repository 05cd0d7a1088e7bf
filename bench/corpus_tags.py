"""The big corpus's tags: names, wrangling, which tags a work draws, and its filter tags.

Popularity is Zipf-like at every level (fandoms; characters and relationships within a fandom;
freeforms), so a handful of fandoms hold a large share of the works and most tags are used a
few times. Tags are planned in memory (a few hundred thousand small rows) and written once;
works then draw from the plan.
"""

import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import names

ADJECTIVES = (
    "Silver", "Hollow", "Midnight", "Crimson", "Glass", "Iron", "Last", "Broken", "Quiet",
    "Wild", "Sunken", "Burning", "Paper", "Winter", "Golden", "Lost", "Salt", "Velvet",
    "Northern", "Hidden", "Bright", "Drowned", "Copper", "Starlit",
)  # fmt: skip
NOUNS = (
    "Harbour", "Orchard", "Crown", "Academy", "Lantern", "Frontier", "Tide", "Archive",
    "Garden", "Station", "Kingdom", "Circus", "Dynasty", "Hunt", "Parish", "Signal", "Choir",
    "Meridian", "Engine", "Library", "Court", "Lighthouse",
)  # fmt: skip
MEDIA = ("(TV)", "(Anime)", "(Video Game)", "(Movies)", "(Comics)", "(Podcast)", "(Web Series)")
FIRST = names.FIRST_NAMES
SURNAMES = names.SURNAMES
PHRASES = names.FREEFORMS[:50]  # the commonest freeforms
WARNINGS = (
    ("No Archive Warnings Apply", 55), ("Creator Chose Not To Use Archive Warnings", 25),
    ("Graphic Depictions Of Violence", 10), ("Major Character Death", 6),
    ("Rape/Non-Con", 2), ("Underage Sex", 2),
)  # fmt: skip
CATEGORIES = (("F/M", 30), ("M/M", 30), ("F/F", 12), ("Gen", 20), ("Multi", 5), ("Other", 3))
WORDS = (
    "the", "a", "and", "of", "to", "in", "was", "it", "that", "she", "he", "they", "with",
    "light", "dark", "night", "morning", "rain", "door", "window", "hand", "voice", "breath",
    "silence", "street", "room", "kitchen", "coffee", "letter", "stairs", "roof", "river",
    "bridge", "city", "road", "stars", "moon", "stone", "song", "promise", "secret", "memory",
    "looked", "turned", "waited", "smiled", "laughed", "said", "remembered", "knew", "held",
)  # fmt: skip
MAX_NAMES = len(FIRST) * len(SURNAMES)  # characters one fandom can have


def zipf_index(rng: random.Random, n: int) -> int:
    """See corpus.zipf_index (kept here too so this module stands alone)."""
    return min(n - 1, int((n + 1) ** rng.random()) - 1)


def title(rng: random.Random) -> str:
    return " ".join(w.capitalize() for w in rng.sample(WORDS[13:], rng.randint(1, 4)))


def paragraphs(rng: random.Random, count: int) -> list[str]:
    """A pool of paragraphs of 40–120 words, for chapters and summaries."""
    pool = []
    for _ in range(count):
        words = rng.choices(WORDS, k=rng.randint(40, 120))
        text = " ".join(words)
        pool.append(text[0].upper() + text[1:] + ".")
    return pool


def _allot(budget: int, groups: int, cap: int) -> list[int]:
    """A Zipf-like share of ``budget`` for each of ``groups`` ranked groups, at least one."""
    weights = [(rank + 1) ** -0.6 for rank in range(groups)]
    total = sum(weights)
    return [max(1, min(cap, round(budget * w / total))) for w in weights]


@dataclass
class TagPlan:
    names: list[str] = field(default_factory=list)  # tag id - 1 -> name
    types: list[str] = field(default_factory=list)
    canonical: list[bool] = field(default_factory=list)
    merger: list[int | None] = field(default_factory=list)
    parent_links: list[tuple[int, int]] = field(default_factory=list)  # (child, parent)
    fandoms: list[int] = field(default_factory=list)  # by popularity
    labels: list[str] = field(default_factory=list)  # a fandom's short name, for its tags
    characters: list[list[int]] = field(default_factory=list)  # per fandom, by popularity
    relationships: list[list[int]] = field(default_factory=list)
    freeforms: list[int] = field(default_factory=list)
    warnings: list[tuple[int, int]] = field(default_factory=list)  # (id, weight)
    categories: list[tuple[int, int]] = field(default_factory=list)
    synonyms: dict[int, list[int]] = field(default_factory=dict)  # canonical -> synonyms
    filters: list[tuple[int, ...]] = field(default_factory=list)  # tag id - 1 -> filter tags
    taken: set[tuple[str, str]] = field(default_factory=set)

    def add(self, name: str, tag_type: str, canonical: bool, merger: int | None = None) -> int:
        self.names.append(name)
        self.types.append(tag_type)
        self.canonical.append(canonical)
        self.merger.append(merger)
        self.taken.add((tag_type, name.lower()))
        return len(self.names)

    def free(self, tag_type: str, name: str) -> bool:
        return (tag_type, name.lower()) not in self.taken

    def filters_of(self, tag_id: int) -> tuple[int, ...]:
        return self.filters[tag_id - 1]

    def work_tags(self, rng: random.Random) -> list[int]:
        """About 12 tags: a fandom (5 % two), a warning, a category, characters and
        relationships of the fandom, freeforms; a quarter of tags with synonyms given as one."""
        fandom = zipf_index(rng, len(self.fandoms))
        chosen = [self.fandoms[fandom]]
        if rng.random() < 0.05:
            chosen.append(self.fandoms[zipf_index(rng, len(self.fandoms))])
        chosen.append(rng.choices(*zip(*self.warnings, strict=True))[0])
        chosen.append(rng.choices(*zip(*self.categories, strict=True))[0])
        cast, ships = self.characters[fandom], self.relationships[fandom]
        chosen += [cast[zipf_index(rng, len(cast))] for _ in range(rng.randint(1, 5))]
        count = rng.choices((0, 1, 2, 3), weights=(15, 55, 20, 10))[0]
        chosen += [ships[zipf_index(rng, len(ships))] for _ in range(count)]
        chosen += [self.freeforms[zipf_index(rng, len(self.freeforms))]
                   for _ in range(rng.randint(3, 7))]  # fmt: skip
        for index, tag in enumerate(chosen):
            if tag in self.synonyms and rng.random() < 0.25:
                chosen[index] = rng.choice(self.synonyms[tag])
        return list(dict.fromkeys(chosen))

    def rows(self, when: Any) -> Iterator[tuple[Any, ...]]:
        for n, name in enumerate(self.names):
            yield (n + 1, name, self.types[n], when, self.canonical[n], self.merger[n])

    def write(self, writer: Any, now: datetime) -> None:
        columns = ("id", "name", "type", "created_at", "canonical", "merger_id")
        writer.rows("tags_tag", columns, self.rows(writer.when(now)))
        writer.rows("tags_tag_parents", ("from_tag_id", "to_tag_id"), self.parent_links)


def plan_tags(rng: random.Random, works: int) -> TagPlan:
    total = max(5000, works // 2)
    plan = TagPlan()
    plan.warnings = [(plan.add(name, "warning", True), weight) for name, weight in WARNINGS]
    plan.categories = [(plan.add(name, "category", True), weight) for name, weight in CATEGORIES]
    _fandoms(plan, rng, max(50, works // 20))
    for rank, count in enumerate(_allot(total * 3 // 10, len(plan.fandoms), MAX_NAMES // 2)):
        plan.characters.append(_characters(plan, rng, rank, count))
    for rank, count in enumerate(_allot(total * 3 // 10, len(plan.fandoms), MAX_NAMES)):
        plan.relationships.append(_relationships(plan, rng, rank, count))
    _freeforms(plan, rng, total // 4)
    _synonyms(plan, rng, total // 20)
    _filters(plan)
    return plan


def _fandoms(plan: TagPlan, rng: random.Random, count: int) -> None:
    per_round = len(ADJECTIVES) * len(NOUNS)
    for rank in range(count):
        label = f"{ADJECTIVES[rank % 24]} {NOUNS[(rank // 24) % 22]}"
        label += f" {rank // per_round + 1}" if rank >= per_round else ""
        plan.labels.append(label)
        plan.fandoms.append(plan.add(f"{label} {rng.choice(MEDIA)}", "fandom", True))
    # Meta fandoms: a franchise over two or three of its media, among the bigger fandoms.
    subs = plan.fandoms[: count // 10]
    for start in range(0, len(subs) - 3, 25):
        franchise = plan.add(f"{plan.labels[start]} - All Media Types", "fandom", True)
        for sub in subs[start : start + rng.randint(2, 3)]:
            plan.parent_links.append((sub, franchise))


def _characters(plan: TagPlan, rng: random.Random, rank: int, count: int) -> list[int]:
    fandom, label = plan.fandoms[rank], plan.labels[rank]
    ids = []
    for combo in rng.sample(range(MAX_NAMES), count):
        name = f"{FIRST[combo % 50]} {SURNAMES[combo // 50]} ({label})"
        wrangled = rng.random() < 0.8
        ids.append(plan.add(name, "character", wrangled))
        if wrangled:
            plan.parent_links.append((ids[-1], fandom))
    return ids


def _relationships(plan: TagPlan, rng: random.Random, rank: int, count: int) -> list[int]:
    fandom, label, cast = plan.fandoms[rank], plan.labels[rank], plan.characters[rank]
    ids: list[int] = []
    for _ in range(count * 2):
        if len(ids) == count or len(cast) < 2:
            break
        a, b = sorted(cast[zipf_index(rng, len(cast))] for _ in range(2))
        if a == b:
            continue
        first, second = (plan.names[t].rsplit(" (", 1)[0] for t in (a, b))
        slash = "/" if rng.random() < 0.75 else " & "
        name = f"{first}{slash}{second} ({label})"
        if not plan.free("relationship", name):
            continue
        wrangled = rng.random() < 0.8
        ids.append(plan.add(name, "relationship", wrangled))
        if wrangled:
            plan.parent_links.append((ids[-1], fandom))
            plan.parent_links += [(ids[-1], c) for c in (a, b) if plan.canonical[c - 1]]
    return ids or [cast[0]]  # a fandom with one character: its works name that character


def _freeforms(plan: TagPlan, rng: random.Random, count: int) -> None:
    for index in range(count):
        if index < len(PHRASES):
            name = PHRASES[index]
        else:
            j = index - len(PHRASES)
            name = f"{PHRASES[j % 50]}: {ADJECTIVES[(j // 50) % 24]} {NOUNS[(j // 1200) % 22]}"
            name += f" {j // 26400 + 1}" if j >= 26400 else ""
        canonical = index < count // 5 or rng.random() < 0.1
        plan.freeforms.append(plan.add(name, "freeform", canonical))
    # Meta freeforms over a few canonical ones each.
    head = [t for t in plan.freeforms[: count // 5] if plan.canonical[t - 1]]
    for index in range(max(10, count // 250)):
        meta = plan.add(f"{PHRASES[index % 50]} (All Kinds {index + 1})", "freeform", True)
        for sub in rng.sample(head, min(len(head), rng.randint(3, 8))):
            plan.parent_links.append((sub, meta))


def _synonyms(plan: TagPlan, rng: random.Random, count: int) -> None:
    pools = [plan.fandoms, plan.freeforms, *plan.relationships[:200], *plan.characters[:200]]
    made = 0
    while made < count:
        pool = rng.choice(pools)
        target = pool[zipf_index(rng, len(pool))]
        if not plan.canonical[target - 1] or plan.merger[target - 1]:
            continue
        tag_type, name = plan.types[target - 1], plan.names[target - 1]
        if tag_type == "relationship" and "/" in name:  # "B/A" for "A/B", the commonest
            pair, rest = name.split(" (", 1)
            name = "/".join(reversed(pair.split("/"))) + " (" + rest
        variant = f"{name} ({len(plan.synonyms.get(target, [])) + 1})"
        for candidate in (name, variant):
            if plan.free(tag_type, candidate):
                synonym = plan.add(candidate, tag_type, False, merger=target)
                plan.synonyms.setdefault(target, []).append(synonym)
                made += 1
                break


def _filters(plan: TagPlan) -> None:
    """Each tag's filter tags, as tags.selectors.filter_ids_by_tag computes them: its
    canonical (itself unless a synonym) and the meta tags above (one level here)."""
    meta: dict[int, list[int]] = {}
    for child, parent in plan.parent_links:
        if plan.types[child - 1] == plan.types[parent - 1]:
            meta.setdefault(child, []).append(parent)
    for index, merger in enumerate(plan.merger):
        own = merger or index + 1
        plan.filters.append((own, *meta.get(own, ())))


def reader_fixtures(plan: TagPlan, users: int) -> dict[str, Any]:
    """What the listing scenario asks for, by name as a reader types it: fandoms from the
    head and the body of the curve, each with canonical relationships in it; tags to exclude;
    what a logged-in reader mutes."""

    def canonical_ships(rank: int) -> list[str]:
        ships = [t for t in plan.relationships[rank] if plan.canonical[t - 1]]
        return [plan.names[t - 1] for t in ships[:3] if plan.types[t - 1] == "relationship"]

    def pick(ranks: range, limit: int) -> list[dict[str, Any]]:
        chosen = []
        for rank in ranks:
            if ships := canonical_ships(rank):
                chosen.append({"fandom": plan.names[plan.fandoms[rank] - 1], "ships": ships})
            if len(chosen) == limit:
                break
        return chosen

    excludes = [plan.names[t - 1] for t in plan.freeforms[:30] if plan.canonical[t - 1]]
    return {
        "head": pick(range(10), 10),
        "body": pick(range(50, min(len(plan.fandoms), 5000), 97), 40),
        "excludes": [*excludes, "Major Character Death", "Graphic Depictions Of Violence"],
        "muted_tags": [plan.names[t - 1] for t in plan.freeforms[30:33]],
        "muted_users": [f"reader{n}" for n in (1, 2) if n < users],
    }
