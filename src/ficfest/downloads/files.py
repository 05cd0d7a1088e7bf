"""Files made from volumes, kept in the downloads storage under their content version.

A file's stored name holds what it is (a work or a period) and the version of what it shows,
never a creator: ``works/<id>/<version>.<format>``. The same work read by its creator and by a
stranger (an anonymous fill) has two versions, so two files, and neither can be served for the
other. A version nobody asks for any more is swept when the work's files are rebuilt.
"""

import re
import subprocess
import tempfile
import unicodedata
from collections.abc import Callable
from pathlib import Path

from django.core.files.base import ContentFile
from django.core.files.storage import Storage, storages

from ficfest.downloads.epub import to_epub
from ficfest.downloads.formats import calibre_converter
from ficfest.downloads.volume import Volume
from ficfest.downloads.writers import to_html, to_pdf, to_txt

CONVERT_TIMEOUT = 300  # seconds calibre may take over one book

WRITERS: dict[str, Callable[[Volume], bytes]] = {
    "epub": to_epub,
    "pdf": to_pdf,
    "html": to_html,
    "txt": to_txt,
}


def downloads_storage() -> Storage:
    return storages["downloads"]


def download_name(title: str, fmt: str) -> str:
    """The file name readers get: the title in plain letters where it has them (what every
    e-reader and file system takes), else in its own script, else "work"."""
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    words = re.sub(r"[^A-Za-z0-9]+", " ", ascii_title).split()
    if not words:
        words = re.findall(r"\w+", unicodedata.normalize("NFKC", title))
    return f"{'_'.join(words)[:80] or 'work'}.{fmt}"


def write(volume: Volume, fmt: str) -> bytes:
    if fmt in WRITERS:
        return WRITERS[fmt](volume)
    return _converted(to_epub(volume), fmt)


def _converted(epub: bytes, fmt: str) -> bytes:
    """AZW3 or MOBI from the EPUB, by calibre's converter (only offered where installed)."""
    converter = calibre_converter()
    if converter is None:
        raise LookupError(f"{fmt} needs calibre's ebook-convert")
    with tempfile.TemporaryDirectory() as folder:
        source, target = Path(folder) / "book.epub", Path(folder) / f"book.{fmt}"
        source.write_bytes(epub)
        subprocess.run(
            [converter, str(source), str(target)],
            check=True,
            capture_output=True,
            timeout=CONVERT_TIMEOUT,
        )
        return target.read_bytes()


def stored(folder: str, version: str, fmt: str) -> str:
    return f"{folder}/{version}.{fmt}"


def cached(name: str) -> bool:
    return downloads_storage().exists(name)


def keep(name: str, content: bytes) -> None:
    """Store a built file, unless another build stored the same one meanwhile (same version:
    same content, so either will do)."""
    storage = downloads_storage()
    if not storage.exists(name):
        storage.save(name, ContentFile(content))


def sweep(folder: str, current: set[str]) -> int:
    """Delete the files of ``folder`` whose version is not one of ``current``."""
    storage = downloads_storage()
    try:
        _dirs, names = storage.listdir(folder)
    except FileNotFoundError:
        return 0
    stale = [n for n in names if n.split(".", 1)[0] not in current]
    for name in stale:
        storage.delete(f"{folder}/{name}")
    return len(stale)
