"""The title or information page that ebook tools put before a story.

FanFicFare, FicHub, WebToEpub and calibre-style tools write a work's metadata on a page of its
own ("Fandoms: …", "Rating: Fiction M", "Status: In-Progress", "Chapters: 41/?"), and often an
author's notes page after it. Such a page is read as metadata, never as a chapter:

- ``page_kind``: "info" for a title/information page (its file says so, or most of its lines
  are labels), "notes" for a notes page, "" for a chapter;
- ``info_metadata``: the page's "Label: value" lines by their labels as written
  (fanfiction.net's "Rated: T - Language: English - Genre: Romance/Mystery" line split at
  its " - "). fanfiction.net and FanFicFare call the fandom "Category"; a category that is
  none of AO3's is read as the fandom. A genre written "Romance/Mystery" is two genres.
"""

import re

from ficfest.importer.document import Block
from ficfest.importer.labels import parse_line

_INFO_NAMES = re.compile(r"(?:^|[^a-z])(?:title_?page|titlepage|intro|introduction|info"
                         r"|information|about|summary)(?:[^a-z]|$)", re.I)  # fmt: skip
_NOTES_NAMES = re.compile(r"(?:^|[^a-z])(?:notes?|preface|foreword)(?:[^a-z]|$)", re.I)
_NOTES_HEADING = re.compile(r"^(?:author'?s?'? )?(?:notes?|preface|foreword)\s*:?$", re.I)
_SEGMENT = re.compile(r"\s+-\s+(?=[A-Z][\w ]{1,20}:)")
_AO3_CATEGORIES = re.compile(r"^(?:\s*(?:F/F|F/M|M/M|Gen|Multi|Other)\s*(?:,|$))+$", re.I)
# Genres joined by "/" on fanfiction.net, except the one genre with a slash in its name.
_GENRE_SLASH = re.compile(r"/(?!comfort\b)(?<!\bhurt/)", re.I)
_MIN_INFO_LABELS = 3


def page_kind(name: str, heading: str, blocks: list[Block]) -> str:
    """What a page before the first chapter is: "info", "notes" or "" (a chapter)."""
    if _INFO_NAMES.search(name):
        return "info"
    if _NOTES_NAMES.search(name) or _NOTES_HEADING.match(heading.strip()):
        return "notes"
    lines = _lines(blocks)
    labelled = sum(1 for line in lines if (parsed := parse_line(line)) and parsed.kind)
    return "info" if labelled >= max(_MIN_INFO_LABELS, len(lines) / 2) else ""


def _lines(blocks: list[Block]) -> list[str]:
    return [
        part
        for block in blocks
        for line in block.text.split("\n")
        for part in _SEGMENT.split(line)
        if part.strip()
    ]


def info_metadata(blocks: list[Block]) -> dict[str, str]:
    found: dict[str, str] = {}
    kinds: dict[str, str] = {}
    for line in _lines(blocks):
        parsed = parse_line(line)
        if parsed is None or not parsed.value:
            continue
        kind = parsed.kind or parsed.label.lower()
        if kind not in kinds:
            kinds[kind] = parsed.label
            found[parsed.label] = parsed.value
    category = kinds.get("category")
    if category and "fandoms" not in kinds and not _AO3_CATEGORIES.match(found[category]):
        found["Fandom"] = found.pop(category)
    genre = kinds.get("genre")
    if genre and "," not in found[genre]:
        found[genre] = ", ".join(_GENRE_SLASH.split(found[genre]))
    return found


def notes_text(blocks: list[Block]) -> str:
    texts = [block.text.strip() for block in blocks if block.text.strip()]
    if texts and _NOTES_HEADING.match(texts[0]):
        texts = texts[1:]
    return "\n\n".join(texts)
