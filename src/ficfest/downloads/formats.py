"""The file formats a work downloads as, and which of them this server can make."""

import shutil

# Always available: written in Python by this app.
BUILT_IN_FORMATS = ["epub", "pdf", "html", "txt"]
# Made from the EPUB by calibre's converter, offered only where it is installed.
CALIBRE_FORMATS = ["azw3", "mobi"]
ALL_FORMATS = BUILT_IN_FORMATS + CALIBRE_FORMATS

CONTENT_TYPES = {
    "epub": "application/epub+zip",
    "pdf": "application/pdf",
    "html": "text/html; charset=utf-8",
    "txt": "text/plain; charset=utf-8",
    "azw3": "application/vnd.amazon.ebook",
    "mobi": "application/x-mobipocket-ebook",
}

LABELS = {
    "epub": "EPUB",
    "pdf": "PDF",
    "html": "HTML",
    "txt": "Text",
    "azw3": "AZW3",
    "mobi": "MOBI",
}


def calibre_converter() -> str | None:
    """The path of calibre's ebook-convert, or None where calibre is not installed."""
    return shutil.which("ebook-convert")


def available_formats() -> list[str]:
    """The formats offered on this server, in the order the download links show them."""
    if calibre_converter():
        return ALL_FORMATS.copy()
    return BUILT_IN_FORMATS.copy()
