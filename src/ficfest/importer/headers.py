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

from ficfest.importer.chapterlines import chapter_line, split_chapters
from ficfest.importer.document import Block, SourceChapter, SourceDocument
from ficfest.importer.labels import (
    BY_LINE,
    CHAPTER_LINE,
    FIELDS,
    LABELS,
    is_filler,
    is_separator,
    label_kind,
    map_rating,
    parse_line,
    rest_block,
    starts_header,
    strip_emphasis,
    tail_html,
    unquote,
)
from ficfest.importer.promptref import header_prompt_ref
from ficfest.importer.prompts import PromptRef, find_prompt_reference
from ficfest.importer.storyedges import is_menu, trim_story

__all__ = ["FIELDS", "LABELS", "Header", "map_rating", "split_header"]

_SINGLE_LINE = frozenset(("title", "rating", "word_count", "creators", "beta"))

_LIST_FIELDS = frozenset(
    ("creators", "fandoms", "relationships", "characters", "warnings", "category", "genre", "tags")
)

_PSEUDO = frozenset(("challenge", "community", "written for"))

# Fields whose value may stand in its own paragraph under a label alone ("Summary:").
_PARAGRAPH_FIELDS = frozenset(("summary", "notes", "disclaimer"))

_MARKDOWN_HEADING = re.compile(r"^#{1,3}[ \t]+(?P<title>.+?)[ \t#]*$")

_HTML_HEADING = re.compile(r"^(?:<(?:blockquote|center|div)\b[^>]*>)*<h[1-3]\b", re.I)

_MAX_TITLE_LINE = 120

_MAX_NOTE_BLOCK = 300

_MAX_BY_WORDS = 4

_MAX_TITLE_WORDS = 12

_MAX_BARE_LINES = 3

_TITLE_WORDS = re.compile(
    r"^(?P<title>[^\n()]{1,100}?)\s*\((?P<words>[\d,.]+\s*k?)\s*words?\)$", re.I
)

# How many blocks of a post or page can come before its header (a subject, an intro, a menu).
_OPENING_BLOCKS = 12
# Formats whose stories have no chapters of their own: chapter lines cut them.
_CHAPTERLESS = frozenset(("txt", "html"))

# "With many thanks to Cesca for brainstorming and to Terri for beta!": a note, not the story.
_THANKS = re.compile(
    r"^(?:with\s+)?(?:(?:many|much|big|huge|all\s+my|my)\s+)*(?:thanks|thank\s+you)\b.{0,200}"
    r"\b(?:beta|brainstorm|cheerlead|hand-?holding|look(?:ing|ed)?\s+(?:it\s+)?over)",
    re.I | re.S,
)


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
        if blocks is first.blocks:
            reader, blocks = _scan_opening(first.blocks, reader)
        if blocks is not first.blocks:
            chapter = SourceChapter(title=first.title, blocks=blocks)
            rest = document.chapters[1:]
            story = [chapter, *rest] if blocks or not rest else rest
    header = reader.header(document.metadata)
    if document.format in _CHAPTERLESS:
        story = split_chapters(story)
    story = trim_story(header, story)
    header.prompt_ref = header_prompt_ref(reader.values, header, story)
    return header, SourceDocument(
        format=document.format,
        chapters=story,
        metadata=document.metadata,
        markdown=document.markdown,
    )


@dataclass
class _Entry:
    kind: str  # a canonical field, a pseudo label ("challenge"…) or "unknown"
    label: str  # as written
    lines: list[str]


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
            if is_filler(block):
                if self._header_follows(work, index + 1):
                    index += 1
                    continue
                if self._read_anything() and block.text.strip():
                    index += 1  # the separator between header and story goes with the header
                break
            parsed = parse_line(first)
            if parsed and (parsed.kind or self._unknown_blocks_then_header(work, index)):
                ended, rest = self._read_lines(lines, allow_unknown=True)
            elif self._by_line_here(first):
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
            elif self._title_above(work, index):
                self._title_line(first.strip())
                ended, rest = False, len(lines)
            else:
                break
            if ended:
                story_first = rest_block(block, lines, rest)
                return ([story_first] if story_first else []) + work[index + 1 :]
            index += 1
        if not self._read_anything():
            return blocks
        return work[index:]

    def _read_anything(self) -> bool:
        return bool(self.entries or self.title_line)

    def substantial(self) -> bool:
        """Enough of a header to be one, found below other text: two known labels, or a
        title and its author."""
        kinds = [entry.kind for entry in self.entries if entry.kind != "unknown"]
        return len(kinds) >= 2 or bool(self.title_line and "creators" in kinds)

    def _by_line_here(self, line: str) -> bool:
        """ "by Name" after a title, or a short one in a header that names no author yet."""
        match = BY_LINE.match(line)
        if not match:
            return False
        if self.after_title:
            return True
        return (
            bool(self.entries)
            and not any(entry.kind == "creators" for entry in self.entries)
            and _short_by_line(line)
        )

    def _title_above(self, work: list[Block], index: int) -> bool:
        """A one-line block between header lines and a "by Name" or label line below it."""
        text = work[index].text.strip()
        if self.title_line or any(entry.kind == "title" for entry in self.entries):
            return False
        if not self.entries or "\n" in text or len(text) > _MAX_TITLE_LINE:
            return False
        if text.endswith((".", ",", ";", ":")) or index + 1 >= len(work):
            return False
        below = work[index + 1].text.split("\n")[0]
        parsed = parse_line(below)
        return bool(parsed and parsed.kind) or _short_by_line(below) or bool(chapter_line(below))

    def _lead(self, work: list[Block]) -> int:
        """A title above the header: a first heading, or a first line with labels under it.
        Returns where the header reading goes on."""
        index = 0
        while index < len(work) and is_filler(work[index]):
            index += 1
        if index >= len(work):
            return 0
        block = work[index]
        lines = block.text.split("\n")
        first = lines[0].strip()
        if not first or parse_line(first) or CHAPTER_LINE.match(first) or BY_LINE.match(first):
            return 0
        heading = self._heading(block)
        if heading:
            self._title_line(heading)
            return index + 1
        if len(first) > _MAX_TITLE_LINE:
            return 0
        if len(lines) > 1:
            if not starts_header(lines[1]):
                return 0
            self._title_line(first)
            # The rest of the block (its header lines) is read next.
            work[index] = Block(
                text="\n".join(lines[1:]).strip(), html=tail_html(block.html, 1, lines)
            )
            return index
        if index + 1 < len(work) and starts_header(work[index + 1].text.split("\n")[0]):
            self._title_line(first)
            return index + 1
        return 0

    def _title_line(self, title: str) -> None:
        self.title_line = unquote(title)
        self.after_title = True

    def _heading(self, block: Block) -> str:
        text = block.text.strip()
        if "\n" in text or CHAPTER_LINE.match(text):
            return ""
        if block.html is not None and _HTML_HEADING.match(block.html):
            return text
        if self.markdown:
            match = _MARKDOWN_HEADING.match(text)
            if match:
                return strip_emphasis(match.group("title"))
        return ""

    def _header_follows(self, work: list[Block], index: int) -> bool:
        while index < len(work) and is_filler(work[index]):
            index += 1
        if index >= len(work):
            return False
        parsed = parse_line(work[index].text.split("\n")[0])
        return bool(parsed and parsed.kind)

    def _unknown_blocks_then_header(self, work: list[Block], index: int) -> bool:
        """Blocks of unknown labels count as header only with known labels after them."""
        while index < len(work):
            parsed = parse_line(work[index].text.split("\n")[0])
            if parsed is None:
                return False
            if parsed.kind:
                return True
            index += 1
        return False

    def _is_note_block(self, block: Block) -> bool:
        text = block.text
        if len(text) > _MAX_NOTE_BLOCK or text.count("\n") >= 3:
            return False
        if self.entries and _THANKS.match(text.strip()):
            return True
        return find_prompt_reference(text) is not None

    # -- lines ---------------------------------------------------------------------------

    def _read_lines(self, lines: list[str], *, allow_unknown: bool) -> tuple[bool, int]:
        """Read a header block's lines: (whether the header ended in it, where the story
        starts in it)."""
        for position, line in enumerate(lines):
            if is_separator(line):
                return True, position + 1
            parsed = parse_line(line)
            if parsed and (parsed.kind or allow_unknown):
                self._add(_Entry(parsed.kind or "unknown", parsed.label, [parsed.value]))
                self.after_title = parsed.kind == "title"
                continue
            if self._by_line_here(line):
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
        match = BY_LINE.match(line)
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
                value = strip_emphasis(value)
            if not value:
                continue
            if entry.kind == "unknown":
                unknown.append((entry.label, value))
            else:
                values.setdefault(entry.kind, []).append(value)
        fields = {kind: _combine(kind, found) for kind, found in values.items() if kind in FIELDS}
        for name in ("title", "prompt"):
            if name in fields:
                fields[name] = unquote(strip_emphasis(fields[name]))
        for entry in self.entries:  # challenge/community lines: the prompt, or kept for notes
            if entry.kind in _PSEUDO and any(entry.lines):
                value = "\n".join(entry.lines).strip()
                if entry.kind == "challenge" and "prompt" not in fields:
                    fields["prompt"] = value
                else:
                    unknown.append((entry.label, value))
        for key, value in metadata.items():
            _merge_metadata(fields, unknown, key, value)
        if "title" in values and _is_intro(self.title_line, fields["title"]):
            # A line above a header with its own "Title:" is an intro ("x-posted", "It's
            # my posting day…"): the notes keep it.
            fields["notes"] = "\n\n".join(filter(None, (self.title_line, fields.get("notes"))))
        elif self.title_line:  # a guess from the layout: below a label and the metadata
            fields.setdefault("title", self.title_line)
        self.values = values
        ordered = {name: fields[name] for name in FIELDS if name in fields}
        return Header(fields=ordered, unknown=unknown)


def _is_intro(line: str, title: str) -> bool:
    """A sentence above a header that names its title: an intro, not another title."""
    if not line or " ".join(line.casefold().split()) == " ".join(title.casefold().split()):
        return False
    return line.rstrip().endswith((".", "!", ")")) or len(line.split()) > _MAX_TITLE_WORDS


def _short_by_line(line: str) -> bool:
    """ "by astolat", not "By the sea, the wind rose." """
    match = BY_LINE.match(line)
    if not match:
        return False
    name = match.group("name").strip()
    return len(name.split()) <= _MAX_BY_WORDS and not name.endswith((".", "!", "?", ",", ";"))


def _may_start_header(blocks: list[Block], start: int) -> bool:
    """A label line here, or a title line here with one below it."""
    return any(
        starts_header(block.text.split("\n", 2)[line])
        for block in blocks[start : start + 2]
        for line in range(min(2, block.text.count("\n") + 1))
    )


def _scan_opening(blocks: list[Block], reader: _Reader) -> tuple[_Reader, list[Block]]:
    """A header below a post's subject, its intro or a site's menu. What comes before it
    stays: an intro in the notes, a menu (lines of a few words) dropped."""
    for start in range(min(_OPENING_BLOCKS, len(blocks) - 1)):
        if start and len(blocks[start - 1].text) > _MAX_NOTE_BLOCK * 2:
            break
        bare = _bare_header(blocks[start], reader.markdown)
        if bare is not None:
            _intro(bare, blocks[:start])
            return bare, blocks[start + 1 :]
        if not start or not _may_start_header(blocks, start):
            continue  # most files have no header below their opening: keep this cheap
        candidate = _Reader(markdown=reader.markdown)
        rest = candidate.read(blocks[start:])
        if candidate.substantial():
            _intro(candidate, blocks[:start])
            return candidate, rest
    return reader, blocks


def _intro(reader: _Reader, blocks: list[Block]) -> None:
    intro = [block.text.strip() for block in blocks if not is_menu(block)]
    if intro:
        reader.entries.insert(0, _Entry("notes", "", ["\n\n".join(intro)]))


def _bare_header(block: Block, markdown: bool) -> _Reader | None:
    """A teaser post's header without labels: "Extra Credit (2500 words)" and, under it,
    "Adam/Kris, adult, explicit" (pairings, a rating, tags)."""
    lines = [line.strip() for line in block.text.split("\n") if line.strip()]
    match = _TITLE_WORDS.match(lines[0]) if 1 <= len(lines) <= _MAX_BARE_LINES else None
    if match is None:
        return None
    reader = _Reader(markdown=markdown)
    reader.entries.append(_Entry("title", "", [match.group("title")]))
    reader.entries.append(_Entry("word_count", "", [match.group("words")]))
    for line in lines[1:]:
        for item in (part.strip() for part in line.split(",")):
            if not item:
                continue
            if map_rating(item) is not None:
                kind = "rating"
            else:
                kind = "relationships" if "/" in item or " & " in item else "tags"
            reader.entries.append(_Entry(kind, "", [item]))
    return reader


def _merge_metadata(
    fields: dict[str, str], unknown: list[tuple[str, str]], key: str, value: str
) -> None:
    """Structured metadata fills what the header did not say."""
    value = str(value).strip()
    if not value:
        return
    kind = label_kind(key)
    if kind == "challenge" and "prompt" not in fields:
        fields["prompt"] = value
    elif kind == "notes" and fields.get("notes") and value not in fields["notes"]:
        fields["notes"] = f"{value}\n\n{fields['notes']}"  # a book's notes page, then the header's
    elif kind in FIELDS:
        fields.setdefault(kind, value)
    elif (key, value) not in unknown:
        unknown.append((key, value))


def _combine(kind: str, values: list[str]) -> str:
    if kind in _SINGLE_LINE:
        return values[0]
    return (", " if kind in _LIST_FIELDS else "\n\n").join(values)
