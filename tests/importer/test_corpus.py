"""Header samples in the conventions fandom used, each with what must be read from it.

Each ``corpus/NN_name.{txt,md,html}`` has a ``NN_name.json`` beside it: the encoding and reader
format, the header fields, the unknown labels, the prompt reference, the story's first line
and its number of blocks. The samples were written for these tests (the seed excepted).
"""

import json
import re
from pathlib import Path

import pytest

from ficfest.importer.encoding import decode
from ficfest.importer.headers import split_header
from ficfest.importer.readers.html import read_html
from ficfest.importer.readers.text import read_markdown, read_text

CORPUS = Path(__file__).parent / "corpus"
READERS = {".txt": read_text, ".md": read_markdown, ".html": read_html}
SAMPLES = sorted(path for path in CORPUS.iterdir() if path.suffix in READERS)


def _read(path):
    text, encoding = decode(path.read_bytes())
    document = READERS[path.suffix](text)
    header, story = split_header(document)
    return encoding, document, header, story


def test_it_has_at_least_thirty_samples_each_with_expectations():
    assert len(SAMPLES) >= 30
    for path in SAMPLES:
        assert path.with_suffix(".json").exists(), path.name


@pytest.mark.parametrize("path", SAMPLES, ids=lambda path: path.stem)
def test_it_reads_the_sample_as_expected(path):
    expected = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
    encoding, document, header, story = _read(path)
    blocks = story.chapters[0].blocks if story.chapters else []
    ref = header.prompt_ref
    assert encoding == expected["encoding"]
    assert document.format == expected["format"]
    assert header.fields == expected["fields"]
    assert [list(item) for item in header.unknown] == expected["unknown"]
    assert (None if ref is None else {"community": ref.community, "prompt": ref.prompt}) == (
        expected["prompt_ref"]
    )
    assert (blocks[0].text.split("\n")[0] if blocks else None) == expected["first_story_line"]
    assert len(blocks) == expected["story_blocks"]


def test_it_keeps_the_seeds_story_paragraphs_exactly():
    """The seed's 15 paragraphs: two header lines, then 13 story paragraphs, byte for byte."""
    path = CORPUS / "01_seed.txt"
    raw = path.read_text(encoding="utf-8")
    paragraphs = [p for p in re.split(r"\n\s*\n", raw) if p.strip()]
    assert len(paragraphs) == 15
    _, _, header, story = _read(path)
    assert header.fields["disclaimer"] == "I do not claim to own, etc…"
    assert "A/N" not in header.fields["notes"]
    assert header.fields["notes"] == paragraphs[1].removeprefix("A/N: ")
    assert header.prompt_ref is not None
    assert header.prompt_ref.community == "Fag End"
    assert header.prompt_ref.prompt == "From the world below, to the world above."
    assert "title" not in header.fields  # the service derives it from the prompt
    texts = [block.text for block in story.chapters[0].blocks]
    assert texts[0].startswith("In the eventide, he meets her.")
    assert texts == paragraphs[2:]


def test_it_ships_the_same_seed_as_the_demo_data():
    demo = Path(__file__).parents[2] / "src" / "ficfest" / "demo" / "seed_fill.txt"
    assert (CORPUS / "01_seed.txt").read_bytes() == demo.read_bytes()


def test_it_keeps_the_lj_story_markup_and_drops_the_page_around_it():
    _, _, _, story = _read(CORPUS / "13_dreamwidth_page.html")
    html = "".join(block.html or "" for block in story.chapters[0].blocks)
    assert "Lovely!" not in html  # a comment
    assert "Links" not in html  # the sidebar
    assert "Tags:" not in html
    assert "<p>" in html and len(story.chapters[0].blocks) > 1


def test_it_keeps_inline_markup_in_the_story_blocks():
    _, _, _, story = _read(CORPUS / "36_html_inline_nested.html")
    blocks = story.chapters[0].blocks
    assert blocks[0].html == (
        "<p>Nothing about the lost-property office was <em>lost</em>, exactly.<br>"
        "It was all just waiting.</p>"
    )
    assert blocks[1].html == "<p><i>Especially the umbrellas.</i></p>"
    assert blocks[2].html == "<p><i>There were so many umbrellas.</i></p>"
