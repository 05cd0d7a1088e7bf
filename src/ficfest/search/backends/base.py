"""What both backends share: the kinds of thing indexed, the compiled form of a query, and the
highlighting of snippets (escaped text with the matched words in ``<mark>``)."""

import re
from dataclasses import dataclass, field
from typing import Any, Protocol

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from ficfest.search.documents import PromptText, WorkText
from ficfest.search.query import Query, spaceless_runs

# The backends mark matches with these (characters no text we index contains: the index drops
# control characters), then the text is escaped and the marks become <mark> elements.
START, STOP = "\x02", "\x03"
SNIPPET_WORDS = 30
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")


@dataclass(frozen=True)
class Kind:
    """A kind of thing the index holds: works or prompts."""

    name: str
    # The search box's fields (query.FIELDS values) this kind has, to its own columns.
    columns: dict[str, str]


WORKS = Kind("works", {"title": "title", "tags": "tags", "summary": "summary",
                       "creators": "creators"})  # fmt: skip
# A prompt is its text and its tags; it has no title or summary, and its poster is never
# indexed (prompts may be posted anonymously): ``creator:`` finds no prompt.
PROMPTS = Kind("prompts", {"title": "text", "tags": "tags", "summary": "text"})


@dataclass
class Plan:
    """A query compiled for one backend: ``ids`` selects the matching ids (SQL and params);
    ``rank`` orders rows of the same table by relevance (None: the query has nothing to rank
    by, only substrings or exclusions); ``nothing``: no row can match."""

    ids: tuple[str, list[Any]]
    rank: tuple[str, list[Any]] | None = None
    nothing: bool = False
    highlight: list[str] = field(default_factory=list)


class Backend(Protocol):
    vendor: str

    def works_write(self, texts: list[WorkText], *, fresh: bool = False) -> None: ...
    def bulk_start(self, kind: Kind) -> None: ...
    def bulk_finish(self, kind: Kind) -> None: ...
    def works_delete(self, ids: list[int]) -> None: ...
    def prompts_write(self, texts: list[PromptText]) -> None: ...
    def prompts_delete(self, ids: list[int]) -> None: ...
    def clear(self, kind: Kind) -> None: ...
    def plan(self, kind: Kind, query: Query) -> Plan: ...
    def matches(self, kind: Kind, plan: Plan, limit: int) -> list[int]: ...
    def ranked(
        self, kind: Kind, plan: Plan, within: tuple[str, list[Any]], offset: int, limit: int
    ) -> list[int]: ...
    def snippets(self, kind: Kind, query: Query, ids: list[int]) -> dict[int, SafeString]: ...


def clean_text(text: str) -> str:
    """Text for the index: without control characters (the snippet marks are two of them)."""
    return _CONTROL.sub(" ", text)


def marked(text: str) -> SafeString:
    """Backend output with START/STOP marks as HTML: everything escaped, the marks as <mark>."""
    escaped = str(escape(" ".join(text.split())))
    return mark_safe(escaped.replace(START, "<mark>").replace(STOP, "</mark>"))


def needles(query: Query) -> list[str]:
    """What a snippet made in Python looks for: the spaceless runs of the query, then its words."""
    runs = [r for g in query.positive for t in g.terms for r in spaceless_runs(t.text).split()]
    return [n for n in runs + query.words() if n]


def text_snippet(text: str, looked_for: list[str]) -> SafeString | None:
    """A window of ``text`` around the first of ``looked_for`` found in it (case ignored), every
    occurrence marked; None when none is found. For substrings of scripts without spaces,
    which the backends' own snippet makers cannot cut out of a single long "word"."""
    lowered = text.lower()
    found = [(lowered.find(n.lower()), n) for n in looked_for]
    hits = sorted((at, n) for at, n in found if at >= 0)
    if not hits:
        return None
    at = hits[0][0]
    start, end = max(0, at - 80), min(len(text), at + 160)
    window = text[start:end]
    pattern = re.compile("|".join(re.escape(n) for _at, n in hits), re.IGNORECASE)
    window = pattern.sub(lambda m: f"{START}{m.group(0)}{STOP}", window)
    prefix, suffix = ("…" if start else ""), ("…" if end < len(text) else "")
    return marked(f"{prefix}{window}{suffix}")


def has_mark(snippet: str) -> bool:
    return START in snippet
