"""AO3's downloaded HTML and EPUB: metadata under the header parser's labels, chapters."""

import re

import pytest

from ficfest.importer.document import ImportError_
from ficfest.importer.readers import read_document
from ficfest.importer.readers.ao3 import is_ao3_html, read_ao3_html
from tests.importer.readers_builders import make_epub, xhtml

# Written by hand after the shape of AO3's download templates; the story is ours.
PREFACE = """
<div id="preface">
  <h2 class="toc-heading">Preface</h2>
  <p class="message">
    <b>Lanterns Over the Hellmouth</b><br/>
    Posted originally on the <a href="https://archiveofourown.org/">Archive of Our Own</a>
    at <a href="https://archiveofourown.org/works/1">https://archiveofourown.org/works/1</a>.
  </p>
  <div class="meta">
    <dl class="tags">
      <dt>Rating:</dt>
      <dd><a href="https://archiveofourown.org/tags/Teen">Teen And Up Audiences</a></dd>
      <dt>Archive Warning:</dt>
      <dd><a href="#">No Archive Warnings Apply</a></dd>
      <dt>Category:</dt>
      <dd><a href="#">F/M</a></dd>
      <dt>Fandom:</dt>
      <dd><a href="#">Buffy the Vampire Slayer</a></dd>
      <dt>Relationship:</dt>
      <dd><a href="#">Buffy Summers/Spike</a></dd>
      <dt>Characters:</dt>
      <dd><a href="#">Buffy Summers</a>, <a href="#">Spike (Buffy the Vampire Slayer)</a></dd>
      <dt>Additional Tags:</dt>
      <dd><a href="#">Fluff</a>, <a href="#">Lanterns</a>, <a href="#">Post-Canon</a></dd>
      <dt>Language:</dt>
      <dd>English</dd>
      <dt>Series:</dt>
      <dd>Part 2 of <a href="#">Small Lights</a></dd>
      <dt>Stats:</dt>
      <dd>
        Published: 2019-10-31
        Words: 1,234
        Chapters: 2/2
      </dd>
    </dl>
    <h1>Lanterns Over the Hellmouth</h1>
    <div class="byline">by <a rel="author" href="#">nightbird</a>,
      <a rel="author" href="#">owlet (owl)</a></div>
    <p>Summary</p>
    <blockquote class="userstuff">
      <p>She carries a lantern.</p><p>He follows &amp; grumbles.</p>
    </blockquote>
    <p>Notes</p>
    <blockquote class="userstuff"><p>For the Fag End prompt: "Light".</p></blockquote>
    <div class="endnote-link">See the end of the work for more <a href="#endnotes">notes</a></div>
  </div>
</div>
"""

CHAPTERS = """
<div id="chapters" class="userstuff">
  <div class="meta group">
    <h2 class="heading">Chapter 1: Dusk</h2>
    <p>Chapter Notes</p>
    <blockquote class="userstuff"><p>Set after season seven.</p></blockquote>
  </div>
  <!--chapter content-->
  <div class="userstuff">
    <p>The lantern swung.</p>
    <p>Spike said <em>nothing</em> for once.</p>
  </div>
  <!--/chapter content-->
  <div class="meta" id="endnotes1">
    <p>Chapter End Notes</p>
    <blockquote class="userstuff"><p>More soon.</p></blockquote>
  </div>
  <div class="meta group">
    <h2 class="heading">Chapter 2</h2>
  </div>
  <div class="userstuff">
    <p>Dawn came, eventually.</p>
  </div>
</div>
"""

AFTERWORD = """
<div id="afterword">
  <h2 class="toc-heading">Afterword</h2>
  <div class="meta">
    <div id="endnotes">
      <p>End Notes</p>
      <blockquote class="userstuff"><p>Thanks for reading.</p></blockquote>
    </div>
  </div>
  <p class="message">Please drop by the Archive and comment to let the creator know if you
  enjoyed their work!</p>
</div>
"""


def ao3_page(chapters: str = CHAPTERS) -> str:
    return (
        '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "x">\n'
        '<html xmlns="http://www.w3.org/1999/xhtml"><head><meta charset="utf-8"/>'
        "<title>Lanterns Over the Hellmouth - nightbird - Buffy the Vampire Slayer</title>"
        '<style type="text/css">.meta h2 { page-break-before: always; }</style></head>'
        f"<body>{PREFACE}{chapters}{AFTERWORD}</body></html>"
    )


EXPECTED_METADATA = {
    "title": "Lanterns Over the Hellmouth",
    "author": "nightbird, owlet (owl)",
    "rating": "Teen And Up Audiences",
    "warnings": "No Archive Warnings Apply",
    "category": "F/M",
    "fandoms": "Buffy the Vampire Slayer",
    "relationships": "Buffy Summers/Spike",
    "characters": "Buffy Summers, Spike (Buffy the Vampire Slayer)",
    "tags": "Fluff, Lanterns, Post-Canon",
    "language": "English",
    "series": "Part 2 of Small Lights",
    "word_count": "1234",
    "chapters": "2/2",
    "summary": "She carries a lantern.\n\nHe follows & grumbles.",
    "notes": 'For the Fag End prompt: "Light".',
    "end notes": "Thanks for reading.",
    "chapter 1 notes": "Set after season seven.",
    "chapter 1 end notes": "More soon.",
}


def test_it_maps_ao3_html_metadata_to_header_labels():
    document = read_document("lanterns.html", ao3_page().encode())

    assert document.format == "ao3-html"
    assert document.metadata == EXPECTED_METADATA


def test_it_makes_each_ao3_chapter_a_chapter_with_its_text():
    document = read_document("lanterns.html", ao3_page().encode())

    assert [c.title for c in document.chapters] == ["Dusk", ""]
    first, second = document.chapters
    assert [b.text for b in first.blocks] == ["The lantern swung.", "Spike said nothing for once."]
    assert "<em>nothing</em>" in first.blocks[1].html
    assert [b.text for b in second.blocks] == ["Dawn came, eventually."]


def test_it_reads_a_single_chapter_ao3_download():
    single = (
        '<div id="chapters" class="userstuff">'
        '<div class="userstuff"><p>Only one.</p>\n<p>Two.</p></div></div>'
    )

    document = read_ao3_html(ao3_page(single))

    assert len(document.chapters) == 1
    assert [b.text for b in document.chapters[0].blocks] == ["Only one.", "Two."]
    assert document.metadata["title"] == "Lanterns Over the Hellmouth"


def test_it_reads_a_byline_without_author_links():
    page = re.sub(
        r'<div class="byline">.*?</div>',
        '<div class="byline">by Anonymous</div>',
        ao3_page(),
        flags=re.S,
    )

    assert read_ao3_html(page).metadata["author"] == "Anonymous"


def test_it_leaves_plain_html_to_the_html_reader():
    page = "<html><body><p>Title: Not AO3</p><p>Story.</p></body></html>"

    assert not is_ao3_html(page)
    assert read_document("story.html", page.encode()).format in ("html", "lj-html")


def test_it_refuses_an_ao3_download_without_text():
    empty = '<div id="chapters" class="userstuff"></div>'

    with pytest.raises(ImportError_, match="no story text"):
        read_ao3_html(ao3_page(empty))


# -- EPUB: AO3's HTML put through calibre: split into files, classes renamed ------------------


def calibre_split(page_part: str) -> str:
    """calibre's renaming of classes: "userstuff" -> "userstuff1", "meta group" -> "meta"."""
    return (
        page_part.replace('class="userstuff"', 'class="userstuff1"')
        .replace('class="meta group"', 'class="meta2"')
        .replace('class="heading"', 'class="heading1"')
    )


def ao3_epub(metadata: str | None = None) -> bytes:
    chapter_one, chapter_two = CHAPTERS.split(
        '<div class="meta group">\n    <h2 class="heading">Chapter 2'
    )
    documents = [
        ("id1", "Lanterns_split_000.xhtml", xhtml(calibre_split(PREFACE))),
        ("id2", "Lanterns_split_001.xhtml", xhtml(calibre_split(chapter_one + "</div>"))),
        (
            "id3",
            "Lanterns_split_002.xhtml",
            xhtml(
                calibre_split(
                    '<div class="userstuff"><div class="meta group">\n    '
                    + '<h2 class="heading">Chapter 2'
                    + chapter_two
                )
            ),
        ),
        ("id4", "Lanterns_split_003.xhtml", xhtml(calibre_split(AFTERWORD))),
    ]
    if metadata is None:
        metadata = (
            "<dc:title>Lanterns Over the Hellmouth</dc:title><dc:creator>nightbird</dc:creator>"
            "<dc:publisher>Archive of Our Own</dc:publisher>"
            "<dc:subject>Fanworks</dc:subject><dc:subject>Fluff</dc:subject>"
        )
    return make_epub(documents, metadata=metadata)


def test_it_reads_an_ao3_epub_like_its_html():
    document = read_document("lanterns.epub", ao3_epub())

    assert document.format == "ao3-epub"
    assert document.metadata == EXPECTED_METADATA
    assert [c.title for c in document.chapters] == ["Dusk", ""]
    assert [b.text for b in document.chapters[0].blocks] == [
        "The lantern swung.",
        "Spike said nothing for once.",
    ]
    assert [b.text for b in document.chapters[1].blocks] == ["Dawn came, eventually."]


def test_it_knows_an_ao3_epub_by_its_preface_without_a_publisher():
    document = read_document("lanterns.epub", ao3_epub(metadata="<dc:title>Lanterns</dc:title>"))

    assert document.format == "ao3-epub"
    assert document.metadata["fandoms"] == "Buffy the Vampire Slayer"


def test_it_reads_an_ao3_epub_of_another_layout_as_a_plain_epub():
    documents = [
        ("chapter0", "chapter0.xhtml", xhtml("<h2>Chapter 1</h2><p>Old layout.</p>")),
        ("chapter1", "chapter1.xhtml", xhtml("<h2>Chapter 2: Later</h2><p>More.</p>")),
    ]
    metadata = "<dc:title>Old</dc:title><dc:publisher>Archive of Our Own</dc:publisher>"

    document = read_document("old.epub", make_epub(documents, metadata=metadata))

    assert document.format == "epub"
    assert [(c.title, [b.text for b in c.blocks]) for c in document.chapters] == [
        ("", ["Old layout."]),
        ("Later", ["More."]),
    ]
