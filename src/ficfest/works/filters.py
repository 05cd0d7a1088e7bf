"""The listings' GET contract, read into a validated filter with a readable note for every
value that could not be used (docs/browsing.md lists the parameters).

Nothing here fails: a nonsense value is left out and the reader is told what was left out and
why, so a shared or hand-edited address always gives a page.
"""

from dataclasses import dataclass, field
from datetime import date
from typing import TypeVar

from django.db.models.functions import Lower
from django.http import QueryDict

from ficfest.tags.models import TAG_NAME_MAX, Tag
from ficfest.works.models import ArchiveWarning, Category, Form, Language, Rating

# More tags than this in one filter is a mistake or a robot; the first ones are used.
MAX_TAGS = 30
# Repeated choices beyond their number of options are repeats.
MAX_CHOICES = 20
MAX_WORDS = 10_000_000
COMPLETE = {"yes": True, "no": False}
CROSSOVER = ("include", "exclude", "only")
DEFAULT_SORT = "updated"
# The order of a listing searched for words, when the reader chose no other.
RELEVANCE = "relevance"
# A search box's text beyond this is cut here already (the search itself says so, further).
MAX_Q = 10_000

T = TypeVar("T")


@dataclass
class IncludedTag:
    """A tag a reader asked for: every listed work must carry one of ``filter_ids`` (a name
    shared by tags of several types means any of them)."""

    asked: str
    tags: list[Tag]

    @property
    def filter_ids(self) -> set[int]:
        return {tag.filter_tag.pk for tag in self.tags}


@dataclass
class WorkFilter:
    include: list[IncludedTag] = field(default_factory=list)
    exclude: list[Tag] = field(default_factory=list)
    ratings: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    categories: list[str] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)
    forms: list[str] = field(default_factory=list)
    complete: bool | None = None
    words_from: int | None = None
    words_to: int | None = None
    updated_from: date | None = None
    updated_to: date | None = None
    crossover: str = "include"
    sort: str = DEFAULT_SORT
    q: str = ""  # words to look for (a search box)
    show_muted: bool = False
    # An included tag that does not exist: nothing can match, and the page says why.
    impossible: bool = False
    # Names the reader typed that match no tag, kept in the text fields to be corrected.
    unknown_include: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def exclude_ids(self) -> set[int]:
        return {tag.filter_tag.pk for tag in self.exclude}

    @property
    def include_ids(self) -> set[int]:
        return set().union(*(included.filter_ids for included in self.include))


def _names(values: list[str]) -> list[str]:
    """Tag names as typed: several to a field separated by commas, blanks dropped."""
    names = [" ".join(part.split()) for value in values for part in value.split(",")]
    seen: dict[str, str] = {}
    for name in names:
        if name and name.lower() not in seen:
            seen[name.lower()] = name[:TAG_NAME_MAX]
    return list(seen.values())


def _ids(values: list[str], notes: list[str]) -> list[int]:
    ids = []
    for value in values:
        value = value.strip()
        if not value:
            continue
        if value.isascii() and value.isdigit() and len(value) < 10:
            ids.append(int(value))
        else:
            notes.append(f"“{value[:40]}” is not a tag number, so it was left out.")
    return list(dict.fromkeys(ids))


def _tags_by_name(names: list[str]) -> dict[str, list[Tag]]:
    """Each name (lower case) with the tags of any type called that, canonical first."""
    if not names:
        return {}
    lowered = [name.lower() for name in names]
    tags = (
        Tag.objects.annotate(lname=Lower("name"))
        .filter(lname__in=lowered)
        .select_related("merger")
        .order_by("-canonical", "type")
    )
    found: dict[str, list[Tag]] = {}
    for tag in tags:
        found.setdefault(tag.name.lower(), []).append(tag)
    return found


def _tags_by_id(ids: list[int]) -> dict[int, Tag]:
    return Tag.objects.select_related("merger").in_bulk(ids) if ids else {}


class _Reader:
    """Reads one request's parameters into a ``WorkFilter``."""

    def __init__(self, params: QueryDict, sorts: dict[str, str]) -> None:
        self.params = params
        self.sorts = sorts
        self.result = WorkFilter()
        self.notes = self.result.notes

    def read(self) -> WorkFilter:
        self._tags()
        result = self.result
        result.ratings = self._choices("rating", Rating.choices, "rating")
        result.warnings = self._choices("warning", ArchiveWarning.choices, "archive warning")
        result.categories = self._choices("category", Category.choices, "category")
        result.languages = self._choices("language", Language.choices, "language")
        result.forms = self._choices("form", Form.choices, "form")
        result.complete = self._one_of("complete", COMPLETE, "yes or no")
        result.crossover = self._one_of("crossover", {c: c for c in CROSSOVER}) or "include"
        result.q = " ".join(self.params.get("q", "")[:MAX_Q].split())
        default = RELEVANCE if RELEVANCE in self.sorts else DEFAULT_SORT
        result.sort = self._one_of("sort", {key: key for key in self.sorts}) or default
        result.show_muted = self.params.get("muted") == "show"
        self._words()
        self._dates()
        return result

    def _tags(self) -> None:
        include_names = _names(self.params.getlist("tag"))
        exclude_names = _names(self.params.getlist("exclude"))
        include_ids = _ids(self.params.getlist("tag_id"), self.notes)
        exclude_ids = _ids(self.params.getlist("exclude_id"), self.notes)
        asked = len(include_names) + len(exclude_names) + len(include_ids) + len(exclude_ids)
        if asked > MAX_TAGS:
            self.notes.append(
                f"You asked for {asked} tags; a filter takes up to {MAX_TAGS}, so only the "
                f"first {MAX_TAGS} were used."
            )
            budget = [MAX_TAGS]
            include_ids = _take(include_ids, budget)
            include_names = _take(include_names, budget)
            exclude_ids = _take(exclude_ids, budget)
            exclude_names = _take(exclude_names, budget)
        by_name = _tags_by_name(include_names + exclude_names)
        by_id = _tags_by_id(include_ids + exclude_ids)
        self._included(include_ids, include_names, by_id, by_name)
        self._excluded(exclude_ids, exclude_names, by_id, by_name)

    def _included(
        self, ids: list[int], names: list[str], by_id: dict[int, Tag], by_name: dict[str, list[Tag]]
    ) -> None:
        for tag_id in ids:
            if tag_id in by_id:
                self.result.include.append(IncludedTag(str(tag_id), [by_id[tag_id]]))
            else:
                self.result.impossible = True
                self.notes.append(f"There is no tag number {tag_id}, so no work matches it.")
        for name in names:
            if name.lower() in by_name:
                self.result.include.append(IncludedTag(name, by_name[name.lower()]))
            else:
                self.result.impossible = True
                self.result.unknown_include.append(name)
                self.notes.append(f"There is no tag “{name}”, so no work matches it.")

    def _excluded(
        self, ids: list[int], names: list[str], by_id: dict[int, Tag], by_name: dict[str, list[Tag]]
    ) -> None:
        for tag_id in ids:
            if tag_id in by_id:
                self.result.exclude.append(by_id[tag_id])
            else:
                self.notes.append(f"There is no tag number {tag_id}; nothing was left out for it.")
        for name in names:
            if name.lower() in by_name:
                self.result.exclude.extend(by_name[name.lower()])
            else:
                self.notes.append(f"There is no tag “{name}”, so excluding it leaves nothing out.")

    def _choices(self, key: str, choices: list[tuple[str, str]], what: str) -> list[str]:
        allowed = {value for value, _ in choices}
        chosen: list[str] = []
        for value in self.params.getlist(key)[:MAX_CHOICES]:
            if value in allowed:
                chosen.append(value)
            elif value:
                self.notes.append(f"“{value[:40]}” is not a {what}, so it was left out.")
        return list(dict.fromkeys(chosen))

    def _one_of(self, key: str, allowed: dict[str, T], what: str = "") -> T | None:
        value = self.params.get(key, "")
        if not value:
            return None
        if value in allowed:
            return allowed[value]
        options = what or ", ".join(allowed)
        self.notes.append(f"“{value[:40]}” is not a choice for {key} ({options}); it was left out.")
        return None

    def _number(self, key: str) -> int | None:
        value = self.params.get(key, "").strip().replace(",", "")
        if not value:
            return None
        if value.isascii() and value.isdigit() and int(value) <= MAX_WORDS:
            return int(value)
        self.notes.append(
            f"Words {key.removeprefix('words_')}: “{value[:40]}” is not a whole number of words "
            f"(0 to {MAX_WORDS:,}), so it was left out."
        )
        return None

    def _words(self) -> None:
        low, high = self._number("words_from"), self._number("words_to")
        if low is not None and high is not None and low > high:
            self.notes.append(
                f"Words from ({low:,}) is more than words to ({high:,}); the two were swapped."
            )
            low, high = high, low
        self.result.words_from, self.result.words_to = low, high

    def _date(self, key: str) -> date | None:
        value = self.params.get(key, "").strip()
        if not value:
            return None
        try:
            if len(value) == 10:
                return date.fromisoformat(value)
        except ValueError:
            pass
        label = key.replace("_", " ").capitalize()
        self.notes.append(
            f"{label}: “{value[:40]}” is not a date written as YYYY-MM-DD, so it was left out."
        )
        return None

    def _dates(self) -> None:
        low, high = self._date("updated_from"), self._date("updated_to")
        if low and high and low > high:
            self.notes.append(
                f"Updated from ({low}) is after updated to ({high}); the two were swapped."
            )
            low, high = high, low
        self.result.updated_from, self.result.updated_to = low, high


def _take(items: list[T], budget: list[int]) -> list[T]:
    taken = items[: budget[0]]
    budget[0] -= len(taken)
    return taken


def filter_read(params: QueryDict, sorts: dict[str, str]) -> WorkFilter:
    """The filter these GET parameters ask for; ``sorts`` are the known sort keys."""
    return _Reader(params, sorts).read()
