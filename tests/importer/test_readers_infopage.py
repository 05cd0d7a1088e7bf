"""EPUBs made by other tools: their title/information and notes pages are metadata."""

from ficfest.importer.headers import split_header
from ficfest.importer.readers.epub import read_epub
from ficfest.importer.services.fields import work_complete
from tests.importer.readers_builders import make_epub, xhtml

_INFO = xhtml(
    "<h1>Hunted</h1><p><b>By: Bex-chan</b></p><p>A summary.</p><p>Status: In-Progress</p>"
    "<p>Chapters: 2/?</p><p>Rated: Fiction M - Language: English - Genre: Romance/Hurt/Comfort"
    " - Characters: Draco M., Hermione G. - Category: Harry Potter</p>"
)
_CHAPTER = xhtml("<h2>Changes</h2><p>A/N: first fic.</p><p>Disclaimer: not mine.</p>"
                 "<p>Chapter 1: Changes.</p><p>He scowled.</p>")  # fmt: skip


def test_it_reads_an_information_page_as_metadata_not_a_chapter():
    data = make_epub([
        ("intro", "introduction.xhtml", _INFO),
        ("notes", "notes.xhtml", xhtml("<h2>Notes:</h2><p>Please read.</p>")),
        ("c1", "chap_1.xhtml", _CHAPTER),
        ("c2", "chap_2.xhtml", xhtml("<h2>Meetings</h2><p>She frowned.</p>")),
    ])  # fmt: skip
    document = read_epub(data)
    assert [chapter.title for chapter in document.chapters] == ["Changes", "Meetings"]
    header, _ = split_header(document)
    fields = header.fields
    assert fields["title"] == "A Story"  # the package's
    assert fields["rating"] == "Fiction M"
    assert fields["fandoms"] == "Harry Potter"
    assert fields["characters"] == "Draco M., Hermione G."
    assert fields["genre"] == "Romance, Hurt/Comfort"
    assert fields["notes"] == "Please read.\n\nfirst fic."
    assert work_complete(header) is False
