"""Chapter lines in a story without chapters of its own, in the languages fans write them."""

import pytest

from ficfest.importer.chapterlines import chapter_line
from ficfest.importer.headers import split_header
from ficfest.importer.readers.text import read_text


def _chapters(text):
    header, story = split_header(read_text(text))
    return header, [(c.title, [b.text for b in c.blocks]) for c in story.chapters]


@pytest.mark.parametrize(
    ("line", "read"),
    [
        ("Un : Kiba", (1, "Kiba")),
        ("Chapitre 1 :", (1, "")),
        ("Chapitre deux : Le retour", (2, "Le retour")),
        ("Capítulo 3 - El fin", (3, "El fin")),
        ("Kapitel 4", (4, "")),
        ("Part III", (3, "")),
        ("2. Home", (2, "Home")),
    ],
)
def test_it_reads_chapter_lines(line, read):
    assert chapter_line(line) == read


@pytest.mark.parametrize(
    "line",
    [
        "1. I went to the shop and bought all the bread they had.",
        "Buffy: Hi.",
        "Un jour, il partit.",
    ],
)
def test_it_does_not_take_sentences_for_chapter_lines(line):
    assert chapter_line(line) is None


def test_it_reads_a_french_title_and_chapter_line_below_a_note():
    text = (
        "Note\u00a0: une fic ancienne.\n\nCrise\n\nUn : Kiba\n\nKiba se tassa.\n\n"
        "Deux : Shino\n\nShino vint."
    )
    header, chapters = _chapters(text)
    assert header.fields["title"] == "Crise"
    assert chapters == [("Kiba", ["Kiba se tassa."]), ("Shino", ["Shino vint."])]


def test_it_cuts_nothing_when_the_lines_do_not_count_up_from_one():
    text = "Title: Lists\n\nShe wrote it down.\n\n1. Eggs\n\n2. Milk\n\nThen she left."
    _, chapters = _chapters(text)
    assert len(chapters) == 1
    assert chapters[0][1][1] == "1. Eggs"


def test_it_cuts_nothing_when_the_first_line_is_not_the_first_chapter():
    _, chapters = _chapters("Title: Later\n\nChapter 2\n\nIt went on.")
    assert chapters == [("", ["Chapter 2", "It went on."])]
