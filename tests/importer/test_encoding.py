import codecs

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ficfest.importer.document import ImportError_
from ficfest.importer.encoding import BINARY, EMPTY, decode

TEXT = "Title: Café\n\n“Hello,” she said… and left — for good."


def test_it_reads_utf8_as_the_fast_path():
    assert decode(TEXT.encode("utf-8")) == (TEXT, "utf-8")


@pytest.mark.parametrize(
    ("bom", "codec", "name"),
    [
        (codecs.BOM_UTF8, "utf-8", "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16-be"),
        (codecs.BOM_UTF32_LE, "utf-32-le", "utf-32-le"),
        (codecs.BOM_UTF32_BE, "utf-32-be", "utf-32-be"),
    ],
)
def test_it_honours_byte_order_marks(bom, codec, name):
    text, encoding = decode(bom + TEXT.encode(codec))
    assert text == TEXT
    assert encoding == name
    assert not text.startswith("\ufeff")


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_it_recognises_utf16_without_a_mark(codec):
    assert decode(TEXT.encode(codec)) == (TEXT, codec)


def test_it_reads_windows_1252_punctuation_as_written():
    data = b"Title: Caf\xe9\r\n\r\n\x93Hello,\x94 she said\x85 it\x92s late \x96 or early."
    text, encoding = decode(data)
    assert encoding == "cp1252"
    assert text == "Title: Café\n\n“Hello,” she said… it’s late – or early."


def test_it_keeps_the_ellipsis_and_quotes_never_ascii_fied():
    text, _ = decode("etc\u2026 \u201cno\u201d".encode("cp1252"))
    assert text == "etc… “no”"
    assert "..." not in text


def test_it_calls_western_text_without_c1_bytes_latin1():
    text, encoding = decode("Naïve résumé, à bientôt".encode("latin-1"))
    assert text == "Naïve résumé, à bientôt"
    assert encoding == "iso-8859-1"


def test_it_detects_cyrillic_legacy_encodings():
    source = "Заголовок: Ночь\n\nОна открыла окно и долго смотрела на тёмный город внизу."
    text, encoding = decode(source.encode("cp1251"))
    assert text == source
    assert encoding == "cp1251"


def test_it_detects_japanese_legacy_encodings():
    source = "月が昇ると、彼女は窓を開けた。風は冷たかったが、彼女は気にしなかった。"
    text, _ = decode(source.encode("shift_jis"))
    assert text == source


def test_it_composes_to_nfc():
    text, _ = decode("Cafe\u0301 and n\u0303".encode())
    assert text == "Café and ñ"


@pytest.mark.parametrize("ending", [b"\r\n", b"\r"])
def test_it_unifies_line_endings(ending):
    text, _ = decode(b"one" + ending + ending + b"two" + ending + b"three")
    assert text == "one\n\ntwo\nthree"


def test_it_drops_stray_control_characters():
    text, _ = decode(b"Title: X\x0c\n\nStory\x1b text.\x1a")
    assert text == "Title: X\n\nStory text."


@pytest.mark.parametrize(
    "data",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00",
        b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00",
        b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< >>\nstream\n\x00\x01\x02",
        b"plain words then a NUL\x00 in the middle",
        bytes(range(1, 32)) * 20,
    ],
    ids=["png", "zip", "pdf", "nul", "controls"],
)
def test_it_refuses_binary_files(data):
    with pytest.raises(ImportError_, match="binary file"):
        decode(data)
    assert BINARY == "This looks like a binary file, not text."


@pytest.mark.parametrize(
    "data",
    [b"", b"   \n\t\r\n  ", codecs.BOM_UTF8, codecs.BOM_UTF16_LE + "  \n".encode("utf-16-le")],
)
def test_it_refuses_empty_files(data):
    with pytest.raises(ImportError_) as error:
        decode(data)
    assert str(error.value) == EMPTY == "The file is empty."


def test_it_refuses_a_broken_utf16_file_as_binary():
    with pytest.raises(ImportError_, match="binary"):
        decode(codecs.BOM_UTF16_LE + b"\x00\xd8\x00\xd8")  # lone surrogates


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=3000))
def test_it_decodes_any_bytes_or_says_why_not(data):
    try:
        text, encoding = decode(data)
    except ImportError_ as error:
        assert str(error)
    else:
        assert text.strip()
        assert "\r" not in text
        assert encoding
