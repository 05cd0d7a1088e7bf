"""EPUB: package metadata, spine order, front matter skipped, chapter titles from headings."""

import pytest

from ficfest.importer.document import ImportError_
from ficfest.importer.readers import read_document
from ficfest.importer.readers.epub import read_epub
from tests.importer.readers_builders import make_epub, make_zip, xhtml

METADATA = (
    "<dc:title>Eventide</dc:title><dc:creator>nightbird</dc:creator><dc:creator>owlet</dc:creator>"
    "<dc:subject>Fluff</dc:subject><dc:subject>Lanterns</dc:subject><dc:language>en</dc:language>"
    "<dc:description>&lt;p&gt;She carries a &lt;b&gt;lantern&lt;/b&gt;.&lt;/p&gt;"
    "&lt;p&gt;He follows.&lt;/p&gt;</dc:description>"
)


def texts(chapter):
    return [b.text for b in chapter.blocks]


def test_it_reads_package_metadata_under_header_labels():
    document = read_document(
        "e.epub", make_epub([("c1", "c1.xhtml", xhtml("<p>Text.</p>"))], metadata=METADATA)
    )

    assert document.format == "epub"
    assert document.metadata == {
        "title": "Eventide",
        "author": "nightbird, owlet",
        "tags": "Fluff, Lanterns",
        "summary": "She carries a lantern.\n\nHe follows.",
        "language": "en",
    }


def test_it_makes_spine_documents_chapters_in_spine_order():
    documents = [
        ("b", "b.xhtml", xhtml("<h2>Chapter 1: Dusk</h2><p>One <em>lantern</em>.</p><p>Two.</p>")),
        ("a", "a.xhtml", xhtml("<h1>Chapter 2</h1>\n<p>Three.</p>")),
    ]

    document = read_epub(make_epub(documents))

    assert [c.title for c in document.chapters] == ["Dusk", ""]
    assert texts(document.chapters[0]) == ["One lantern.", "Two."]
    assert "<em>lantern</em>" in document.chapters[0].blocks[0].html
    assert texts(document.chapters[1]) == ["Three."]


def test_it_keeps_a_heading_that_follows_text_as_text():
    document = read_epub(
        make_epub([("c", "c.xhtml", xhtml("<p>Intro.</p><h2>Later</h2><p>More.</p>"))])
    )

    assert document.chapters[0].title == ""
    assert texts(document.chapters[0]) == ["Intro.", "Later", "More."]


def test_it_skips_nav_cover_title_pages_and_non_linear_items():
    documents = [
        ("cover", "cover.xhtml", xhtml("<p>COVER</p>")),
        ("tp", "title_page.xhtml", xhtml("<p>TITLE PAGE</p>")),
        ("toc", "toc.xhtml", xhtml("<p>TOC</p>")),
        ("guided", "front.xhtml", xhtml("<p>GUIDE SAYS TITLE PAGE</p>")),
        ("c1", "chapter1.xhtml", xhtml("<p>Story.</p>")),
        ("empty", "image.xhtml", xhtml('<img src="x.png" alt=""/>')),
    ]
    epub = make_epub(
        documents,
        guide='<reference type="title-page" href="front.xhtml"/>',
        spine_extra='<itemref idref="c1" linear="no"/>',
    )

    document = read_epub(epub)

    assert [texts(c) for c in document.chapters] == [["Story."]]


def test_it_continues_a_chapter_across_calibre_splits():
    documents = [
        ("s0", "index_split_000.html", xhtml("<h2>Chapter 1</h2><p>First half.</p>")),
        ("s1", "index_split_001.html", xhtml("<p>Second half.</p>")),
        ("s2", "index_split_002.html", xhtml("<h2>Chapter 2: Home</h2><p>Next.</p>")),
    ]

    document = read_epub(make_epub(documents))

    assert [(c.title, texts(c)) for c in document.chapters] == [
        ("", ["First half.", "Second half."]),
        ("Home", ["Next."]),
    ]


def test_it_resolves_hrefs_with_folders_and_escapes():
    page = xhtml("<p>Found.</p>")
    epub = make_epub(
        [("c", "Text/chapter%201.xhtml", page)], extra={"OEBPS/Text/chapter 1.xhtml": page}
    )

    assert texts(read_epub(epub).chapters[0]) == ["Found."]


def test_it_reads_xhtml_in_its_declared_encoding():
    body = xhtml("<p>Café «ça»</p>").replace('encoding="utf-8"', 'encoding="iso-8859-1"')

    document = read_epub(make_epub([("c", "c.xhtml", body.encode("iso-8859-1"))]))

    assert texts(document.chapters[0]) == ["Café «ça»"]


def test_it_refuses_an_epub_without_container():
    with pytest.raises(ImportError_, match=r"no META-INF/container\.xml"):
        read_document("e.epub", make_epub([("c", "c.xhtml", xhtml("<p>x</p>"))], container=None))


def test_it_refuses_a_container_pointing_nowhere():
    container = (
        '<container xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles>'
        '<rootfile full-path="../../evil.opf" media-type="application/oebps-package+xml"/>'
        "</rootfiles></container>"
    )

    with pytest.raises(ImportError_, match="names no package file"):
        read_epub(make_epub([("c", "c.xhtml", xhtml("<p>x</p>"))], container=container))


def test_it_refuses_an_epub_with_no_text():
    with pytest.raises(ImportError_, match="no text"):
        read_epub(make_epub([("c", "c.xhtml", xhtml("<p>   </p>"))]))


def test_it_says_when_an_epub_is_really_a_word_document():
    with pytest.raises(ImportError_, match="Word document"):
        read_document("x.epub", make_zip({"word/document.xml": "<w:document/>"}))


def test_it_refuses_deeply_nested_chapter_html():
    deep = "<div>" * 500 + "<p>x</p>" + "</div>" * 500

    with pytest.raises(ImportError_, match="nested too deeply"):
        read_epub(make_epub([("c", "c.xhtml", xhtml(deep))]))
