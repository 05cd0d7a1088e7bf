"""HTML, text and PDF from a ``Volume``. The HTML is a page of its own (styles inside, images
linked); the PDF is that page with its images inside, rendered by WeasyPrint."""

from collections.abc import Callable
from typing import Any

from django.template.loader import render_to_string

from ficfest.downloads import pictures
from ficfest.downloads.book import Book
from ficfest.downloads.volume import Volume
from ficfest.lib.text import html_to_text

PictureSource = Callable[[Book], list[Any]]


def _toc_links(volume: Volume) -> None:
    for section in volume.toc:
        for item in section.items:
            item.href = f"#work-{item.work_id}"


def render_page(volume: Volume, picture_source: PictureSource) -> str:
    _toc_links(volume)
    entries = [{"book": b, "pictures": picture_source(b)} for b in volume.books]
    context = {
        "doc": volume.cover,
        "books": entries,
        "toc": volume.toc,
        "css": render_to_string("downloads/book.css"),
    }
    return render_to_string("downloads/book.html", context)


def to_html(volume: Volume) -> bytes:
    return render_page(volume, pictures.linked).encode()


def to_pdf(volume: Volume) -> bytes:
    # Imported here: WeasyPrint loads its fonts and Pango on import, which the other formats
    # and every page of the site have no use for.
    import weasyprint

    page = render_page(volume, pictures.inline)
    # Images come inside the page as data: addresses and nothing else is fetched, so a
    # work's text can never make the server request an address.
    fetcher = weasyprint.urls.URLFetcher(allowed_protocols=["data"])
    document = weasyprint.HTML(string=page, url_fetcher=fetcher)
    pdf: bytes = document.write_pdf()
    return pdf


def _block(title: str, text: str) -> list[str]:
    return [f"{title}:", "", text.strip(), ""] if text.strip() else []


def _book_text(book: Book) -> list[str]:
    lines = [book.title, f"by {book.byline}", "", f"Rating: {book.rating}"]
    lines += [f"{heading}: {', '.join(names)}" for heading, names in book.tags]
    lines += [f"Language: {book.language_name}", f"Words: {book.words}", book.url, ""]
    lines += [*book.fills, ""] if book.fills else []
    lines += _block("Summary", book.summary) + _block("Notes", book.notes)
    lines += [f"Image: {p.alt}" + (f" ({p.caption})" if p.caption else "") for p in book.pictures]
    lines += [f"Track: {track}" for track in book.tracks]
    lines += [f"Vid: {book.video}"] if book.video else []
    for part in book.parts:
        lines += ["", "* * *", "", part.heading, ""] if part.heading else ["", "* * *", ""]
        lines += _block("Summary", part.summary) + _block("Notes", part.notes)
        lines += [html_to_text(part.html).strip(), ""]
        lines += _block("Chapter end notes", part.end_notes)
    lines += _block("End notes", book.end_notes)
    return lines


def to_txt(volume: Volume) -> bytes:
    lines: list[str] = []
    if volume.is_anthology:
        cover = volume.cover
        lines += [cover.title, f"{cover.community} · {cover.count} fills", cover.url, ""]
        for section in volume.toc:
            lines += [section.heading, *[f"- {i.title} by {i.byline}" for i in section.items], ""]
    for book in volume.books:
        lines += ["=" * 40, ""] if volume.is_anthology else []
        lines += [*_book_text(book), ""]
    return ("\n".join(lines).strip() + "\n").encode()
