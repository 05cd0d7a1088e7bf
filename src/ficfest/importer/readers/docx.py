"""Word documents (.docx): paragraphs, inline formatting, chapters and core properties.

Every non-empty paragraph is a block (empty ones only separate); a run's bold, italic,
underline, strike-through and super/subscript become ``<strong>``, ``<em>``, ``<u>``, ``<s>``,
``<sup>``/``<sub>`` around its escaped text; ``w:br`` is a line break, a tab a space. A table
row becomes one block ("Title" | "Foo" -> "Title: Foo"), because header tables are how some
writers set out their headers.

Chapters (the rule the header and service code can rely on):
- A chapter heading is a paragraph styled as a heading (Heading 1-3 or an outline level 0-2)
  whose text looks like one: "Chapter 2", "Chapter Two: Home", "Part II", "Prologue",
  "Epilogue", "Interlude", or a bare number ("3", "IV"). Writers who never use styles
  instead type a paragraph that is *only* such a heading ("Chapter 2", "Chapter 2: Home",
  "Prologue"); those count when no styled ones do.
- Without such headings, Word's heading styles are the chapters: the paragraphs of the
  shallowest heading level that occurs at least twice ("Homecoming", "The Long Night"),
  whatever their text.
- The document is split only when it has at least two chapter headings; one "Chapter 1"
  over a one-shot stays a block of the story.
- Whatever comes before the first chapter heading (the header, a dedication) belongs to the
  first chapter, so the header parser still finds the header at the start of chapter one.
- A chapter's title is its heading without the "Chapter N:" part ("Chapter 2: Home" -> "Home",
  "Chapter 2" -> "", "Prologue" -> "Prologue").
- The first paragraph styled "Title" before the first chapter is the work's title: it goes to
  ``metadata["title"]`` and not into the story. Without one, docProps/core.xml's dc:title is
  used; dc:creator becomes ``metadata["author"]`` unless it is a placeholder ("User").
"""

import posixpath
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from html import escape
from xml.etree.ElementTree import Element

from ficfest.importer.document import Block, ImportError_, SourceChapter, SourceDocument
from ficfest.importer.readers.markup import chapter_title, is_chapter_heading
from ficfest.importer.readers.zipsafe import SafeZip, open_zip
from ficfest.lib.nesting import MAX_HTML_DEPTH
from ficfest.lib.text import normalise

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_DC = "{http://purl.org/dc/elements/1.1/}"
_OFFICE_DOCUMENT = "/officeDocument"
_CORE_PROPERTIES = "/core-properties"
MAX_XML_DEPTH = MAX_HTML_DEPTH

# The nesting order of inline markup, outermost first, so equal formats give equal HTML.
_TAGS = ("strong", "em", "u", "s", "sup", "sub")
_TOGGLES = {"b": "strong", "i": "em", "strike": "s", "dstrike": "s"}
_OFF = {"0", "false", "off", "none"}
# Whole-paragraph chapter headings typed without a heading style.
_PLAIN_CHAPTER = re.compile(
    r"^\s*(?:(?:chapter|part)\s+\S+|prologue|epilogue|interlude)\s*(?:[:.\-–—]\s*\S.{0,80})?$",
    re.IGNORECASE,
)
# What Word writes as the creator when nobody typed a name.
_PLACEHOLDER_CREATORS = {
    "", "user", "owner", "admin", "administrator", "author", "unknown", "windows user",
    "microsoft office user", "python-docx", "apache poi",
}  # fmt: skip
_SKIPPED = {f"{W}{tag}" for tag in ("del", "moveFrom", "drawing", "pict", "object", "rPr")}
_SKIPPED |= {f"{W}txbxContent", f"{W}pPr", f"{W}footnoteReference", f"{W}endnoteReference"}
# Alternate content gives the same thing twice (a choice and a fallback): read one.
_SKIPPED.add("{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback")


@dataclass
class _Style:
    name: str = ""
    based_on: str = ""
    formats: dict[str, bool] = field(default_factory=dict)
    outline: int | None = None


@dataclass
class _Paragraph:
    text: str
    html: str
    level: int | None = None  # heading level 1-6, None for body text
    is_title: bool = False


def read_docx(data: bytes) -> SourceDocument:
    archive = open_zip(data, "DOCX")
    main = _part(archive, _OFFICE_DOCUMENT, "word/document.xml")
    if main is None or not archive.has(main):
        raise ImportError_(_not_word_message(archive))
    styles = _styles(archive, main)
    body = archive.read_xml(main).find(f"{W}body")
    paragraphs = list(_paragraphs(body, styles)) if body is not None else []
    metadata = _core_properties(archive)
    chapters, title = _chapters(paragraphs)
    if title:
        metadata["title"] = title
    return SourceDocument(format="docx", chapters=chapters, metadata=metadata)


def _not_word_message(archive: SafeZip) -> str:
    if archive.has("META-INF/container.xml"):
        return "This file is an EPUB, not a Word document: rename it to .epub."
    return "This DOCX has no document body (word/document.xml): it is not a Word document."


# -- package parts -------------------------------------------------------------------------


def _part(archive: SafeZip, relation: str, default: str, source: str = "") -> str | None:
    """The part a relationship points to ("officeDocument" from the package, "styles" …)."""
    folder, base = posixpath.split(source)
    rels_name = posixpath.join(folder, "_rels", f"{base}.rels")
    if not archive.has(rels_name):
        return default
    for rel in archive.read_xml(rels_name).iter(f"{_REL}Relationship"):
        if rel.get("Type", "").endswith(relation) and rel.get("TargetMode") != "External":
            target = rel.get("Target", "")
            path = target.lstrip("/") if target.startswith("/") else posixpath.join(folder, target)
            return posixpath.normpath(path)
    return default


def _core_properties(archive: SafeZip) -> dict[str, str]:
    name = _part(archive, _CORE_PROPERTIES, "docProps/core.xml")
    if name is None or not archive.has(name):
        return {}
    root = archive.read_xml(name)
    metadata = {}
    title = _clean(root.findtext(f"{_DC}title") or "")
    creator = _clean(root.findtext(f"{_DC}creator") or "")
    if title:
        metadata["title"] = title
    if creator.lower() not in _PLACEHOLDER_CREATORS:
        metadata["author"] = creator
    return metadata


def _clean(value: str) -> str:
    return " ".join(normalise(value).split())


def _styles(archive: SafeZip, main: str) -> dict[str, _Style]:
    name = _part(archive, "/styles", "word/styles.xml", source=main)
    if name is None or not archive.has(name):
        return {}
    styles = {}
    for element in archive.read_xml(name).iter(f"{W}style"):
        style = _Style(
            name=_val(element.find(f"{W}name")),
            based_on=_val(element.find(f"{W}basedOn")),
            formats=_run_formats(element.find(f"{W}rPr")),
            outline=_outline(element.find(f"{W}pPr")),
        )
        styles[element.get(f"{W}styleId", "")] = style
    return styles


def _val(element: Element | None) -> str:
    return "" if element is None else element.get(f"{W}val", "")


def _outline(ppr: Element | None) -> int | None:
    level = _val(ppr.find(f"{W}outlineLvl")) if ppr is not None else ""
    return int(level) if level.isdigit() else None


def _run_formats(rpr: Element | None) -> dict[str, bool]:
    """The formats a run (or style) switches on or, with val="0", explicitly off."""
    if rpr is None:
        return {}
    formats = {}
    for child in rpr:
        tag = child.tag.removeprefix(W)
        value = child.get(f"{W}val", "").lower()
        if tag in _TOGGLES:
            formats[_TOGGLES[tag]] = value not in _OFF
        elif tag == "u":
            formats["u"] = value not in _OFF
        elif tag == "vertAlign" and value in ("superscript", "subscript"):
            formats["sup" if value == "superscript" else "sub"] = True
    return formats


def _style_chain(styles: dict[str, _Style], style_id: str) -> Iterator[_Style]:
    """A style and the ones it is based on, nearest first (cycles and long chains cut)."""
    seen: set[str] = set()
    while style_id and style_id in styles and style_id not in seen and len(seen) < 20:
        seen.add(style_id)
        yield styles[style_id]
        style_id = styles[style_id].based_on


# -- paragraphs ------------------------------------------------------------------------------


def _paragraphs(body: Element, styles: dict[str, _Style]) -> Iterator[_Paragraph]:
    """Body paragraphs and table rows in order, through content controls, without recursion."""
    stack: list[Iterator[Element]] = [iter(body)]
    while stack:
        element = next(stack[-1], None)
        if element is None:
            stack.pop()
        elif element.tag == f"{W}p":
            paragraph = _paragraph(element, styles)
            if paragraph.text:
                yield paragraph
        elif element.tag == f"{W}tbl":
            yield from _table_rows(element, styles)
        elif element.tag in (f"{W}sdt", f"{W}sdtContent", f"{W}customXml"):
            if len(stack) >= MAX_XML_DEPTH:
                raise ImportError_("This DOCX is nested too deeply to be a story.")
            stack.append(iter(element))


def _paragraph(element: Element, styles: dict[str, _Style]) -> _Paragraph:
    style_id = _val(element.find(f"{W}pPr/{W}pStyle"))
    chain = list(_style_chain(styles, style_id))
    segments = _segments(element, styles)
    text = "".join(text for _, text in segments).strip()
    level = _heading_level(element, chain)
    is_title = any(style.name.lower() == "title" for style in chain[:1]) or style_id == "Title"
    return _Paragraph(text=text, html=_inline_html(segments), level=level, is_title=is_title)


def _heading_level(element: Element, chain: list[_Style]) -> int | None:
    own = _outline(element.find(f"{W}pPr"))
    if own is not None:
        return own + 1 if own < 9 else None
    for style in chain:
        match = re.fullmatch(r"heading\s*([1-6])", style.name.lower())
        if match:
            return int(match.group(1))
        if style.outline is not None and style.outline < 9:
            return style.outline + 1
    return None


def _segments(paragraph: Element, styles: dict[str, _Style]) -> list[tuple[frozenset[str], str]]:
    """The paragraph's text as (formats, text) pieces, neighbours with equal formats merged."""
    segments: list[tuple[frozenset[str], str]] = []
    for run in _runs(paragraph):
        formats = _formats_of(run, styles)
        text = normalise(_run_text(run))
        if not text:
            continue
        if segments and segments[-1][0] == formats:
            segments[-1] = (formats, segments[-1][1] + text)
        else:
            segments.append((formats, text))
    return segments


def _runs(paragraph: Element) -> Iterator[Element]:
    """Runs in reading order: inside hyperlinks, insertions, fields, smart tags; not deletions,
    text boxes or drawings (which would splice other text into the paragraph)."""
    stack: list[Iterator[Element]] = [iter(paragraph)]
    while stack:
        element = next(stack[-1], None)
        if element is None:
            stack.pop()
        elif element.tag == f"{W}r":
            yield element
        elif element.tag not in _SKIPPED and len(stack) < MAX_XML_DEPTH:
            stack.append(iter(element))


def _formats_of(run: Element, styles: dict[str, _Style]) -> frozenset[str]:
    merged: dict[str, bool] = {}
    rpr = run.find(f"{W}rPr")
    style_id = _val(rpr.find(f"{W}rStyle")) if rpr is not None else ""
    # Nearest wins: the run's own properties over its character style over that style's bases.
    for style in reversed(list(_style_chain(styles, style_id))):
        merged.update(style.formats)
    merged.update(_run_formats(rpr))
    return frozenset(tag for tag, on in merged.items() if on)


def _run_text(run: Element) -> str:
    parts = []
    for child in run:
        tag = child.tag.removeprefix(W)
        if tag == "t":
            parts.append(child.text or "")
        elif tag in ("tab", "ptab"):
            parts.append(" ")
        elif tag == "cr" or (tag == "br" and child.get(f"{W}type") not in ("page", "column")):
            parts.append("\n")
        elif tag == "noBreakHyphen":
            parts.append("\u2011")
    return "".join(parts)


def _inline_html(segments: list[tuple[frozenset[str], str]]) -> str:
    html = []
    for formats, text in _trimmed(segments):
        inner = escape(text, quote=False).replace("\n", "<br>")
        tags = [tag for tag in _TAGS if tag in formats]
        html.append(
            "".join(f"<{t}>" for t in tags) + inner + "".join(f"</{t}>" for t in reversed(tags))
        )
    return "".join(html)


def _trimmed(segments: list[tuple[frozenset[str], str]]) -> list[tuple[frozenset[str], str]]:
    """Leading and trailing whitespace off the paragraph, as the block's text has it."""
    pieces = list(segments)
    while pieces and not pieces[0][1].lstrip():
        pieces.pop(0)
    while pieces and not pieces[-1][1].rstrip():
        pieces.pop()
    if pieces:
        pieces[0] = (pieces[0][0], pieces[0][1].lstrip())
        pieces[-1] = (pieces[-1][0], pieces[-1][1].rstrip())
    return pieces


def _table_rows(table: Element, styles: dict[str, _Style]) -> Iterator[_Paragraph]:
    for row in table.findall(f"{W}tr"):  # its own rows: a nested table is in a cell's text
        cells = [_cell(cell, styles) for cell in row.findall(f"{W}tc")]
        cells = [(text, html) for text, html in cells if text]
        if cells:
            yield _Paragraph(
                text=_join_cells([t for t, _ in cells]), html=_join_cells([h for _, h in cells])
            )


def _cell(cell: Element, styles: dict[str, _Style]) -> tuple[str, str]:
    paragraphs = [_paragraph(p, styles) for p in cell.iter(f"{W}p")]
    paragraphs = [p for p in paragraphs if p.text]
    return "\n".join(p.text for p in paragraphs), "<br>".join(p.html for p in paragraphs)


def _join_cells(cells: list[str]) -> str:
    """A label cell and its value read as a header line: "Title:" | "Foo" -> "Title: Foo"."""
    if len(cells) == 1:
        return cells[0]
    if cells[0].rstrip().endswith(":"):
        return cells[0] + " " + " ".join(cells[1:])
    if len(cells) == 2:
        return f"{cells[0]}: {cells[1]}"
    return " | ".join(cells)


# -- chapters --------------------------------------------------------------------------------


def _chapters(paragraphs: list[_Paragraph]) -> tuple[list[SourceChapter], str]:
    """Split at chapter headings (see the module docstring); returns chapters and the title."""
    starts = set(_chapter_starts(paragraphs))
    first = min(starts, default=len(paragraphs))
    title_at = next((i for i in range(first) if paragraphs[i].is_title), None)
    title = paragraphs[title_at].text if title_at is not None else ""
    chapters = [SourceChapter()]
    for index, paragraph in enumerate(paragraphs):
        if index == title_at:
            continue
        if index in starts:
            if index != first:
                chapters.append(SourceChapter())
            chapters[-1].title = chapter_title(paragraph.text)
            continue
        chapters[-1].blocks.append(_block(paragraph))
    return chapters, " ".join(title.split())


def _chapter_starts(paragraphs: list[_Paragraph]) -> list[int]:
    styled = [
        i
        for i, p in enumerate(paragraphs)
        if p.level is not None and p.level <= 3 and is_chapter_heading(p.text)
    ]
    if len(styled) >= 2:
        return styled
    # Word's heading styles used as chapter titles ("Homecoming", "The Long Night"): the
    # shallowest heading level that comes at least twice.
    levels = Counter(p.level for p in paragraphs if p.level is not None and p.level <= 3)
    repeated = sorted(level for level, count in levels.items() if count >= 2)
    if repeated:
        return [i for i, p in enumerate(paragraphs) if p.level == repeated[0]]
    plain = [
        i for i, p in enumerate(paragraphs) if "\n" not in p.text and _PLAIN_CHAPTER.match(p.text)
    ]
    return plain if len(plain) >= 2 else []


def _block(paragraph: _Paragraph) -> Block:
    if paragraph.level is not None or paragraph.is_title:
        tag = "h1" if paragraph.is_title else f"h{min((paragraph.level or 1) + 1, 6)}"
    else:
        tag = "p"
    return Block(text=paragraph.text, html=f"<{tag}>{paragraph.html}</{tag}>")
