"""Bytes -> text, for files written anywhere in twenty years of fandom.

Order of tries, cheapest and surest first:

1. a byte-order mark (UTF-8, UTF-16 LE/BE, UTF-32 LE/BE) says it outright;
2. UTF-16 without a mark shows as NUL bytes on every other position;
3. any other NUL byte means a binary file (a picture, a zip, a PDF, a Word .doc);
4. strict UTF-8 — most files, and the fast path;
5. Windows-1252 (or Latin-1, its subset) when the bytes read as Western text: short English
   files with a few curly quotes or an ellipsis are where detectors guess worst (a 40-byte
   file with 0x93/0x94/0x85 comes back as Baltic or Urdu), and they are most of what was
   written on Windows before UTF-8;
6. charset-normalizer for the rest (Cyrillic, Greek, CJK legacy encodings…).

The text is then NFC-composed and given "\\n" line ends. Punctuation is kept as written: a
cp1252 0x85 becomes "…", never "...". Control characters other than tab and newline are
dropped (they are invisible and break XML exports); when they are a large share of the text
the file is refused as binary.
"""

import codecs
import re
import unicodedata

from charset_normalizer import from_bytes

from ficfest.importer.document import ImportError_

BINARY = "This looks like a binary file, not text."
EMPTY = "The file is empty."
UNKNOWN_ENCODING = (
    "The text encoding of this file could not be recognised; save it as UTF-8 and try again."
)

# Longest mark first: UTF-32 LE starts with the UTF-16 LE mark.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# C0 controls but tab/newline/carriage return, DEL and the C1 range.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x0c\x0e-\x1f\x7f-\x9f]")
_C1_BYTES = re.compile(rb"[\x80-\x9f]")
# Above this share of control characters a "text" is binary data that happened to decode.
_MAX_CONTROL_SHARE = 0.05
_HIGH_LETTERS = bytes(range(0xC0, 0x100))
_ASCII_LETTERS = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
# Western text has accented letters here and there; legacy Cyrillic/Greek/CJK bytes read as
# cp1252 are long runs of them.
_MAX_WESTERN_ACCENTED = 0.3
_LONG_HIGH_RUN = re.compile(rb"[\x80-\xff]{5}")
# Short texts may have a few stray controls; binary data has many.
_MIN_BINARY_CONTROLS = 8
_HIRAGANA = re.compile("[\u3040-\u309f]")
_JAPANESE = frozenset(("cp932", "shift_jis", "euc_jp", "iso2022_jp"))


def decode(data: bytes) -> tuple[str, str]:
    """The file's text (NFC, "\\n" line ends) and the name of the encoding it was read with."""
    if not data.strip():
        raise ImportError_(EMPTY)
    text, encoding = _decode_raw(data)
    return _clean(text), encoding


def _decode_raw(data: bytes) -> tuple[str, str]:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _strict(data[len(bom) :], encoding.removesuffix("-sig")), encoding
    utf16 = _sniff_utf16(data)
    if utf16:
        return _strict(data, utf16), utf16
    if b"\x00" in data:
        raise ImportError_(BINARY)
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    western = _western(data)
    if western:
        return western
    return _detected(data)


def _detected(data: bytes) -> tuple[str, str]:
    """charset-normalizer's best guess; but short Japanese text, which it may take for Korean,
    is Japanese when one of its readings is (hiragana is in nearly every Japanese sentence
    and in no Korean one read as Shift-JIS)."""
    matches = from_bytes(data)
    best = matches.best()
    if best is None:
        raise ImportError_(UNKNOWN_ENCODING)
    if best.encoding not in _JAPANESE:
        for match in matches:
            if match.encoding in _JAPANESE:
                text = str(match)
                if len(_HIRAGANA.findall(text)) * 10 >= len(text) - text.count(" "):
                    return text, match.encoding
    return str(best), best.encoding


def _strict(data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as error:
        raise ImportError_(BINARY) from error


def _sniff_utf16(data: bytes) -> str | None:
    """UTF-16 without a mark: ASCII-range text has a NUL in every other byte."""
    if len(data) < 4 or len(data) % 2:
        return None
    sample = data[:4096]
    even_nuls = sample[0::2].count(0)
    odd_nuls = sample[1::2].count(0)
    pairs = len(sample) // 2
    if odd_nuls >= pairs * 0.3 and even_nuls == 0:
        return "utf-16-le"
    if even_nuls >= pairs * 0.3 and odd_nuls == 0:
        return "utf-16-be"
    return None


def _western(data: bytes) -> tuple[str, str] | None:
    """cp1252 when the non-ASCII bytes look like accents and punctuation in Western text:
    not long runs of them (words of another script) and accented letters (0xC0–0xFF) a
    minority of the letters."""
    if _LONG_HIGH_RUN.search(data):
        return None
    # Counted by deleting (bytes.translate runs in C; a regex findall would be 10x slower).
    accented = len(data) - len(data.translate(None, _HIGH_LETTERS))
    letters = accented + len(data) - len(data.translate(None, _ASCII_LETTERS))
    if accented > letters * _MAX_WESTERN_ACCENTED:
        return None
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:  # 0x81, 0x8D, 0x8F, 0x90, 0x9D are not cp1252
        return None
    # Without 0x80–0x9F bytes cp1252 and Latin-1 read the same; name the plainer one.
    return text, "cp1252" if _C1_BYTES.search(data) else "iso-8859-1"


def _clean(text: str) -> str:
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = text.lstrip("\ufeff")
    controls = len(_CONTROL.findall(text))
    if controls:
        if controls > max(len(text) * _MAX_CONTROL_SHARE, _MIN_BINARY_CONTROLS):
            raise ImportError_(BINARY)
        text = _CONTROL.sub("", text)
    if not text.strip():
        raise ImportError_(EMPTY)
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    return text
