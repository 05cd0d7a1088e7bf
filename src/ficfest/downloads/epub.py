"""EPUB 3 from a ``Volume``, with ebooklib: a preface page and one page per chapter for each
work; for an anthology, a title page and the masterlist as the table of contents first. The
navigation document follows the same order, so readers' contents menus match the masterlist."""

import io
from dataclasses import replace
from datetime import UTC, datetime

from django.template.loader import render_to_string
from ebooklib import epub

from ficfest.downloads import pictures
from ficfest.downloads.book import Book
from ficfest.downloads.volume import Volume
from ficfest.downloads.xhtml import epub_html

STYLE_HREF = "style/book.css"


def _page(uid: str, title: str, language: str, body: str) -> epub.EpubHtml:
    page = epub.EpubHtml(uid=uid, title=title, file_name=f"{uid}.xhtml", lang=language)
    page.content = f"<html><head><title></title></head><body>{body}</body></html>"
    page.add_link(href=STYLE_HREF, rel="stylesheet", type="text/css")
    return page


def _work_pages(book: Book, embedded: list[pictures.Embedded]) -> list[epub.EpubHtml]:
    context = {"book": book, "pictures": [item.shown for item in embedded]}
    preface = render_to_string("downloads/_preface.html", context)
    preface += render_to_string("downloads/_media.html", context)
    if not any(part.html or part.heading for part in book.parts):
        preface += render_to_string("downloads/_afterword.html", context)
    pages = [_page(f"work-{book.work_id}", book.title, book.language, preface)]
    shown = [part for part in book.parts if part.html or part.heading]
    for index, part in enumerate(shown):
        valid = replace(part, html=epub_html(part.html))
        body = render_to_string("downloads/_part.html", {"book": book, "part": valid})
        if index == len(shown) - 1:
            body += render_to_string("downloads/_afterword.html", context)
        title = part.heading or book.title
        uid = f"work-{book.work_id}-chapter-{part.position}"
        pages.append(_page(uid, title, book.language, body))
    return pages


def _metadata(ebook: epub.EpubBook, volume: Volume) -> None:
    cover = volume.cover
    ebook.set_identifier(cover.identifier)
    ebook.set_title(cover.title)
    ebook.set_language(cover.language)
    for name in cover.creators:
        ebook.add_author(name)
    for subject in cover.subjects:
        ebook.add_metadata("DC", "subject", subject)
    if cover.description:
        ebook.add_metadata("DC", "description", cover.description)
    if cover.published:
        ebook.add_metadata("DC", "date", cover.published.astimezone(UTC).strftime("%Y-%m-%d"))
    ebook.add_metadata("DC", "source", cover.url)


def _contents_page(volume: Volume) -> epub.EpubHtml:
    for section in volume.toc:
        for item in section.items:
            item.href = f"work-{item.work_id}.xhtml"
    body = render_to_string("downloads/_toc.html", {"doc": volume.cover, "toc": volume.toc})
    return _page("contents", "Contents", volume.cover.language, body)


def to_epub(volume: Volume) -> bytes:
    ebook = epub.EpubBook()
    _metadata(ebook, volume)
    style = render_to_string("downloads/book.css").encode()
    ebook.add_item(epub.EpubItem(uid="style", file_name=STYLE_HREF, media_type="text/css",
                                 content=style))  # fmt: skip
    spine: list[epub.EpubHtml] = []
    toc: list[object] = []
    if volume.is_anthology:
        contents = _contents_page(volume)
        spine.append(contents)
        toc.append(epub.Link(contents.file_name, "Contents", "contents-link"))
    for book in volume.books:
        embedded = pictures.embedded(book)
        for item in embedded:
            ebook.add_item(epub.EpubImage(uid=item.href.replace("/", "-").replace(".", "-"),
                                          file_name=item.href, media_type=item.media_type,
                                          content=item.data))  # fmt: skip
        pages = _work_pages(book, embedded)
        spine += pages
        toc.append(_toc_entry(book, pages) if len(pages) > 1 else pages[0])
    for page in spine:
        ebook.add_item(page)
    ebook.toc = toc
    # The NCX is EPUB 2's contents, which older readers still look for (and the spine names).
    ebook.add_item(epub.EpubNcx())
    ebook.add_item(epub.EpubNav())
    # The reader opens on the book itself (an anthology's own contents page comes first);
    # the navigation document stays reachable from every reader's contents menu.
    ebook.spine = [*spine, "nav"]
    return _written(ebook, volume)


def _toc_entry(book: Book, pages: list[epub.EpubHtml]) -> tuple[epub.Section, list[object]]:
    label = book.title if len(book.creators) == 0 else f"{book.title} by {book.byline}"
    return (epub.Section(label, pages[0].file_name), pages[1:])


def _written(ebook: epub.EpubBook, volume: Volume) -> bytes:
    updated = volume.cover.updated or volume.cover.published or datetime(2000, 1, 1, tzinfo=UTC)
    out = io.BytesIO()
    mtime = updated.astimezone(UTC).replace(tzinfo=None)
    epub.write_epub(out, ebook, {"mtime": mtime, "epub3_pages": False})
    return out.getvalue()
