"""The zip inside DOCX and EPUB files: bombs, traversal, encryption and damage are refused."""

import io
import struct
import zipfile

import pytest

from ficfest.importer.document import ImportError_
from ficfest.importer.readers import read_document, zipsafe
from ficfest.importer.readers.zipsafe import MB, ZipLimits, open_zip
from tests.importer.readers_builders import CONTAINER, make_docx, make_zip


def zeros_member(name: str, size: int) -> bytes:
    """A zip with one member of ``size`` zero bytes, written in chunks (never all in memory)."""
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive,
        archive.open(name, "w", force_zip64=False) as member,
    ):
        chunk = bytes(MB)
        for _ in range(size // MB):
            member.write(chunk)
    return buffer.getvalue()


def test_it_refuses_a_docx_holding_50_mb_of_compressed_zeros():
    bomb = zeros_member("word/document.xml", 50 * MB)
    assert len(bomb) < 200_000  # the point of a bomb

    with pytest.raises(ImportError_, match="zip bomb"):
        read_document("bomb.docx", bomb)


def test_it_refuses_a_member_compressed_beyond_the_ratio():
    limits = ZipLimits(ratio_floor=1024)
    bomb = make_zip({"OEBPS/big.xhtml": b"\0" * 200_000})

    with pytest.raises(ImportError_, match=r"compressed .* to 1: it looks like a zip bomb"):
        open_zip(bomb, "EPUB", limits)


def test_it_refuses_an_epub_that_expands_past_the_total(monkeypatch):
    monkeypatch.setattr(zipsafe, "LIMITS", ZipLimits(max_total_size=10_000, max_ratio=10**6))
    members = {f"OEBPS/c{i}.xhtml": b"x" * 4_000 for i in range(3)}

    with pytest.raises(
        ImportError_, match="This EPUB expands to more than 10,000 bytes: it looks like a zip bomb"
    ):
        read_document("big.epub", make_zip({"META-INF/container.xml": CONTAINER, **members}))


def test_it_stops_reading_at_the_cap_whatever_the_header_says():
    archive = open_zip(make_zip({"a.txt": b"y" * 5_000}), "EPUB")
    # A directory that understates the size must not let more than the cap through.
    archive.limits = ZipLimits(max_member_size=1_000)

    with pytest.raises(ImportError_, match="zip bomb"):
        archive.read("a.txt")


def test_it_refuses_a_member_whose_header_lies_about_its_size():
    data = bytearray(make_zip({"word/document.xml": b"<w:document/>" * 100}))
    # Rewrite the uncompressed size in the local header and the central directory to 10 bytes.
    local = data.index(b"PK\x03\x04")
    struct.pack_into("<I", data, local + 22, 10)
    central = data.index(b"PK\x01\x02")
    struct.pack_into("<I", data, central + 24, 10)

    with pytest.raises(ImportError_, match="damaged"):
        read_document("liar.docx", bytes(data))


def test_it_refuses_too_many_members(monkeypatch):
    monkeypatch.setattr(zipsafe, "LIMITS", ZipLimits(max_members=20))
    members = {f"OEBPS/{i}.xhtml": "<p/>" for i in range(25)}

    with pytest.raises(ImportError_, match="26 files inside"):
        read_document("many.epub", make_zip({"META-INF/container.xml": CONTAINER, **members}))


@pytest.mark.parametrize(
    "name",
    ["../../etc/passwd", "/etc/passwd", "OEBPS/../../x.xhtml", "C:/Windows/x", "a\\..\\..\\b"],
)
def test_it_refuses_path_traversal_names(name):
    with pytest.raises(ImportError_, match="unsafe file name"):
        open_zip(make_zip({"mimetype": "application/epub+zip", name: "x"}), "EPUB")


def test_it_refuses_an_encrypted_member():
    data = bytearray(make_zip({"word/document.xml": "<w:document/>"}))
    # Set the "encrypted" flag bit, as a password-protected zip has it.
    for signature, flags_at in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        offset = data.index(signature)
        (flags,) = struct.unpack_from("<H", data, offset + flags_at)
        struct.pack_into("<H", data, offset + flags_at, flags | 0x1)

    with pytest.raises(ImportError_, match="password-protected"):
        read_document("locked.docx", bytes(data))


def test_it_refuses_a_docx_that_is_not_a_zip():
    with pytest.raises(
        ImportError_,
        match=r"named \.docx but is not a Word document \(a \.docx file is a zip archive\)",
    ):
        read_document("story.docx", b"Title: Plain text\n\nCalled .docx by mistake.")


def test_it_refuses_a_truncated_zip():
    data = make_docx("<w:p><w:r><w:t>Hello</w:t></w:r></w:p>")

    with pytest.raises(ImportError_, match="damaged or incomplete"):
        read_document("cut.docx", data[: len(data) // 2])


def test_it_refuses_a_member_with_corrupt_data():
    data = bytearray(make_zip({"word/document.xml": b"<w:document>" + b"abc" * 1000}))
    start = data.index(b"word/document.xml") + len("word/document.xml")
    data[start + 10 : start + 40] = b"\xff" * 30

    with pytest.raises(ImportError_, match="damaged"):
        read_document("corrupt.docx", bytes(data))


def test_it_reads_members_case_insensitively_and_within_limits():
    archive = open_zip(make_zip({"Word/Document.xml": "<x/>"}), "DOCX")

    assert archive.read("word/document.xml") == b"<x/>"
    assert archive.names() == ["Word/Document.xml"]


def test_it_refuses_xml_entity_expansion():
    billion = (
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        '<!ENTITY lol2 "&lol;&lol;&lol;&lol;">]><w:document>&lol2;</w:document>'
    )

    with pytest.raises(ImportError_, match="not valid XML"):
        read_document("lol.docx", make_zip({"word/document.xml": billion}))
