"""read_document: the reader by extension, checked against what the bytes are."""

import pytest

from ficfest.importer.document import ImportError_
from ficfest.importer.readers import SUPPORTED, read_document
from tests.importer.readers_builders import make_docx, make_epub, para, xhtml


def test_it_supports_the_agreed_extensions():
    assert SUPPORTED == (".txt", ".text", ".html", ".htm", ".md", ".markdown", ".docx", ".epub")


@pytest.mark.parametrize(
    ("filename", "data", "format"),
    [
        ("a.txt", b"Title: X\n\nStory.", "txt"),
        ("A.TEXT", b"Story.", "txt"),
        ("a.md", b"# Title\n\n*Story.*", "md"),
        ("a.Markdown", b"Story.", "md"),
        ("a.htm", b"<p>Story.</p>", "html"),
        ("a.HTML", b"<html><body><p>Story.</p></body></html>", "html"),
        ("a.docx", make_docx(para("Story.")), "docx"),
        ("a.epub", make_epub([("c", "c.xhtml", xhtml("<p>Story.</p>"))]), "epub"),
    ],
)
def test_it_chooses_the_reader_by_extension(filename, data, format):
    document = read_document(filename, data)

    assert document.format == format
    assert document.markdown == (format == "md")
    assert "Story." in " ".join(b.text for c in document.chapters for b in c.blocks)


def test_it_decodes_text_files_before_reading():
    document = read_document(
        "old.txt", "Disclaimer: not mine\x85\n\nShe said \x93hi\x94.".encode("latin-1")
    )

    assert [b.text for b in document.chapters[0].blocks] == [
        "Disclaimer: not mine…",
        "She said “hi”.",
    ]


@pytest.mark.parametrize(
    ("filename", "shown"),
    [("story.pdf", ".pdf"), ("story.DOC", ".doc"), ("README", "Extensionless")],
)
def test_it_refuses_unknown_extensions(filename, shown):
    with pytest.raises(ImportError_) as caught:
        read_document(filename, b"text")

    assert (
        str(caught.value)
        == f"{shown} files are not supported; use .txt, .html, .md, .docx or .epub."
    )


def test_it_refuses_a_text_file_that_is_a_zip():
    with pytest.raises(ImportError_, match=r"named \.txt but is a zip archive"):
        read_document("story.txt", make_docx(para("Story.")))


@pytest.mark.parametrize(
    ("data", "seems"),
    [
        (b"%PDF-1.4 ...", "a PDF"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1rest", "old Word .doc"),
        (b"{\\rtf1\\ansi x}", "RTF"),
    ],
)
def test_it_says_what_a_misnamed_file_looks_like(data, seems):
    with pytest.raises(ImportError_, match=seems):
        read_document("story.txt", data)


def test_it_refuses_a_docx_that_is_really_a_pdf():
    with pytest.raises(ImportError_, match="not a Word document: it looks like a PDF"):
        read_document("story.docx", b"%PDF-1.7 ...")


def test_it_refuses_an_empty_file():
    with pytest.raises(ImportError_, match="empty"):
        read_document("story.epub", b"")


def test_it_refuses_binary_text_through_the_decoder():
    with pytest.raises(ImportError_, match="binary"):
        read_document("story.txt", b"\x00\x01\x02garbage\x00" * 10)
