"""The element tree the EPUB and AO3 readers use to find structure, and chapter titles."""

import pytest

from ficfest.importer.document import ImportError_
from ficfest.importer.readers.markup import chapter_title, is_chapter_heading, markup_text, parse


def test_it_slices_inner_html_as_written():
    doc = parse('<body><div class="userstuff x"><p>One &amp; <i>two</i></p><br/></div></body>')
    div = doc.body().children[0]

    assert div.has_class("userstuff")
    assert div.inner_html() == "<p>One &amp; <i>two</i></p><br/>"
    assert div.text() == "One & two"


def test_it_matches_classes_calibre_renamed():
    doc = parse('<div class="userstuff12"></div><div class="userstuffing"></div>')

    assert [n.has_class("userstuff") for n in doc.root.children] == [True, False]


def test_it_closes_paragraphs_and_list_items_implicitly():
    doc = parse(
        "<div><p>a<p>b<ul><li>c<li>d</ul></div><dl><dt>Rating:<dd>PG<dt>Fandom:<dd>BtVS</dl>"
    )
    div, dl = doc.root.children

    assert [(n.tag, n.text()) for n in div.children] == [("p", "a"), ("p", "b"), ("ul", "cd")]
    assert [n.tag for n in div.children[2].children] == ["li", "li"]
    assert [(n.tag, n.clean_text()) for n in dl.children] == [
        ("dt", "Rating:"),
        ("dd", "PG"),
        ("dt", "Fandom:"),
        ("dd", "BtVS"),
    ]


def test_it_ignores_stray_end_tags_and_closes_what_is_left_open():
    doc = parse("</p><div><span>x</div>tail")
    div = doc.root.children[0]

    assert div.inner_html() == "<span>x"
    assert div.children[0].inner_html() == "x"


def test_it_leaves_script_and_style_out_of_text():
    doc = parse("<div><script>var x = 1;</script><style>p{}</style>Shown</div>")

    assert doc.root.children[0].text() == "Shown"


def test_it_cuts_out_descendants_from_inner_html():
    doc = parse("<body><h2>Chapter 1</h2><p>Text</p></body>")
    body = doc.body()

    assert body.inner_html(without=(body.children[0],)) == "<p>Text</p>"


def test_it_refuses_nesting_deeper_than_the_limit():
    with pytest.raises(ImportError_, match="nested too deeply"):
        parse("<div>" * 1000)


@pytest.mark.parametrize(
    ("heading", "title"),
    [
        ("Chapter 3: The Return", "The Return"),
        ("Chapter 3", ""),
        ("CHAPTER TWENTY-ONE — Home", "Home"),
        ("Chapter IV. Four", "Four"),
        ("Part 2 - After", "After"),
        ("Prologue", "Prologue"),
        ("Chapter Mild Peril", "Chapter Mild Peril"),
        ("  The   Lantern ", "The Lantern"),
    ],
)
def test_it_takes_the_numbering_off_chapter_titles(heading, title):
    assert chapter_title(heading) == title


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Chapter 2", True),
        ("Chapter Two: Home", True),
        ("Part II", True),
        ("Epilogue", True),
        ("3", True),
        ("IV.", True),
        ("The Road Home", False),
        ("Chapters", False),
    ],
)
def test_it_knows_chapter_headings(text, expected):
    assert is_chapter_heading(text) is expected


def test_it_decodes_markup_by_its_declaration_then_by_detection():
    assert markup_text("<p>Café</p>".encode()) == "<p>Café</p>"
    assert markup_text(b'<?xml version="1.0" encoding="windows-1252"?><p>\x93hi\x94</p>').endswith(
        "<p>“hi”</p>"
    )
    # Declared UTF-8 that is not: the detector reads it instead of failing the file.
    assert markup_text(b"<p>caf\xe9</p>") == "<p>café</p>"
    # NFC: a decomposed é is composed.
    assert markup_text("<p>Cafe\u0301</p>".encode()) == "<p>Café</p>"
