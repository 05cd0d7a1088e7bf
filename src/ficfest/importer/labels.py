"""The words of a fic header: the labels fandom writes ("A/N", "Pairing", "Rated") and the
field each names, one line of a header read as a label and its value, ratings as AO3 maps them,
and the small clean-ups of a value (emphasis, quotes, prompt numbers)."""

import re
from dataclasses import dataclass
from html import escape

from ficfest.importer.document import Block

# Header label spellings (normalised: lowercase, "(s)" -> "s", "’" -> "'") -> canonical field.
# "challenge" fills "prompt"; "community" and "written for" name the community of the prompt.
_SPELLINGS: dict[str, tuple[str, ...]] = {
    "title": ("title", "story title", "fic title", "titles"),
    "creators": (
        "author", "authors", "creator", "creators", "writer", "writers", "by", "written by",
        "artist", "artists", "author name", "pseud", "name of author",
    ),
    "fandoms": ("fandom", "fandoms", "fandom(s)"),
    "rating": ("rating", "rated", "ratings", "content rating"),
    "relationships": (
        "pairing", "pairings", "ship", "ships", "relationship", "relationships",
        "pairing/characters", "pairings/characters",
    ),
    "characters": ("character", "characters", "chars", "main characters"),
    "warnings": (
        "warning", "warnings", "archive warning", "archive warnings", "content warning",
        "content warnings", "trigger warning", "trigger warnings", "cw", "tw", "content notes",
    ),
    "category": ("category", "categories"),
    "genre": ("genre", "genres"),
    "tags": ("tags", "tag", "additional tags", "freeform", "freeforms", "keywords"),
    "summary": ("summary", "summery", "description", "blurb", "synopsis"),
    "prompt": ("prompt", "prompts", "prompt used"),
    "challenge": ("challenge", "challenges"),
    "community": ("community", "comm", "fest", "ficathon", "exchange"),
    "written for": ("written for", "fill for"),
    "word_count": (
        "word count", "words", "wordcount", "word-count", "wc", "length", "word_count",
    ),
    "setting": ("setting", "era", "timeline", "time frame", "timeframe", "time line"),
    "spoilers": ("spoiler", "spoilers"),
    "beta": (
        "beta", "betas", "beta reader", "beta readers", "beta'd by", "betaed by",
        "beta-read by", "beta read by", "betas'd by",
    ),
    "disclaimer": ("disclaimer", "disclaimers"),
    "notes": (
        "a/n", "an", "a.n", "author's note", "authors note", "author's notes", "authors notes",
        "author note", "author notes", "authors' notes", "notes", "note", "a/ns",
        "start note", "start notes",
    ),
    "feedback": ("feedback", "comments", "concrit"),
    "archive": ("archive", "archiving", "archive policy", "archived"),
}  # fmt: skip

LABELS: dict[str, str] = {
    spelling: canonical for canonical, spellings in _SPELLINGS.items() for spelling in spellings
}

# Canonical names are accepted too (structured metadata may use them).
for _canonical in _SPELLINGS:
    LABELS.setdefault(_canonical, _canonical)

del _canonical

FIELDS = (
    "title", "creators", "fandoms", "rating", "relationships", "characters", "warnings",
    "category", "genre", "tags", "summary", "prompt", "word_count", "setting", "spoilers",
    "beta", "disclaimer", "notes", "feedback", "archive",
)  # fmt: skip

_LABEL_LINE = re.compile(
    r"^[ \t]*(?:[*_#>\[]+[ \t]*)?"
    r"(?P<label>[^\W\d_][\w'’/&.()+# -]{0,39}?)"
    r"[ \t\u00a0\u202f]*[*_\]]*[ \t\u00a0\u202f]*"  # French typography: "Note :"
    r"(?P<sep>[:：]|\t|[ \t][-–—~=]{1,2}(?=[ \t]))"
    r"[*_]*[ \t]*(?P<value>.*?)[ \t\\]*$"
)

_SEPARATOR = re.compile(r"^[ \t]*(?:[-*~=_#+•·.:^|/\\<>§°oOxX][ \t]*){3,}$")

_LETTERS_ONLY = re.compile(r"^[ \t]*(?:ooo+|xxx+|OOO+)[ \t]*$")

BY_LINE = re.compile(r"^[ \t]*(?:[*_]+)?by[:\s][ \t]*(?P<name>\S.{0,80}?)[*_]*[ \t]*$", re.I)

CHAPTER_LINE = re.compile(r"^[ \t]*(?:chapter|part|prologue|epilogue)\b", re.I)

_BLOCK_OPEN = re.compile(
    r"^(?:<(?:p|div|blockquote|h[1-6]|li|ul|ol|dl|dt|dd|center|pre|table|tr|td|th|caption)"
    r"\b[^>]*>)*",
    re.I,
)

_EMPHASIS = re.compile(r"^(?P<mark>\*{1,3}|_{1,3})(?P<inner>.+)(?P=mark)$")

_QUOTES = {'"': '"', "“": "”", "'": "'", "‘": "’", "«": "»", "「": "」"}

_PROMPT_NUMBER = re.compile(r"^(?:#\s*\d+|\d+[.):]|no\.?\s*\d+)\s*[:\-–—.)]?\s*", re.I)

_PARENTHESIS = re.compile(r"\s*\([^)]*\)")

_LABEL_NUMBER = re.compile(r"\s*(?:#|no\.?)?\s*\d+$")

_TRAILING_NUMBER = re.compile(r"\s*#\s*\d+\s*$")

_MAX_UNKNOWN_LABEL = 30


@dataclass
class Line:
    label: str
    kind: str  # canonical field or pseudo label; "" for an unknown label
    value: str


_RATINGS: dict[str, str] = {
    **dict.fromkeys(
        ("nc17", "nc", "x", "xxx", "ma", "explicit", "e", "adult", "adults", "adultsonly",
         "r18", "18", "fr18", "nc18"),
        "explicit",
    ),
    **dict.fromkeys(("r", "m", "mature", "fr15", "r15", "r16", "hardr"), "mature"),
    **dict.fromkeys(
        ("pg13", "pg15", "pg16", "t", "teen", "teens", "teenandup", "teenandupaudiences",
         "teenagers", "fr13", "13"),
        "teen",
    ),
    **dict.fromkeys(
        ("pg", "g", "k", "kplus", "general", "gen", "generalaudiences", "allages", "everyone",
         "frc", "fr7", "u"),
        "general",
    ),
    **dict.fromkeys(("notrated", "unrated", "nr", "norating", "none"), "not_rated"),
}  # fmt: skip

_RATING_ORDER = ("not_rated", "general", "teen", "mature", "explicit")

_RATING_RANGE = re.compile(r"\s*/\s*")

_RATING_KEY = re.compile(r"[\s\-_.+/'’]+")

_RATING_CUT = re.compile(r"\s*(?:[(\[,;:]|\bfor\b|\bdue\b|\bbecause\b|\bjust\b|\bto\b).*$", re.I)

# "Rated: Fiction M" (fanfiction.net) is M.
_RATING_PREFIX = re.compile(r"^\s*(?:(?:rated|rating)\s*[:\-]?\s*)?(?:fiction\s+)?", re.I)


def map_rating(raw: str) -> str | None:
    """A header's rating -> a ``ficfest.works.models.Rating`` value, as AO3 maps them; None
    when it is not a rating we know (the caller warns)."""
    text = _RATING_PREFIX.sub("", raw.strip().strip("*_[]()\"'"))
    candidates = (text, _RATING_CUT.sub("", text), text.split()[0] if text.split() else "")
    for candidate in candidates:
        key = _RATING_KEY.sub("", candidate.lower())
        if key in _RATINGS:
            return _RATINGS[key]
    if "/" in text:  # "PG-13/R", "PG-R": a range is rated as its highest
        found = [map_rating(part) for part in _RATING_RANGE.split(text) if part.strip()]
        known = [rating for rating in found if rating is not None]
        if known and len(known) == len(found):
            return max(known, key=_RATING_ORDER.index)
    return None


def label_kind(label: str) -> str | None:
    key = label.lower().replace("’", "'").replace("(s)", "s")
    key = " ".join(key.replace("_", " ").split()).strip(" .")
    kind = LABELS.get(key)
    if kind is None and "(" in key:  # "Notes (please read)"
        kind = LABELS.get(_PARENTHESIS.sub("", key).strip())
    if kind is None and key[-1:].isdigit():  # "Prompt #12", "Prompt 3"
        kind = LABELS.get(_LABEL_NUMBER.sub("", key))
    return kind


def parse_line(line: str) -> Line | None:
    """A "Label: value" line: a known label, or one that can only be a label."""
    match = _LABEL_LINE.match(line)
    if not match:
        return None
    label = match.group("label").strip()
    value = match.group("value").strip()
    kind = label_kind(label)
    if kind:
        return Line(label, kind, value)
    if (
        match.group("sep") not in (":", "：", "\t")
        or len(label) > _MAX_UNKNOWN_LABEL
        or label.count(" ") > 2
        or not label[0].isupper()
        or value.startswith("//")
        or CHAPTER_LINE.match(label)
    ):
        return None
    return Line(label, "", value)


def starts_header(line: str) -> bool:
    parsed = parse_line(line)
    return bool(parsed and parsed.kind) or bool(BY_LINE.match(line))


def is_separator(line: str) -> bool:
    return bool(_SEPARATOR.match(line)) and not _LETTERS_ONLY.match(line)


def is_filler(block: Block) -> bool:
    """An image-only block or a lone separator line."""
    text = block.text.strip()
    return not text or ("\n" not in text and is_separator(text))


def rest_block(block: Block, lines: list[str], start: int) -> Block | None:
    """What is left of a block after its header lines: the story's first block."""
    text = "\n".join(lines[start:]).strip()
    if not text:
        return None
    return Block(text=text, html=tail_html(block.html, start, lines))


def tail_html(html: str | None, start: int, lines: list[str]) -> str | None:
    """A block's HTML from its line ``start`` on: its lines are parted by <br>."""
    if html is None:
        return None
    parts = html.split("<br>")
    if len(parts) == len(lines):
        match = _BLOCK_OPEN.match(html)
        opening = match.group(0) if match else ""
        return opening + "<br>".join(parts[start:]).lstrip()
    return "<p>" + "<br>".join(escape(line.strip(), quote=False) for line in lines[start:]) + "</p>"


def strip_emphasis(value: str) -> str:
    match = _EMPHASIS.match(value)
    return match.group("inner").strip() if match else value


def unquote(value: str) -> str:
    value = value.strip()
    closing = _QUOTES.get(value[:1])
    if closing and len(value) > 2 and value.endswith(closing) and closing not in value[1:-1]:
        return value[1:-1].strip()
    return value


def clean_prompt(value: str) -> str:
    return unquote(strip_emphasis(_PROMPT_NUMBER.sub("", value.strip())))


def clean_name(value: str) -> str:
    return _TRAILING_NUMBER.sub("", value.split("\n")[0]).strip().removeprefix("the ").strip()
