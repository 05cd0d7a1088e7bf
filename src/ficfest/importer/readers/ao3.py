"""Works downloaded from the Archive of Our Own, as HTML or as EPUB.

AO3's HTML download is a preface, the chapters and an afterword::

    <div id="preface">  <p class="message">…posted originally on the Archive of Our Own…</p>
      <div class="meta"> <dl class="tags"><dt>Rating:</dt><dd>Teen And Up Audiences</dd>…</dl>
        <h1>Title</h1> <div class="byline">by <a rel="author" href="…">pseud</a></div>
        <p>Summary</p><blockquote class="userstuff">…</blockquote>
        <p>Notes</p><blockquote class="userstuff">…</blockquote>
    <div id="chapters" class="userstuff">
      one chapter:  <div class="userstuff">text</div>
      several:      <div class="meta group"><h2 class="heading">Chapter 1: Name</h2>
                      <p>Chapter Summary</p><blockquote>…</blockquote> (Chapter Notes likewise)
                    </div><div class="userstuff">text</div>
                    <div class="meta" id="endnotes1"><p>Chapter End Notes</p><blockquote>…
    <div id="afterword"> … <div id="endnotes"><p>End Notes</p><blockquote>…</blockquote>

Its EPUB is that HTML put through calibre, which splits it into several files and renames
classes ("userstuff" -> "userstuff1"), so the structure is found by tolerant means: classes
match with a numeric suffix, the preface is also found by its ``<dl>`` of AO3 labels, labels
are read from the text ("Chapter Notes"), and the EPUB's documents are read as one.

Metadata labels given to the header parser: title, author (pseuds joined with ", "), rating,
warnings, category, fandoms, relationships, characters, tags (Additional Tags), language,
series, collections, word_count (from Stats), summary, notes, "end notes" (the work's), and
per chapter "chapter N summary", "chapter N notes", "chapter N end notes" (N from 1). Values
are text; lists keep AO3's ", " separators; summaries and notes keep paragraphs apart with a
blank line. Chapter titles lose AO3's "Chapter N: " prefix ("Chapter 2" alone -> "").
"""

import re
from collections.abc import Iterator

from ficfest.importer.document import ImportError_, SourceChapter, SourceDocument
from ficfest.importer.readers.epub import (
    EpubBook,
    blocks_text,
    content_documents,
    description_text,
    epub_document,
)
from ficfest.importer.readers.html import html_blocks
from ficfest.importer.readers.markup import Node, chapter_title, parse

# AO3's tag-group names, singular and plural, -> the header parser's labels.
_LABELS = {
    "rating": "rating",
    "ratings": "rating",
    "archive warning": "warnings",
    "archive warnings": "warnings",
    "category": "category",
    "categories": "category",
    "fandom": "fandoms",
    "fandoms": "fandoms",
    "relationship": "relationships",
    "relationships": "relationships",
    "character": "characters",
    "characters": "characters",
    "additional tag": "tags",
    "additional tags": "tags",
    "language": "language",
    "series": "series",
    "collection": "collections",
    "collections": "collections",
}
_CHAPTERS = re.compile(r"\bChapters:\s*(\d+\s*/\s*(?:\d+|\?))")
_WORDS = re.compile(r"\bWords:\s*([\d,.\s]*\d)")
# The labels before a blockquote in the preface, a chapter's meta and the afterword.
_QUOTE_LABELS = {
    "summary": "summary",
    "notes": "notes",
    "end notes": "end notes",
    "chapter summary": "summary",
    "chapter notes": "notes",
    "chapter end notes": "end notes",
}
_AO3_HTML = re.compile(r"""<div[^>]*\bid=["']preface["']""", re.IGNORECASE)
_AO3_BODY = re.compile(r"""\bid=["']chapters["']|<dl[^>]*\bclass=["']tags["']""", re.IGNORECASE)
NO_TEXT = "This AO3 download has no story text in it."
_AO3_NAME = "archive of our own"
_AO3_HOST = "archiveofourown.org"


# -- detection -------------------------------------------------------------------------------


def is_ao3_html(text: str) -> bool:
    """AO3's download: a ``div#preface`` with a ``div#chapters`` or a ``dl.tags``."""
    return bool(_AO3_HTML.search(text) and _AO3_BODY.search(text))


_OTHER_TOOLS = ("fanficfare", "epubmerge")


def _tools(meta: dict[str, list[str]]) -> list[str]:
    return meta.get("contributor", []) + meta.get("identifier", []) + meta.get("creator", [])


def is_ao3_epub(book: EpubBook) -> bool:
    """AO3 names itself as publisher; failing that, its preface says where the work was."""
    meta = book.metadata
    if any(tool in value.lower() for value in _tools(meta) for tool in _OTHER_TOOLS):
        return False  # FanFicFare or EpubMerge made it from AO3: its own layout, title pages
    named = " ".join(
        meta.get("publisher", []) + meta.get("identifier", []) + meta.get("source", [])
    )
    if _AO3_NAME in named.lower() or _AO3_HOST in named.lower():
        return True
    first = next((item for item in book.spine if "nav" not in item.properties), None)
    if first is None or not book.archive.has(first.path):
        return False
    head = book.archive.read(first.path)[:20_000].lower()
    return b"preface" in head and (_AO3_HOST.encode() in head or _AO3_NAME.encode() in head)


# -- reading ---------------------------------------------------------------------------------


def read_ao3_html(text: str) -> SourceDocument:
    document = _ao3_document(parse(text).body(), "ao3-html", {})
    if document is None:
        raise ImportError_(NO_TEXT)
    return document


def ao3_epub_document(book: EpubBook) -> SourceDocument:
    """calibre split the download into files; read their bodies again as one document.

    An AO3 EPUB whose chapters cannot be found this way (an older or unusual layout) is read
    as any EPUB is, so its text still comes in."""
    documents = [
        content.body.inner_html()
        for content in content_documents(book, front_matter=True)
        if "nav" not in content.item.properties
    ]
    root = parse("<body>" + "\n".join(documents) + "</body>").body()
    meta = book.metadata
    fallback = {
        "title": (meta.get("title") or [""])[0],
        "author": ", ".join(meta.get("creator", [])),
        "summary": description_text((meta.get("description") or [""])[0]),
    }
    return _ao3_document(root, "ao3-epub", fallback) or epub_document(book)


def _ao3_document(root: Node, format: str, fallback: dict[str, str]) -> SourceDocument | None:
    """The work, or None when no chapter text was found."""
    preface = _preface(root)
    afterword = _afterword(root)
    metadata = _preface_metadata(preface) if preface is not None else {}
    chapters = _chapters(root, (preface, afterword), metadata)
    if afterword is not None:
        end_notes = _labelled_quotes(afterword).get("end notes", "")
        if end_notes:
            metadata["end notes"] = end_notes
    for label, value in fallback.items():
        if value and not metadata.get(label):
            metadata[label] = value
    if not any(chapter.blocks for chapter in chapters):
        return None
    return SourceDocument(format=format, chapters=chapters, metadata=metadata)


# -- the preface -----------------------------------------------------------------------------


def _preface(root: Node) -> Node | None:
    """``#preface``; without the id (calibre), the top-level part holding the tags list."""
    found = root.find(lambda node: node.id == "preface")
    if found is not None:
        return found
    tags = root.find(_is_tags_list)
    if tags is None:
        return None
    while tags.parent is not None and tags.parent is not root:
        tags = tags.parent
    return tags


def _afterword(root: Node) -> Node | None:
    found = root.find(lambda node: node.id == "afterword")
    if found is not None:
        return found
    heading = root.find(lambda node: node.tag == "h2" and node.clean_text() == "Afterword")
    return heading.parent if heading is not None and heading.parent is not root else None


def _is_tags_list(node: Node) -> bool:
    if node.tag != "dl":
        return False
    return any(_label(child) in _LABELS for child in node.children if child.tag == "dt")


def _label(node: Node) -> str:
    return node.clean_text().rstrip(":").strip().lower()


def _preface_metadata(preface: Node) -> dict[str, str]:
    metadata: dict[str, str] = {}
    tags = preface.find(_is_tags_list)
    if tags is not None:
        metadata.update(_tag_groups(tags))
    title = preface.find(lambda node: node.tag == "h1")
    if title is not None and title.clean_text():
        metadata["title"] = title.clean_text()
    author = _byline(preface)
    if author:
        metadata["author"] = author
    quotes = _labelled_quotes(preface)
    for label in ("summary", "notes"):
        if quotes.get(label):
            metadata[label] = quotes[label]
    return metadata


def _tag_groups(tags: Node) -> dict[str, str]:
    """dt/dd pairs: "Fandom:" -> fandoms; Stats give the word count."""
    metadata = {}
    label = ""
    for child in tags.children:
        if child.tag == "dt":
            label = _label(child)
        elif child.tag == "dd" and label:
            value = child.clean_text()
            if label == "stats":
                words = _WORDS.search(value)
                if words:
                    metadata["word_count"] = re.sub(r"\D", "", words.group(1))
                chapters = _CHAPTERS.search(value)
                if chapters:  # "3/?": a work in progress
                    metadata["chapters"] = chapters.group(1).replace(" ", "")
            elif value:  # a group AO3 adds later keeps its own label (it ends up in the notes)
                metadata[_LABELS.get(label, label)] = value
            label = ""
    return metadata


def _byline(preface: Node) -> str:
    """The creators' pseuds: the ``rel="author"`` links, else the byline after "by"."""
    byline = preface.find(lambda node: node.has_class("byline"))
    scope = byline if byline is not None else preface
    names = [
        link.clean_text()
        for link in scope.find_all(
            lambda n: n.tag == "a" and "author" in n.attrs.get("rel", "").split()
        )
    ]
    if any(names):
        return ", ".join(name for name in names if name)
    if byline is None:
        return ""
    return re.sub(r"^by\s+", "", byline.clean_text(), flags=re.IGNORECASE)


def _labelled_quotes(scope: Node) -> dict[str, str]:
    """``<p>Summary</p><blockquote>…</blockquote>`` and the like, by label, as text."""
    quotes: dict[str, str] = {}
    for paragraph in scope.find_all(lambda node: node.tag == "p"):
        label = _QUOTE_LABELS.get(_label(paragraph))
        if not label:
            continue
        quote = paragraph.next_sibling()
        if quote is not None and quote.tag == "blockquote":
            text = blocks_text(html_blocks(quote.inner_html()))
            if text:
                quotes.setdefault(label, text)
    return quotes


# -- the chapters ----------------------------------------------------------------------------


def _chapters(
    root: Node, skip: tuple[Node | None, ...], metadata: dict[str, str]
) -> list[SourceChapter]:
    """Chapter headings, notes and texts in reading order; chapter notes go to ``metadata``."""
    chapters: list[SourceChapter] = []
    for kind, node in _story_parts(root, skip):
        if kind == "heading":
            heading = node if node.tag == "h2" else node.find(lambda n: n.tag == "h2")
            chapters.append(
                SourceChapter(title=chapter_title(heading.clean_text() if heading else ""))
            )
        if kind in ("heading", "end notes"):
            number = max(len(chapters), 1)
            for label, text in _labelled_quotes(node).items():
                metadata[f"chapter {number} {label}"] = text
        if kind == "text":
            if not chapters:
                chapters.append(SourceChapter())
            chapters[-1].blocks += html_blocks(node.inner_html())
    return chapters


def _story_parts(root: Node, skip: tuple[Node | None, ...]) -> Iterator[tuple[str, Node]]:
    """("heading", a chapter's meta group), ("text", a userstuff div), ("end notes", …), in
    document order, outside the preface and afterword."""
    stack = list(reversed(root.children))
    while stack:
        node = stack.pop()
        if any(node is part for part in skip) or _is_front_or_back(node):
            continue
        kind = _kind(node)
        if kind:
            yield kind, node
        else:
            stack.extend(reversed(node.children))


def _kind(node: Node) -> str:
    if node.tag == "div" and node.has_class("meta"):
        if node.find(lambda n: n.tag == "h2") is not None:
            return "heading"
        return "end notes"
    if node.tag == "h2" and node.has_class("heading"):
        return "heading"
    if node.has_class("userstuff") and node.id != "chapters" and not _holds_chapters(node):
        return "text"
    return ""


def _holds_chapters(node: Node) -> bool:
    """``#chapters`` is itself a userstuff div: it holds the chapters, it is not one."""
    return node.find(lambda n: n.has_class("meta") or n.has_class("userstuff")) is not None


def _is_front_or_back(node: Node) -> bool:
    """A calibre copy of the preface or afterword that lost its id."""
    if node.tag != "div":
        return False
    first = next((child for child in node.children if child.tag == "h2"), None)
    return first is not None and first.clean_text() in ("Preface", "Afterword")
