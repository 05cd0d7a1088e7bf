"""EPUB (2 and 3): the package's metadata and its reading order, one chapter per document.

META-INF/container.xml names the package (OPF); its metadata gives ``title`` (dc:title),
``author`` (every dc:creator, joined with ", "), ``tags`` (dc:subject, joined with ", "),
``summary`` (dc:description, as text) and ``language`` (dc:language). The spine gives the
reading order. Each content document is one chapter, except:

- front matter is skipped: the EPUB 3 navigation document (``properties="nav"``), items the
  spine marks ``linear="no"``, items the guide calls cover/toc/title page, and items whose id or
  file name says toc, nav, cover or title page (``toc.xhtml``, ``title_page.xhtml``);
- a document with no text (an image-only cover) is skipped;
- calibre's size splits (``index_split_001.html`` after ``index_split_000.html``) without a
  heading of their own continue the previous chapter.

A chapter's title is the first h1-h3 when nothing but whitespace comes before it in the
body; that heading is taken out of the text, and "Chapter N:" is taken off the title.
"""

import posixpath
import re
from dataclasses import dataclass, field
from itertools import pairwise
from urllib.parse import unquote, urlsplit
from xml.etree.ElementTree import Element

from ficfest.importer.document import Block, ImportError_, SourceChapter, SourceDocument
from ficfest.importer.labels import label_kind
from ficfest.importer.readers.html import html_blocks
from ficfest.importer.readers.infopage import info_metadata, notes_text, page_kind
from ficfest.importer.readers.markup import Document, Node, chapter_title, markup_text, parse
from ficfest.importer.readers.zipsafe import SafeZip, open_zip

OPF = "{http://www.idpf.org/2007/opf}"
DC = "{http://purl.org/dc/elements/1.1/}"
_CONTAINER = "{urn:oasis:names:tc:opendocument:xmlns:container}"
_HTML_TYPES = {"application/xhtml+xml", "text/html", "application/html+xml"}
_FRONT_MATTER_GUIDE = {"cover", "toc", "title-page", "titlepage", "copyright-page"}
_FRONT_MATTER_WORDS = {"toc", "nav", "cover", "titlepage", "contents"}
_WORDS = re.compile(r"[a-z]+")
_SPLIT = re.compile(r"^(.*)_split_(\d+)\.[^.]+$")
_HEADINGS = ("h1", "h2", "h3")


@dataclass
class SpineItem:
    id: str
    path: str  # inside the zip
    media_type: str
    properties: set[str] = field(default_factory=set)
    linear: bool = True


@dataclass
class EpubBook:
    archive: SafeZip
    metadata: dict[str, list[str]]  # DC element name ("title", "creator", …) -> values
    spine: list[SpineItem]
    guide_types: dict[str, str]  # path -> guide reference type
    package_path: str = ""  # the OPF's path inside the zip


@dataclass
class ContentDocument:
    item: SpineItem
    doc: Document

    @property
    def body(self) -> Node:
        return self.doc.body()


def read_epub(data: bytes) -> SourceDocument:
    return epub_document(open_epub(data))


def open_epub(data: bytes) -> EpubBook:
    """The package: container -> OPF -> metadata, spine and guide. ImportError_ if unusable."""
    archive = open_zip(data, "EPUB")
    if not archive.has("META-INF/container.xml"):
        if archive.has("word/document.xml"):
            raise ImportError_("This file is a Word document, not an EPUB: rename it to .docx.")
        raise ImportError_("This EPUB has no META-INF/container.xml: it is not a valid EPUB.")
    opf_path = _opf_path(archive.read_xml("META-INF/container.xml"))
    if not opf_path or not archive.has(opf_path):
        raise ImportError_("This EPUB's container names no package file (.opf) that it contains.")
    package = archive.read_xml(opf_path)
    folder = posixpath.dirname(opf_path)
    manifest = _manifest(package, folder)
    return EpubBook(
        archive=archive,
        metadata=dc_metadata(package),
        spine=_spine(package, manifest),
        guide_types=_guide(package, folder),
        package_path=opf_path,
    )


def epub_document(
    book: EpubBook,
    contents: list[ContentDocument] | None = None,
    package: dict[str, str] | None = None,
) -> SourceDocument:
    """The book as one work; ``contents`` and ``package`` read one work of an anthology (its
    pages and its own package metadata) instead."""
    chapters: list[SourceChapter] = []
    previous: SpineItem | None = None
    found: dict[str, str] = {}  # from title, information and notes pages
    if contents is None:
        contents = content_documents(book, front_matter=True)
    for content in contents:
        heading = leading_heading(content.body)
        blocks = html_blocks(content.body.inner_html(without=(heading,) if heading else ()))
        title = heading.clean_text() if heading else ""
        kind = "" if chapters else page_kind(content.item.path, title, blocks)
        if kind == "info":
            found = info_metadata(blocks) | found
            continue
        if kind == "notes":
            found.setdefault("notes", notes_text(blocks))
            continue
        if is_front_matter(content.item, book.guide_types):
            continue
        if not any(block.text.strip() for block in blocks) and heading is None:
            continue  # a cover picture, an empty page
        if heading is None and chapters and _continues(previous, content.item):
            chapters[-1].blocks += blocks
        else:
            title = chapter_title(heading.clean_text()) if heading else ""
            chapters.append(SourceChapter(title=title, blocks=blocks))
        previous = content.item
    if not chapters:
        raise ImportError_("This EPUB has no text in it.")
    package = epub_metadata(book) if package is None else package
    return SourceDocument(format="epub", chapters=chapters, metadata=_with_pages(package, found))


def _with_pages(package: dict[str, str], pages: dict[str, str]) -> dict[str, str]:
    """The package's title and creators, the pages' other fields (more precise than the
    package's subjects, which FanFicFare fills with fandoms, characters and tags at once)."""
    metadata = dict(pages)
    for label in ("title", "author", "summary", "language"):
        if label in package:
            kind = label_kind(label) or label
            metadata = {k: v for k, v in metadata.items() if (label_kind(k) or k.lower()) != kind}
            metadata[label] = package[label]
    typed = {label_kind(key) for key in pages}
    if "tags" in package and not typed & {"fandoms", "characters", "relationships", "tags"}:
        metadata["tags"] = package["tags"]
    return metadata


def epub_metadata(book: EpubBook) -> dict[str, str]:
    """The package metadata by the labels a header would use."""
    return package_metadata(book.metadata)


def package_metadata(meta: dict[str, list[str]]) -> dict[str, str]:
    metadata = {
        "title": _first(meta.get("title")),
        "author": ", ".join(meta.get("creator", [])),
        "tags": ", ".join(meta.get("subject", [])),
        "summary": description_text(_first(meta.get("description"))),
        "language": _first(meta.get("language")),
    }
    return {label: value for label, value in metadata.items() if value}


def description_text(description: str) -> str:
    """dc:description is plain text or (calibre, AO3) HTML; paragraphs part with a blank line."""
    if "<" not in description:
        return description.strip()
    return blocks_text(html_blocks(description))


def content_documents(book: EpubBook, *, front_matter: bool = False) -> list[ContentDocument]:
    """The spine's (X)HTML documents in reading order, parsed; front matter left out unless
    asked for."""
    documents = []
    for item in book.spine:
        if item.media_type not in _HTML_TYPES or not book.archive.has(item.path):
            continue
        if not front_matter and is_front_matter(item, book.guide_types):
            continue
        data = book.archive.read(item.path)
        if data.strip():
            documents.append(ContentDocument(item=item, doc=parse(markup_text(data))))
    return documents


def is_front_matter(item: SpineItem, guide_types: dict[str, str]) -> bool:
    if "nav" in item.properties or not item.linear:
        return True
    if guide_types.get(item.path, "").lower() in _FRONT_MATTER_GUIDE:
        return True
    name = posixpath.splitext(posixpath.basename(item.path))[0]
    words = _WORDS.findall(f"{item.id} {name}".lower())
    joined = {a + b for a, b in pairwise(words)}  # "title", "page" -> "titlepage"
    return bool(_FRONT_MATTER_WORDS & (set(words) | joined))


def leading_heading(body: Node) -> Node | None:
    """The first h1-h3 if no text comes before it: the chapter's title, not its text."""
    heading = body.find(lambda node: node.tag in _HEADINGS)
    if heading is None:
        return None
    return heading if not body.text_before(heading).strip() and heading.clean_text() else None


def _continues(previous: SpineItem | None, item: SpineItem) -> bool:
    """calibre splits big files as name_split_000, name_split_001…: same chapter."""
    match = _SPLIT.match(item.path)
    before = _SPLIT.match(previous.path) if previous else None
    return bool(match and before and match.group(1) == before.group(1) and int(match.group(2)))


# -- the package -----------------------------------------------------------------------------


def _opf_path(container: Element) -> str:
    for rootfile in container.iter(f"{_CONTAINER}rootfile"):
        media_type = rootfile.get("media-type", "application/oebps-package+xml")
        if media_type == "application/oebps-package+xml" and rootfile.get("full-path"):
            return _inside(unquote(rootfile.get("full-path", "")), "")
    return ""


def _inside(href: str, folder: str) -> str:
    """An href relative to ``folder`` as a zip path; "" if it points outside the archive."""
    path = posixpath.normpath(posixpath.join(folder, href.lstrip("/")))
    return "" if path.startswith("../") or path == ".." else path


def _href_path(href: str, folder: str) -> str:
    return _inside(unquote(urlsplit(href).path), folder)


def dc_metadata(package: Element) -> dict[str, list[str]]:
    metadata: dict[str, list[str]] = {}
    section = package.find(f"{OPF}metadata")
    if section is None:
        return metadata
    for element in section.iter():
        if isinstance(element.tag, str) and element.tag.startswith(DC):
            value = " ".join("".join(element.itertext()).split())
            if value:
                metadata.setdefault(element.tag.removeprefix(DC), []).append(value)
    return metadata


def _manifest(package: Element, folder: str) -> dict[str, SpineItem]:
    items = {}
    for element in package.iter(f"{OPF}item"):
        path = _href_path(element.get("href", ""), folder)
        if path:
            items[element.get("id", "")] = SpineItem(
                id=element.get("id", ""),
                path=path,
                media_type=element.get("media-type", "").lower(),
                properties=set(element.get("properties", "").split()),
            )
    return items


def _spine(package: Element, manifest: dict[str, SpineItem]) -> list[SpineItem]:
    spine = []
    for itemref in package.iter(f"{OPF}itemref"):
        item = manifest.get(itemref.get("idref", ""))
        if item is not None:
            linear = itemref.get("linear", "yes").lower() != "no"
            spine.append(SpineItem(item.id, item.path, item.media_type, item.properties, linear))
    if not spine:
        raise ImportError_("This EPUB's package lists no documents to read (its spine is empty).")
    return spine


def _guide(package: Element, folder: str) -> dict[str, str]:
    return {
        _href_path(reference.get("href", ""), folder): reference.get("type", "")
        for reference in package.iter(f"{OPF}reference")
    }


def _first(values: list[str] | None) -> str:
    return values[0] if values else ""


def blocks_text(blocks: list[Block]) -> str:
    """Blocks as one text, paragraphs parted by a blank line (for summaries and notes)."""
    return "\n\n".join(block.text.strip() for block in blocks if block.text.strip())
