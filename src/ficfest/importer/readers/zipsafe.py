"""Opening the zip inside a DOCX or EPUB without letting it hurt the server.

A zip's central directory says how big each member is, but it is written by whoever made the
file: a zip bomb says "1 KB" and inflates to gigabytes. So every limit is checked twice, once on
the directory before anything is inflated (cheap refusals with a clear message) and again while
reading, in chunks, stopping at the cap whatever the header claimed.
"""

import io
import re
import zipfile
import zlib
from dataclasses import dataclass
from typing import IO
from xml.etree.ElementTree import Element, ParseError

import defusedxml
import defusedxml.ElementTree

from ficfest.importer.document import ImportError_

MB = 1024 * 1024


@dataclass(frozen=True)
class ZipLimits:
    max_members: int = 2_000
    max_member_size: int = 20 * MB
    max_total_size: int = 100 * MB
    max_ratio: int = 100
    # Tiny members (a 300-byte XML part full of spaces) can reach 100:1 harmlessly; the ratio
    # only says "bomb" once a member is big enough to matter.
    ratio_floor: int = 1 * MB
    chunk_size: int = 64 * 1024


LIMITS = ZipLimits()  # tests lower these (monkeypatch) rather than allocate real bombs

_ENCRYPTED_FLAG = 0x1
# "C:", "\\server", "/etc", "..": names a careless extractor would write outside its folder.
_DRIVE = re.compile(r"^[A-Za-z]:")
_ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
_READ_ERRORS = (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError)


def looks_like_zip(data: bytes) -> bool:
    return data[:4] in _ZIP_MAGIC


class SafeZip:
    """A zip archive whose directory passed the checks; members are read with a size cap."""

    def __init__(self, archive: zipfile.ZipFile, kind: str, limits: ZipLimits) -> None:
        self._zip = archive
        self.kind = kind
        self.limits = limits
        self._read_total = 0
        # Member names are case-sensitive in zips, but some tools write "Word/Document.xml".
        self._by_lower = {info.filename.lower(): info for info in archive.infolist()}

    def names(self) -> list[str]:
        return [info.filename for info in self._zip.infolist() if not info.is_dir()]

    def has(self, name: str) -> bool:
        return self._info(name) is not None

    def read(self, name: str) -> bytes:
        """A member's bytes; ImportError_ if it is missing, damaged or bigger than allowed."""
        info = self._info(name)
        if info is None:
            raise ImportError_(
                f"This {self.kind} has no {name}: the file is damaged or incomplete."
            )
        try:
            with self._zip.open(info) as member:
                data = self._read_capped(member)
        except _READ_ERRORS as error:
            raise ImportError_(
                f"This {self.kind} is damaged: {name} cannot be read ({error})."
            ) from error
        return data

    def read_xml(self, name: str) -> Element:
        """A member parsed as XML, with entity expansion and external references refused."""
        data = self.read(name)
        try:
            return defusedxml.ElementTree.fromstring(data)
        except (ParseError, defusedxml.DefusedXmlException) as error:
            raise ImportError_(
                f"This {self.kind} is damaged: {name} is not valid XML ({error})."
            ) from error

    def _info(self, name: str) -> zipfile.ZipInfo | None:
        return self._by_lower.get(name.lower())

    def _read_capped(self, member: IO[bytes]) -> bytes:
        cap = min(self.limits.max_member_size, self.limits.max_total_size - self._read_total)
        chunks: list[bytes] = []
        size = 0
        while chunk := member.read(self.limits.chunk_size):
            size += len(chunk)
            if size > cap:
                raise ImportError_(self._too_big_message())
            chunks.append(chunk)
        self._read_total += size
        return b"".join(chunks)

    def _too_big_message(self) -> str:
        return (
            f"This {self.kind} expands to more than {_mb(self.limits.max_total_size)}, or one "
            f"of its parts to more than {_mb(self.limits.max_member_size)}: "
            "it looks like a zip bomb."
        )


def open_zip(data: bytes, kind: str, limits: ZipLimits | None = None) -> SafeZip:
    """Open ``data`` as a zip for a ``kind`` ("EPUB", "DOCX") file, refusing unsafe archives."""
    limits = limits or LIMITS
    if not looks_like_zip(data):
        raise ImportError_(f"This {kind} is not a zip archive, so it is not a real {kind} file.")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError) as error:
        raise ImportError_(
            f"This {kind} is damaged or incomplete: its zip directory cannot be read."
        ) from error
    _check_directory(archive.infolist(), kind, limits)
    return SafeZip(archive, kind, limits)


def _check_directory(infos: list[zipfile.ZipInfo], kind: str, limits: ZipLimits) -> None:
    if len(infos) > limits.max_members:
        raise ImportError_(
            f"This {kind} has {len(infos):,} files inside (the limit is "
            f"{limits.max_members:,}): it is not a story."
        )
    total = 0
    for info in infos:
        _check_member(info, kind, limits)
        total += info.file_size
    if total > limits.max_total_size:
        raise ImportError_(
            f"This {kind} expands to more than {_mb(limits.max_total_size)}: "
            "it looks like a zip bomb."
        )


def _check_member(info: zipfile.ZipInfo, kind: str, limits: ZipLimits) -> None:
    name = info.filename
    if info.flag_bits & _ENCRYPTED_FLAG:
        raise ImportError_(f"This {kind} is password-protected ({name} is encrypted).")
    if _unsafe_name(name):
        raise ImportError_(f"This {kind} contains an unsafe file name ({name!r}).")
    if info.file_size > limits.max_member_size:
        raise ImportError_(
            f"This {kind} has a part ({name}) that expands to more than "
            f"{_mb(limits.max_member_size)}: it looks like a zip bomb."
        )
    ratio = info.file_size / max(info.compress_size, 1)
    if info.file_size > limits.ratio_floor and ratio > limits.max_ratio:
        raise ImportError_(
            f"This {kind} has a part ({name}) compressed {ratio:,.0f} to 1: "
            "it looks like a zip bomb."
        )


def _unsafe_name(name: str) -> bool:
    # zipfile has already turned "\\" into "/" on Windows only, so look for both.
    parts = re.split(r"[/\\]", name)
    return (
        "\x00" in name or name.startswith(("/", "\\")) or bool(_DRIVE.match(name)) or ".." in parts
    )


def _mb(size: int) -> str:
    return f"{size / MB:,.0f} MB" if size >= MB else f"{size:,} bytes"
