"""The images of art works, as each format refers to them: a link for HTML, the bytes inside
the file for EPUB and PDF. An image whose file is gone is left out rather than failing the book."""

import base64
import mimetypes
from dataclasses import dataclass

from django.core.files.storage import default_storage

from ficfest.downloads.book import Book
from ficfest.lib.urls import site_url


@dataclass
class Shown:
    src: str
    alt: str
    caption: str


@dataclass
class Embedded:
    """An image to put inside an EPUB, at ``href`` relative to the book's text."""

    href: str
    media_type: str
    data: bytes
    shown: Shown


def linked(book: Book) -> list[Shown]:
    base = site_url()
    return [Shown(base + default_storage.url(p.name), p.alt, p.caption) for p in book.pictures]


def _read(name: str) -> bytes | None:
    try:
        with default_storage.open(name, "rb") as file:
            data: bytes = file.read()
            return data
    except OSError:
        return None


def embedded(book: Book) -> list[Embedded]:
    found = []
    for index, picture in enumerate(book.pictures, start=1):
        data = _read(picture.name)
        if data is None:
            continue
        media_type = mimetypes.guess_type(picture.name)[0] or "image/jpeg"
        ext = mimetypes.guess_extension(media_type) or ".img"
        href = f"images/work-{book.work_id}-{index}{ext}"
        found.append(Embedded(href, media_type, data, Shown(href, picture.alt, picture.caption)))
    return found


def inline(book: Book) -> list[Shown]:
    """Images as data: addresses, so the PDF renderer fetches nothing from anywhere."""
    shown = []
    for item in embedded(book):
        src = f"data:{item.media_type};base64,{base64.b64encode(item.data).decode()}"
        shown.append(Shown(src, item.shown.alt, item.shown.caption))
    return shown
