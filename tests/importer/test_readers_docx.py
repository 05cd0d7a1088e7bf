"""Word documents: paragraphs, formatting as escaped markup, chapters, core properties."""

import pytest

from ficfest.importer.document import ImportError_
from ficfest.importer.readers import read_document
from ficfest.importer.readers.docx import read_docx
from tests.importer.readers_builders import make_docx, make_zip, para, run

EPUB_CONTAINER = {"META-INF/container.xml": "<container/>"}


def blocks(document, chapter=0):
    return [(b.text, b.html) for b in document.chapters[chapter].blocks]


def test_it_reads_paragraphs_as_blocks_and_drops_empty_ones():
    document = read_document(
        "Story.DOCX",
        make_docx(para("Title: Eventide"), para(""), para("In the eventide…"), para("She smiled.")),
    )

    assert document.format == "docx"
    assert blocks(document) == [
        ("Title: Eventide", "<p>Title: Eventide</p>"),
        ("In the eventide…", "<p>In the eventide…</p>"),
        ("She smiled.", "<p>She smiled.</p>"),
    ]


def test_it_keeps_formatting_as_markup():
    document = read_docx(
        make_docx(
            para(
                run("Plain, "),
                run("bold", "<w:b/>"),
                run(", "),
                run("italic", "<w:i/>"),
                run(", "),
                run("under", '<w:u w:val="single"/>'),
                run(", "),
                run("struck", "<w:strike/>"),
                run(", "),
                run("styled", style="Emphasis"),
                run(" "),
                run("off", '<w:b w:val="0"/>'),
                run("2", '<w:vertAlign w:val="superscript"/>'),
            )
        )
    )

    assert blocks(document)[0][1] == (
        "<p>Plain, <strong>bold</strong>, <em>italic</em>, <u>under</u>, <s>struck</s>, "
        "<em>styled</em> off<sup>2</sup></p>"
    )


def test_it_merges_runs_split_by_word_and_nests_formats_in_one_order():
    document = read_docx(
        make_docx(para(run("a", "<w:i/>", "<w:b/>"), run("b", "<w:b/>", "<w:i/>")))
    )

    assert blocks(document)[0] == ("ab", "<p><strong><em>ab</em></strong></p>")


def test_it_escapes_run_text():
    document = read_docx(
        make_docx(para(run("<script>alert(1)</script> & ", "<w:b/>"), run('"quoted"')))
    )

    text, html = blocks(document)[0]
    assert text == '<script>alert(1)</script> & "quoted"'
    assert html == '<p><strong>&lt;script&gt;alert(1)&lt;/script&gt; &amp; </strong>"quoted"</p>'


def test_it_turns_breaks_into_lines_and_tabs_into_spaces():
    document = read_docx(
        make_docx(
            para(
                "<w:r><w:t>Title:</w:t><w:tab/><w:t>Eventide</w:t>"
                "<w:br/><w:t>Rating: PG</w:t></w:r>"
            )
        )
    )

    assert blocks(document) == [
        ("Title: Eventide\nRating: PG", "<p>Title: Eventide<br>Rating: PG</p>")
    ]


def test_it_skips_deleted_text_and_keeps_inserted_and_linked_text():
    document = read_docx(
        make_docx(
            para(
                run("Kept "),
                "<w:del><w:r><w:delText>gone </w:delText></w:r></w:del>",
                "<w:ins><w:r><w:t>added </w:t></w:r></w:ins>",
                "<w:hyperlink><w:r><w:t>link</w:t></w:r></w:hyperlink>",
            )
        )
    )

    assert blocks(document)[0][0] == "Kept added link"


def test_it_splits_chapters_at_styled_chapter_headings():
    document = read_docx(
        make_docx(
            para("Lanterns", style="Title"),
            para("Rating: PG"),
            para("Chapter 1: Dusk", style="Heading1"),
            para("The lantern swung."),
            para("Chapter 2", style="berschrift2"),  # a localised style id, named "heading 2"
            para("Dawn came."),
        )
    )

    assert [c.title for c in document.chapters] == ["Dusk", ""]
    # What came before the first chapter (the header) stays at the start of chapter one.
    assert [t for t, _ in blocks(document, 0)] == ["Rating: PG", "The lantern swung."]
    assert [t for t, _ in blocks(document, 1)] == ["Dawn came."]
    assert document.metadata["title"] == "Lanterns"


def test_it_splits_chapters_at_typed_chapter_lines_without_styles():
    document = read_docx(
        make_docx(
            para("Prologue"),
            para("Once."),
            para("Chapter One - The Road"),
            para("Chapter two of her life began that day."),
            para("Epilogue"),
            para("Twice."),
        )
    )

    assert [c.title for c in document.chapters] == ["Prologue", "The Road", "Epilogue"]
    assert [t for t, _ in blocks(document, 1)] == ["Chapter two of her life began that day."]


def test_it_keeps_a_single_chapter_heading_as_text():
    document = read_docx(make_docx(para("Chapter 1", style="Heading1"), para("A one-shot.")))

    assert len(document.chapters) == 1
    assert blocks(document) == [
        ("Chapter 1", "<h2>Chapter 1</h2>"),
        ("A one-shot.", "<p>A one-shot.</p>"),
    ]


def test_it_reads_title_and_author_from_core_properties():
    document = read_docx(
        make_docx(para("Text."), core={"title": "Eventide", "creator": "nightbird"})
    )

    assert document.metadata == {"title": "Eventide", "author": "nightbird"}


def test_it_ignores_placeholder_creators_and_prefers_the_title_paragraph():
    document = read_docx(
        make_docx(
            para("Real Title", style="Title"),
            para("Text."),
            core={"title": "Doc1", "creator": "User"},
        )
    )

    assert document.metadata == {"title": "Real Title"}
    assert blocks(document) == [("Text.", "<p>Text.</p>")]


def test_it_reads_a_header_table_as_label_lines():
    table = (
        "<w:tbl><w:tr><w:tc>{}</w:tc><w:tc>{}</w:tc></w:tr><w:tr><w:tc>{}</w:tc><w:tc>{}</w:tc></w:tr></w:tbl>"
    ).format(para("Title"), para("Eventide"), para("Rating:"), para("PG"))

    document = read_docx(make_docx(table, para("Story.")))

    assert [t for t, _ in blocks(document)] == ["Title: Eventide", "Rating: PG", "Story."]


def test_it_reads_content_controls():
    document = read_docx(
        make_docx("<w:sdt><w:sdtContent>" + para("Inside.") + "</w:sdtContent></w:sdt>")
    )

    assert blocks(document)[0][0] == "Inside."


def test_it_refuses_a_zip_without_a_document():
    with pytest.raises(ImportError_, match="not a Word document"):
        read_document("x.docx", make_zip({"other.xml": "<x/>"}))


def test_it_says_when_a_docx_is_really_an_epub():
    with pytest.raises(ImportError_, match="is an EPUB"):
        read_document("x.docx", make_zip(EPUB_CONTAINER))


def test_it_refuses_a_document_that_is_not_xml():
    with pytest.raises(ImportError_, match="not valid XML"):
        read_document("x.docx", make_zip({"word/document.xml": "<w:document><unclosed>"}))


def test_it_makes_chapters_of_word_headings_whatever_their_text():
    document = read_docx(
        make_docx(
            para("Title: Eventide"),
            para("Homecoming", style="Heading1"),
            para("She came home."),
            para("The Long Night", style="Heading1"),
            para("It was long."),
        )
    )
    assert [chapter.title for chapter in document.chapters] == ["Homecoming", "The Long Night"]
    assert [block.text for block in document.chapters[0].blocks] == [
        "Title: Eventide",
        "She came home.",
    ]
