"""File -> ``SourceDocument``: the reader is chosen by the file's extension, checked against
its bytes.

- ``.txt``/``.text`` -> ``text.read_text``; ``.md``/``.markdown`` -> ``text.read_markdown``;
- ``.html``/``.htm`` -> AO3's download (``ao3.read_ao3_html``) when it has AO3's preface and
  chapters, else ``html.read_html`` (a bare story or a LiveJournal/Dreamwidth post);
- ``.docx`` -> ``docx.read_docx``;
- ``.epub`` -> AO3's EPUB (``ao3``) when AO3 published it, an anthology of several works
  (``anthology``), else ``epub``;
- ``L-<number>`` (ljdump's entry files in a LiveJournal/Dreamwidth backup) -> ``ljbackup``.

Text formats are decoded by ``encoding.decode`` (binary and empty files refused there). A file
whose bytes contradict its name is refused with a message that says what it seems to be: a
zip named .txt, a PDF or a Word .doc renamed, a .docx that is not a zip.
"""

from pathlib import PurePath

from ficfest.importer.document import ImportError_, SourceDocument
from ficfest.importer.encoding import EMPTY, decode
from ficfest.importer.readers import anthology, ao3, docx, epub, html, ljbackup, text
from ficfest.importer.readers.zipsafe import looks_like_zip

SUPPORTED = (".txt", ".text", ".html", ".htm", ".md", ".markdown", ".docx", ".epub")
_ZIPPED = {".docx": "a Word document", ".epub": "an EPUB"}
_UNSUPPORTED = "files are not supported; use .txt, .html, .md, .docx or .epub."
# What a wrongly named file most often turns out to be, by its first bytes.
_MAGIC = (
    (b"%PDF-", "a PDF"),
    (b"\xd0\xcf\x11\xe0", "an old Word .doc (or other Office 97-2003) file; save it as .docx"),
    (b"{\\rtf", "an RTF document; save it as .docx or .txt"),
    (b"\x89PNG", "a PNG picture"),
    (b"\xff\xd8\xff", "a JPEG picture"),
    (b"GIF8", "a GIF picture"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"Rar!", "a RAR archive"),
    (b"7z\xbc\xaf", "a 7-Zip archive"),
)


def read_document(filename: str, data: bytes) -> SourceDocument:
    """Read a file's bytes as the format its name says; ImportError_ when it cannot be."""
    extension = PurePath(filename).suffix.lower()
    if ljbackup.is_entry_name(filename):
        return ljbackup.read_entry(data)
    if extension not in SUPPORTED:
        shown = extension or "Extensionless"
        raise ImportError_(f"{shown} {_UNSUPPORTED}")
    _check_bytes(extension, data)
    if extension in _ZIPPED:
        return _read_zipped(extension, data)
    source, _ = decode(data)
    if extension in (".md", ".markdown"):
        return text.read_markdown(source)
    if extension in (".html", ".htm"):
        return ao3.read_ao3_html(source) if ao3.is_ao3_html(source) else html.read_html(source)
    return text.read_text(source)


def _check_bytes(extension: str, data: bytes) -> None:
    if not data.strip():
        raise ImportError_(EMPTY)
    kind = _ZIPPED.get(extension)
    if kind and not looks_like_zip(data):
        seems = _seems(data)
        raise ImportError_(
            f"This file is named {extension} but is not {kind}"
            + (f": it looks like {seems}." if seems else f" (a {extension} file is a zip archive).")
        )
    if not kind and looks_like_zip(data):
        raise ImportError_(
            f"This file is named {extension} but is a zip archive (a DOCX or EPUB?), not "
            "text: give it its real extension."
        )
    if not kind:
        seems = _seems(data)
        if seems:
            raise ImportError_(f"This file is named {extension} but looks like {seems}.")


def _seems(data: bytes) -> str:
    return next((what for magic, what in _MAGIC if data.startswith(magic)), "")


def _read_zipped(extension: str, data: bytes) -> SourceDocument:
    if extension == ".docx":
        return docx.read_docx(data)
    book = epub.open_epub(data)
    if ao3.is_ao3_epub(book):
        return ao3.ao3_epub_document(book)
    return anthology.anthology_document(book) or epub.epub_document(book)
