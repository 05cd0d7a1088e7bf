"""An EPUB anthology: one book holding several works, each behind its own title page.

FanFicFare's anthologies and EpubMerge put every work's title page ("title_page.xhtml") before
its chapters, and EpubMerge keeps each work's own package (``1/content.opf``, ``2/…``) beside
them. A book with two title pages or more, each followed by chapters, is read as that many
works: each one's title page gives its metadata (read as an ebook tool's information page),
its own package its title, creators, summary and language; without a package, the title page's
heading ("In Arduis Fidelis 1 by Name") gives the title and creator. The series they are
gathered into is named by the title pages' "Series:" line ("In Arduis Fidelis [1]"), else by
the book's title without a trailing "Anthology". A book with one title page is one work, as
before.
"""

import posixpath
import re
from itertools import pairwise

from ficfest.importer.document import SourceDocument
from ficfest.importer.readers.epub import (
    ContentDocument,
    EpubBook,
    content_documents,
    dc_metadata,
    epub_document,
    leading_heading,
    package_metadata,
)

_TITLE_PAGE = re.compile(r"(?:^|[^a-z])title_?page(?:[^a-z]|$)", re.I)
_BY = re.compile(r"^(?P<title>.+?)\s+by\s+(?P<author>[^,]{1,80})$")
_SERIES_PLACE = re.compile(r"\s*\[\d+\]\s*$")
_ANTHOLOGY = re.compile(r"\s*(?:anthology|collection|omnibus)\s*$", re.I)
_MIN_WORKS = 2


def anthology_document(book: EpubBook) -> SourceDocument | None:
    """The book's works as the parts of one document, or None when it holds one work."""
    if sum(1 for item in book.spine if _TITLE_PAGE.search(item.path)) < _MIN_WORKS:
        return None  # most books: known without parsing a page
    groups = _groups(content_documents(book, front_matter=True))
    if len(groups) < _MIN_WORKS:
        return None
    parts = [epub_document(book, group, _package(book, group)) for group in groups]
    first = parts[0]
    return SourceDocument(
        format="epub", chapters=first.chapters, metadata=first.metadata, parts=parts,
        series=_series_title(book, parts),
    )  # fmt: skip


def _groups(contents: list[ContentDocument]) -> list[list[ContentDocument]]:
    """The pages cut at each title page; a title page with no page after it is no work."""
    starts = [i for i, c in enumerate(contents) if _TITLE_PAGE.search(c.item.path)]
    if len(starts) < _MIN_WORKS:
        return []
    bounds = [*starts, len(contents)]
    groups = [contents[a:b] for a, b in pairwise(bounds)]
    return [group for group in groups if len(group) > 1]


def _package(book: EpubBook, group: list[ContentDocument]) -> dict[str, str]:
    """The work's own package (EpubMerge keeps it in the work's folder), else what its title
    page's heading says."""
    folder = posixpath.dirname(group[0].item.path)
    while folder:
        opf = f"{folder}/content.opf"
        if opf != book.package_path and book.archive.has(opf):
            return package_metadata(dc_metadata(book.archive.read_xml(opf)))
        folder = posixpath.dirname(folder)
    heading = leading_heading(group[0].body)
    text = heading.clean_text() if heading is not None else ""
    match = _BY.match(text)
    if match is None:
        return {"title": text} if text else {}
    return {"title": match.group("title").strip(), "author": match.group("author").strip()}


def _series_title(book: EpubBook, parts: list[SourceDocument]) -> str:
    for part in parts:
        named = next((v for k, v in part.metadata.items() if k.casefold() == "series"), "")
        if named:
            return _SERIES_PLACE.sub("", named).strip()
    title = (book.metadata.get("title") or [""])[0]
    return _ANTHOLOGY.sub("", title).strip() or title
