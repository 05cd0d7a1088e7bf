"""The header fandom writes above a story, read off the story.

``split_header`` reads the first chapter's leading blocks line by line. What it understands:

- ``Label: value`` lines (also ``Label - value`` and ``Label<TAB>value`` — a table row — for
  the known labels), labels case-insensitive in their common spellings (``LABELS``), with
  Markdown/BBCode-ish emphasis around them (``**Title:**``) and HTML's already gone (the
  block's text of ``<b>Title:</b> X`` is "Title: X");
- a value running on over the following lines of its block (a non-label line, or an indented
  one), except after the one-line fields (title, rating, word count, author, beta), where a
  non-label line is the story beginning; a label with nothing after it takes the next line,
  or (summary, notes, disclaimer) the next paragraph when it ends its block;
- unknown labels (``Dedication: …``), kept in ``Header.unknown``, only where they cannot be the
  story: the label short (at most 3 words, 30 characters) and capitalised, in a block that has
  a known label, or in blocks of such lines between header blocks (a script-style story's
  "Buffy: Hi." stays story);
- without a label: a first line directly above the header, or a first heading (``<h1>`` –
  ``<h3>``, Markdown ``#``), is the title; a ``by Name`` line after the title is the author; a
  short block that is a prompt reference ("Written for the X prompt: "Y"") is a note;
- separators (``---``, ``***``, ``~~~``, ``* * *``, ``=====``, ``<hr>``, ``xXx``…) end the
  header, unless another block of known labels follows; leading separators and image-only
  blocks go with the header when one follows.

The header ends at the first block that is none of that: that block (or the rest of a block
whose first lines were header) is where the story begins, and its blocks are returned as they
were. The document's metadata (from structured sources) fills what the header does not say.
"""

import re
from dataclasses import dataclass, field
from html import escape

from ficfest.importer.document import Block, SourceChapter, SourceDocument
from ficfest.importer.prompts import PromptRef, find_prompt_reference

# Header label spellings (normalised: lowercase, "(s)" -> "s", "’" -> "'") -> canonical field.
# "challenge" fills "prompt"; "community" and "written for" name the community of the prompt.
_SPELLINGS: dict[str, tuple[str, ...]] = {
    "title": ("title", "story title", "fic title", "titles"),
    "creators": (
        "author", "authors", "creator", "creators", "writer", "writers", "by", "written by",
        "artist", "artists", "author name", "pseud", "name of author",
    ),
    "fandoms": ("fandom", "fandoms", "fandom(s)"),
    "rating": ("rating", "rated", "ratings"),
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
_SINGLE_LINE = frozenset(("title", "rating", "word_count", "creators", "beta"))
_LIST_FIELDS = frozenset(
    ("creators", "fandoms", "relationships", "characters", "warnings", "category", "genre", "tags")
)
_PSEUDO = frozenset(("challenge", "community", "written for"))
# Fields whose value may stand in its own paragraph under a label alone ("Summary:").
_PARAGRAPH_FIELDS = frozenset(("summary", "notes", "disclaimer"))

_LABEL_LINE = re.compile(
    r"^[ \t]*(?:[*_#>\[]+[ \t]*)?"
    r"(?P<label>[^\W\d_][\w'’/&.()+# -]{0,39}?)"
    r"[ \t]*[*_\]]*[ \t]*"
    r"(?P<sep>[:：]|\t|[ \t][-–—~=]{1,2}(?=[ \t]))"
    r"[*_]*[ \t]*(?P<value>.*?)[ \t\\]*$"
)
_SEPARATOR = re.compile(r"^[ \t]*(?:[-*~=_#+•·.:^|/\\<>§°oOxX][ \t]*){3,}$")
_LETTERS_ONLY = re.compile(r"^[ \t]*(?:ooo+|xxx+|OOO+)[ \t]*$")
_BY_LINE = re.compile(r"^[ \t]*(?:[*_]+)?by[:\s][ \t]*(?P<name>\S.{0,80}?)[*_]*[ \t]*$", re.I)
_CHAPTER_LINE = re.compile(r"^[ \t]*(?:chapter|part|prologue|epilogue)\b", re.I)
_MARKDOWN_HEADING = re.compile(r"^#{1,3}[ \t]+(?P<title>.+?)[ \t#]*$")
_HTML_HEADING = re.compile(r"^(?:<(?:blockquote|center|div)\b[^>]*>)*<h[1-3]\b", re.I)
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
_MAX_TITLE_LINE = 120
_MAX_NOTE_BLOCK = 300
_MAX_UNKNOWN_LABEL = 30


@dataclass
class Header:
    fields: dict[str, str] = field(default_factory=dict)
    unknown: list[tuple[str, str]] = field(default_factory=list)
    prompt_ref: PromptRef | None = None


def split_header(document: SourceDocument) -> tuple[Header, SourceDocument]:
    """The header at the top of the first chapter, and the document without it."""
    reader = _Reader(markdown=document.markdown)
    story = document.chapters
    if document.chapters:
        first = document.chapters[0]
        blocks = reader.read(first.blocks)
        if blocks is not first.blocks:
            chapter = SourceChapter(title=first.title, blocks=blocks)
            rest = document.chapters[1:]
            story = [chapter, *rest] if blocks or not rest else rest
    header = reader.header(document.metadata)
    header.prompt_ref = _prompt_ref(reader, header, story)
    return header, SourceDocument(
        format=document.format,
        chapters=story,
        metadata=document.metadata,
        markdown=document.markdown,
    )


# -- ratings -------------------------------------------------------------------------------

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
_RATING_KEY = re.compile(r"[\s\-_.+/'’]+")
_RATING_CUT = re.compile(r"\s*(?:[(\[,;:]|\bfor\b|\bdue\b|\bbecause\b|\bjust\b|\bto\b).*$", re.I)
_RATING_PREFIX = re.compile(r"^\s*(?:rated|rating)\s*[:\-]?\s*", re.I)


def map_rating(raw: str) -> str | None:
    """A header's rating -> a ``ficfest.works.models.Rating`` value, as AO3 maps them; None
    when it is not a rating we know (the caller warns)."""
    text = _RATING_PREFIX.sub("", raw.strip().strip("*_[]()\"'"))
    candidates = (text, _RATING_CUT.sub("", text), text.split()[0] if text.split() else "")
    for candidate in candidates:
        key = _RATING_KEY.sub("", candidate.lower())
        if key in _RATINGS:
            return _RATINGS[key]
    return None


# -- reading -------------------------------------------------------------------------------


@dataclass
class _Entry:
    kind: str  # a canonical field, a pseudo label ("challenge"…) or "unknown"
    label: str  # as written
    lines: list[str]


@dataclass
class _Line:
    label: str
    kind: str  # canonical field or pseudo label; "" for an unknown label
    value: str


class _Reader:
    def __init__(self, *, markdown: bool) -> None:
        self.markdown = markdown
        self.entries: list[_Entry] = []
        self.current: _Entry | None = None
        self.title_line = ""  # a title without a label (first line, first heading)
        self.after_title = False  # a "by Name" line may follow
        self.values: dict[str, list[str]] = {}  # the header's values by kind, as read

    # -- blocks --------------------------------------------------------------------------

    def read(self, blocks: list[Block]) -> list[Block]:
        """Read the header; returns the story's blocks (the same list when there is none)."""
        work = list(blocks)
        index = self._lead(work)
        while index < len(work):
            block = work[index]
            lines = block.text.split("\n")
            first = lines[0]
            if _is_filler(block):
                if self._header_follows(work, index + 1):
                    index += 1
                    continue
                if self._read_anything() and block.text.strip():
                    index += 1  # the separator between header and story goes with the header
                break
            parsed = _parse(first)
            if parsed and (parsed.kind or self._unknown_blocks_then_header(work, index)):
                ended, rest = self._read_lines(lines, allow_unknown=True)
            elif self.after_title and _BY_LINE.match(first):
                ended, rest = self._read_lines(lines, allow_unknown=False)
            elif self._is_note_block(block):
                self._add(_Entry("notes", "", [block.text.strip()]))
                ended, rest = False, len(lines)
            elif (
                self.current is not None
                and self.current.kind in _PARAGRAPH_FIELDS
                and not any(self.current.lines)
            ):
                # "<h3>Summary:</h3><p>…</p>": a label alone takes the next paragraph.
                self.current.lines = [block.text.strip()]
                ended, rest = False, len(lines)
            else:
                break
            if ended:
                story_first = _rest_block(block, lines, rest)
                return ([story_first] if story_first else []) + work[index + 1 :]
            index += 1
        if not self._read_anything():
            return blocks
        return work[index:]

    def _read_anything(self) -> bool:
        return bool(self.entries or self.title_line)

    def _lead(self, work: list[Block]) -> int:
        """A title above the header: a first heading, or a first line with labels under it.
        Returns where the header reading goes on."""
        index = 0
        while index < len(work) and _is_filler(work[index]):
            index += 1
        if index >= len(work):
            return 0
        block = work[index]
        lines = block.text.split("\n")
        first = lines[0].strip()
        if not first or _parse(first) or _CHAPTER_LINE.match(first) or _BY_LINE.match(first):
            return 0
        heading = self._heading(block)
        if heading:
            self._title_line(heading)
            return index + 1
        if len(first) > _MAX_TITLE_LINE:
            return 0
        if len(lines) > 1:
            if not _starts_header(lines[1]):
                return 0
            self._title_line(first)
            # The rest of the block (its header lines) is read next.
            work[index] = Block(
                text="\n".join(lines[1:]).strip(), html=_tail_html(block.html, 1, lines)
            )
            return index
        if index + 1 < len(work) and _starts_header(work[index + 1].text.split("\n")[0]):
            self._title_line(first)
            return index + 1
        return 0

    def _title_line(self, title: str) -> None:
        self.title_line = _unquote(title)
        self.after_title = True

    def _heading(self, block: Block) -> str:
        text = block.text.strip()
        if "\n" in text or _CHAPTER_LINE.match(text):
            return ""
        if block.html is not None and _HTML_HEADING.match(block.html):
            return text
        if self.markdown:
            match = _MARKDOWN_HEADING.match(text)
            if match:
                return _strip_emphasis(match.group("title"))
        return ""

    def _header_follows(self, work: list[Block], index: int) -> bool:
        while index < len(work) and _is_filler(work[index]):
            index += 1
        if index >= len(work):
            return False
        parsed = _parse(work[index].text.split("\n")[0])
        return bool(parsed and parsed.kind)

    def _unknown_blocks_then_header(self, work: list[Block], index: int) -> bool:
        """Blocks of unknown labels count as header only with known labels after them."""
        while index < len(work):
            parsed = _parse(work[index].text.split("\n")[0])
            if parsed is None:
                return False
            if parsed.kind:
                return True
            index += 1
        return False

    def _is_note_block(self, block: Block) -> bool:
        text = block.text
        return (
            len(text) <= _MAX_NOTE_BLOCK
            and text.count("\n") < 3
            and find_prompt_reference(text) is not None
        )

    # -- lines ---------------------------------------------------------------------------

    def _read_lines(self, lines: list[str], *, allow_unknown: bool) -> tuple[bool, int]:
        """Read a header block's lines: (whether the header ended in it, where the story
        starts in it)."""
        for position, line in enumerate(lines):
            if _is_separator(line):
                return True, position + 1
            parsed = _parse(line)
            if parsed and (parsed.kind or allow_unknown):
                self._add(_Entry(parsed.kind or "unknown", parsed.label, [parsed.value]))
                self.after_title = parsed.kind == "title"
                continue
            if self.after_title and _BY_LINE.match(line):
                self._by_line(line)
                continue
            if self._continues(line):
                assert self.current is not None
                self.current.lines.append(line.strip())
                continue
            return True, position
        return False, len(lines)

    def _continues(self, line: str) -> bool:
        current = self.current
        if current is None or not line.strip():
            return False
        if not any(current.lines) or line[:1] in (" ", "\t", "\u00a0"):
            return True
        return current.kind not in _SINGLE_LINE

    def _by_line(self, line: str) -> None:
        match = _BY_LINE.match(line)
        assert match is not None
        self._add(_Entry("creators", "by", [match.group("name")]))
        self.current = None
        self.after_title = False

    def _add(self, entry: _Entry) -> None:
        self.entries.append(entry)
        self.current = entry
        self.after_title = False

    # -- result --------------------------------------------------------------------------

    def header(self, metadata: dict[str, str]) -> Header:
        values: dict[str, list[str]] = {}
        unknown: list[tuple[str, str]] = []
        for entry in self.entries:
            value = "\n".join(entry.lines).strip()
            if self.markdown:
                value = _strip_emphasis(value)
            if not value:
                continue
            if entry.kind == "unknown":
                unknown.append((entry.label, value))
            else:
                values.setdefault(entry.kind, []).append(value)
        fields = {kind: _combine(kind, found) for kind, found in values.items() if kind in FIELDS}
        for name in ("title", "prompt"):
            if name in fields:
                fields[name] = _unquote(_strip_emphasis(fields[name]))
        for entry in self.entries:  # challenge/community lines: the prompt, or kept for notes
            if entry.kind in _PSEUDO and any(entry.lines):
                value = "\n".join(entry.lines).strip()
                if entry.kind == "challenge" and "prompt" not in fields:
                    fields["prompt"] = value
                else:
                    unknown.append((entry.label, value))
        for key, value in metadata.items():
            _merge_metadata(fields, unknown, key, value)
        if self.title_line:  # a guess from the layout: below a label and the metadata
            fields.setdefault("title", self.title_line)
        self.values = values
        ordered = {name: fields[name] for name in FIELDS if name in fields}
        return Header(fields=ordered, unknown=unknown)


def _merge_metadata(
    fields: dict[str, str], unknown: list[tuple[str, str]], key: str, value: str
) -> None:
    """Structured metadata fills what the header did not say."""
    value = str(value).strip()
    if not value:
        return
    kind = _kind(key)
    if kind == "challenge" and "prompt" not in fields:
        fields["prompt"] = value
    elif kind in FIELDS:
        fields.setdefault(kind, value)
    elif (key, value) not in unknown:
        unknown.append((key, value))


def _combine(kind: str, values: list[str]) -> str:
    if kind in _SINGLE_LINE:
        return values[0]
    return (", " if kind in _LIST_FIELDS else "\n\n").join(values)


# -- prompt reference ----------------------------------------------------------------------


def _prompt_ref(reader: _Reader, header: Header, story: list[SourceChapter]) -> PromptRef | None:
    """The prompt and community: from the Prompt/Challenge lines, else from the notes,
    disclaimer, summary and unknown lines, else a community named in the story's last
    short paragraph (an end note)."""
    values = reader.values
    refs: list[PromptRef] = []
    for value in values.get("prompt", []):
        refs.append(find_prompt_reference(value) or PromptRef("", _clean_prompt(value)))
    for value in values.get("challenge", []):
        refs.append(find_prompt_reference(value) or PromptRef(_clean_name(value), ""))
    for value in values.get("community", []):
        refs.append(PromptRef(_clean_name(value), ""))
    for value in values.get("written for", []):
        refs.append(
            find_prompt_reference(f"Written for {value}") or PromptRef(_clean_name(value), "")
        )
    fields = header.fields
    if not values.get("prompt") and not values.get("challenge") and fields.get("prompt"):
        value = fields["prompt"]  # from the metadata
        refs.append(find_prompt_reference(value) or PromptRef("", _clean_prompt(value)))
    texts = [fields.get(name, "") for name in ("notes", "disclaimer", "summary")]
    texts += [value for _, value in header.unknown]
    for text in texts:
        ref = find_prompt_reference(text) if text else None
        if ref:
            refs.append(ref)
    if not any(ref.community for ref in refs):
        ref = _end_note_ref(story)
        if ref:
            refs.append(ref)
    community = next((ref.community for ref in refs if ref.community), "")
    prompt = next((ref.prompt for ref in refs if ref.prompt), "")
    if not community and not prompt:
        return None
    return PromptRef(community=community, prompt=prompt)


def _end_note_ref(story: list[SourceChapter]) -> PromptRef | None:
    if not story or not story[-1].blocks:
        return None
    text = story[-1].blocks[-1].text
    if len(text) > _MAX_NOTE_BLOCK * 2:
        return None
    ref = find_prompt_reference(text)
    return ref if ref and ref.community else None


# -- lines and values ----------------------------------------------------------------------


def _kind(label: str) -> str | None:
    key = label.lower().replace("’", "'").replace("(s)", "s")
    key = " ".join(key.replace("_", " ").split()).strip(" .")
    kind = LABELS.get(key)
    if kind is None and "(" in key:  # "Notes (please read)"
        kind = LABELS.get(_PARENTHESIS.sub("", key).strip())
    if kind is None and key[-1:].isdigit():  # "Prompt #12", "Prompt 3"
        kind = LABELS.get(_LABEL_NUMBER.sub("", key))
    return kind


def _parse(line: str) -> _Line | None:
    """A "Label: value" line: a known label, or one that can only be a label."""
    match = _LABEL_LINE.match(line)
    if not match:
        return None
    label = match.group("label").strip()
    value = match.group("value").strip()
    kind = _kind(label)
    if kind:
        return _Line(label, kind, value)
    if (
        match.group("sep") not in (":", "：", "\t")
        or len(label) > _MAX_UNKNOWN_LABEL
        or label.count(" ") > 2
        or not label[0].isupper()
        or value.startswith("//")
        or _CHAPTER_LINE.match(label)
    ):
        return None
    return _Line(label, "", value)


def _starts_header(line: str) -> bool:
    parsed = _parse(line)
    return bool(parsed and parsed.kind) or bool(_BY_LINE.match(line))


def _is_separator(line: str) -> bool:
    return bool(_SEPARATOR.match(line)) and not _LETTERS_ONLY.match(line)


def _is_filler(block: Block) -> bool:
    """An image-only block or a lone separator line."""
    text = block.text.strip()
    return not text or ("\n" not in text and _is_separator(text))


def _rest_block(block: Block, lines: list[str], start: int) -> Block | None:
    """What is left of a block after its header lines: the story's first block."""
    text = "\n".join(lines[start:]).strip()
    if not text:
        return None
    return Block(text=text, html=_tail_html(block.html, start, lines))


def _tail_html(html: str | None, start: int, lines: list[str]) -> str | None:
    """A block's HTML from its line ``start`` on: its lines are parted by <br>."""
    if html is None:
        return None
    parts = html.split("<br>")
    if len(parts) == len(lines):
        match = _BLOCK_OPEN.match(html)
        opening = match.group(0) if match else ""
        return opening + "<br>".join(parts[start:]).lstrip()
    return "<p>" + "<br>".join(escape(line.strip(), quote=False) for line in lines[start:]) + "</p>"


def _strip_emphasis(value: str) -> str:
    match = _EMPHASIS.match(value)
    return match.group("inner").strip() if match else value


def _unquote(value: str) -> str:
    value = value.strip()
    closing = _QUOTES.get(value[:1])
    if closing and len(value) > 2 and value.endswith(closing) and closing not in value[1:-1]:
        return value[1:-1].strip()
    return value


def _clean_prompt(value: str) -> str:
    return _unquote(_strip_emphasis(_PROMPT_NUMBER.sub("", value.strip())))


def _clean_name(value: str) -> str:
    return _TRAILING_NUMBER.sub("", value.split("\n")[0]).strip().removeprefix("the ").strip()
