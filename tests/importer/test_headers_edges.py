"""The edges of header reading: the limits on a label the importer does not know (length,
words, capital, links, chapter lines), labels with a note or a number after them, quotes around
a value, values running over two lines, and a header in preformatted text."""

import pytest

from ficfest.importer.document import Block, SourceChapter
from ficfest.importer.headers import map_rating, split_header
from ficfest.importer.prompts import PromptRef
from ficfest.importer.readers.html import read_html
from ficfest.importer.readers.text import read_markdown, read_text


def _split(text, reader=read_text):
    header, story = split_header(reader(text))
    return header, [block.text for block in story.chapters[0].blocks]


# -- unknown labels: kept only where they cannot be the story -----------------------------


def _after_title(line):
    """A header of one known (single-line) label, then ``line``, then the story."""
    return _split(f"Title: Dusk\n{line}\n\nIt was dark.")


@pytest.mark.parametrize(
    "label",
    [
        "Thanks Go To",  # three words
        "D" + "e" * 29,  # thirty characters
        "Dedication",
    ],
)
def test_it_keeps_a_short_capitalised_unknown_label_in_the_header(label):
    header, story = _after_title(f"{label}: for Ann")
    assert header.unknown == [(label, "for Ann")]
    assert story == ["It was dark."]


@pytest.mark.parametrize(
    "line",
    [
        "Dedicated To My Friend: Ann",  # four words
        "D" + "e" * 30 + ": for Ann",  # thirty-one characters, one word
        "Dedicated to Annabelle Brightwater: x",  # 35 characters, three words
        "dedication: for Ann",  # not capitalised
        "Https://example.org/dusk",  # a link
    ],
)
def test_it_begins_the_story_at_a_line_that_cannot_be_a_label(line):
    header, story = _after_title(line)
    assert header.fields == {"title": "Dusk"}
    assert header.unknown == []
    assert story == [line, "It was dark."]


def test_it_begins_the_story_at_its_first_chapter_line():
    header, story = split_header(read_text("Title: Dusk\nChapter One: Night falls\n\nIt was dark."))
    assert header.fields == {"title": "Dusk"}
    assert story.chapters[0].title == "Night falls"
    assert [block.text for block in story.chapters[0].blocks] == ["It was dark."]


# -- labels with a note or a number after them ----------------------------------------------


def test_it_reads_a_label_with_a_note_in_parentheses():
    header, story = _split("Notes (please read): Be kind.\n\nIt was dark.")
    assert header.fields == {"notes": "Be kind."}
    assert story == ["It was dark."]


@pytest.mark.parametrize("label", ["Prompt 3", "Prompt #12", "Prompt no. 7"])
def test_it_reads_a_numbered_label(label):
    header, story = _split(f"{label}: Rain\n\nIt was dark.")
    assert header.fields == {"prompt": "Rain"}
    assert story == ["It was dark."]


def test_it_maps_a_rating_by_its_first_word():
    assert map_rating("NC-17 overall") == "explicit"
    assert map_rating("PG-13 mostly") == "teen"


# -- quotes around a value ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "title"),
    [
        ('"A"', "A"),
        ("“Dusk”", "Dusk"),
        ('""', '""'),  # nothing inside: kept as written
        ('"Hello" and "Goodbye"', '"Hello" and "Goodbye"'),
        ('"Dusk""', '"Dusk""'),
        ('""Dusk"', '""Dusk"'),
    ],
)
def test_it_unquotes_only_a_value_wholly_inside_one_pair_of_quotes(written, title):
    header, _ = _split(f"Title: {written}\nRating: G\n\nIt was dark.")
    assert header.fields == {"title": title, "rating": "G"}


# -- values over two lines, headers in preformatted text -----------------------------------


def test_it_names_the_community_from_the_first_line_of_its_value():
    header, story = _split("Community: Fag Ends\n  (on Dreamwidth)\nPrompt: Rain\n\nIt was dark.")
    assert header.prompt_ref is not None
    assert (header.prompt_ref.community, header.prompt_ref.prompt) == ("Fag Ends", "Rain")
    assert story == ["It was dark."]


def test_it_keeps_the_story_of_a_preformatted_header_block_as_written():
    html = '<pre>Title: Dusk\nRating: G\nShe said "hi" &amp; ran &lt;3\nFar.</pre>'
    header, story = split_header(read_html(html))
    assert header.fields == {"title": "Dusk", "rating": "G"}
    first = story.chapters[0].blocks[0]
    assert first.text == 'She said "hi" & ran <3\nFar.'
    assert first.html == '<p>She said "hi" &amp; ran &lt;3<br>Far.</p>'


# -- where the header ends -------------------------------------------------------------------


def test_it_takes_a_first_line_as_the_title_when_a_header_block_follows():
    header, story = _split("Dusk\n\nRating: G\nIt was dark.\n\nMore.")
    assert header.fields == {"title": "Dusk", "rating": "G"}
    assert story == ["It was dark.", "More."]


def test_it_reads_on_past_a_separator_when_a_header_block_follows():
    header, story = _split("Title: Dusk\n\n* * *\n\nRating: G\nIt was dark.\n\nMore.")
    assert header.fields == {"title": "Dusk", "rating": "G"}
    assert story == ["It was dark.", "More."]


def test_it_keeps_the_markup_of_a_story_that_begins_under_a_title_line():
    html = '<p class="s">Dusk<br>Rating: G<br>She <i>ran</i>.</p><p>Far.</p>'
    header, story = split_header(read_html(html))
    assert header.fields == {"title": "Dusk", "rating": "G"}
    first = story.chapters[0].blocks[0]
    assert first.html == '<p class="s">She <i>ran</i>.</p>'


def test_it_takes_emphasis_off_a_markdown_value_only():
    header, _ = _split("Summary: *A walk.*\n\nIt was dark.", reader=read_markdown)
    assert header.fields == {"summary": "A walk."}
    header, _ = _split("Summary: *A walk.*\n\nIt was dark.")
    assert header.fields == {"summary": "*A walk.*"}


def test_it_takes_the_prompt_from_the_metadata_when_the_header_names_none():
    document = read_text("Title: Dusk\n\nIt was dark.")
    document.metadata = {"prompt": "Written for the Fag Ends prompt: Rain"}
    header, _ = split_header(document)
    assert header.prompt_ref == PromptRef("Fag Ends", "Rain")


def test_it_keeps_an_image_after_the_header_as_the_story():
    header, story = split_header(read_html('<p>Title: Dusk</p><p><img src="a.png"></p>'))
    assert header.fields == {"title": "Dusk"}
    assert [block.html for block in story.chapters[0].blocks] == ['<p><img src="a.png"></p>']


def test_it_takes_no_heading_of_two_lines_for_a_title():
    html = "<h1>Dusk<br>a story in two parts</h1><p>It was dark.</p>"
    header, story = _split(html, reader=read_html)
    assert header.fields == {}
    assert story == ["Dusk\na story in two parts", "It was dark."]


def test_it_reads_a_block_of_unknown_labels_above_the_header():
    header, story = _split("Dedication: Ann\nwho waited so long\n\nTitle: Dusk\n\nIt was dark.")
    assert header.fields == {"title": "Dusk"}
    assert header.unknown == [("Dedication", "Ann\nwho waited so long")]
    assert story == ["It was dark."]


def _note(length):
    """A prompt reference of exactly ``length`` characters."""
    start = 'Written for the Fag Ends prompt: "'
    return start + "r" * (length - len(start) - 1) + '"'


def test_it_takes_a_prompt_reference_of_up_to_300_characters_as_a_note():
    header, story = _split(_note(300) + "\n\nIt was dark.")
    assert header.fields == {"notes": _note(300)}
    assert story == ["It was dark."]
    header, story = _split(_note(301) + "\n\nIt was dark.")
    assert header.fields == {}
    assert story == [_note(301), "It was dark."]


def test_it_begins_a_script_style_story_right_under_the_byline():
    header, story = _split("Dusk\nby Ann\nBuffy: Hi.\nSpike: Hello.\n\nThey left.")
    assert header.fields == {"title": "Dusk", "creators": "Ann"}
    assert header.unknown == []
    assert story == ["Buffy: Hi.\nSpike: Hello.", "They left."]


def test_it_reads_no_author_from_a_story_beginning_with_by_after_a_note():
    note = 'Written for the Fag Ends prompt: "Rain"'
    header, story = _split(f"Title: Dusk\n\n{note}\n\nBy the sea, the wind rose.\n\nIt was dark.")
    assert header.fields == {"title": "Dusk", "notes": note}
    assert story == ["By the sea, the wind rose.", "It was dark."]


def _end_note(length):
    """A last paragraph of exactly ``length`` characters that names the community."""
    start, close = "Thanks to everyone who read this far", " Written for the Fag Ends challenge."
    return start + "." * (length - len(start) - len(close)) + close


def test_it_finds_the_community_in_an_end_note_of_up_to_600_characters():
    for length in (400, 600):
        header, _ = _split(f"Title: Dusk\n\nIt was dark.\n\n{_end_note(length)}")
        assert header.prompt_ref == PromptRef("Fag Ends", ""), length
    header, story = _split(f"Title: Dusk\n\nIt was dark.\n\n{_end_note(601)}")
    assert header.prompt_ref is None
    assert story == ["It was dark.", _end_note(601)]


def test_it_reads_no_author_from_a_first_line_beginning_with_by():
    header, story = _split("By the sea, the wind rose.\n\nIt was dark.")
    assert header.fields == {}
    assert story == ["By the sea, the wind rose.", "It was dark."]


def test_it_reads_past_several_separators_to_the_next_header_block():
    header, story = _split("Title: Dusk\n\n* * *\n\n~~~\n\nRating: G\n\nIt was dark.")
    assert header.fields == {"title": "Dusk", "rating": "G"}
    assert story == ["It was dark."]


def test_it_reads_no_header_below_the_opening_lines_of_a_story():
    text = "It was dark.\nShe ran.\n\nTitle: Dusk\n\nMore."
    header, story = _split(text)
    assert header.fields == {}
    assert story == ["It was dark.\nShe ran.", "Title: Dusk", "More."]


@pytest.mark.parametrize("lines", [1, 2, 3])
def test_it_takes_a_prompt_reference_of_up_to_three_lines_as_a_note(lines):
    note = "\n".join(
        ['Written for the Fag Ends prompt: "Rain"', "Thanks to Bea.", "Enjoy!"][:lines]
    )
    header, story = _split(f"{note}\n\nIt was dark.")
    assert header.fields == {"notes": note}
    assert story == ["It was dark."]


def test_it_takes_a_prompt_reference_of_four_lines_for_the_story():
    note = 'Written for the Fag Ends prompt: "Rain"\nThanks to Bea.\nEnjoy!\nLove, Ann'
    header, story = _split(f"{note}\n\nIt was dark.")
    assert header.fields == {}
    assert story == [note, "It was dark."]


def test_it_reads_one_byline_and_begins_the_story_at_the_next_by():
    header, story = _split("Dusk\nby Ann\nby the light of the moon, she waited.\n\nMore.")
    assert header.fields == {"title": "Dusk", "creators": "Ann"}
    assert story == ["by the light of the moon, she waited.", "More."]


def test_it_finds_the_community_in_the_end_note_of_the_last_chapter():
    document = read_text("Title: Dusk\n\nIt was dark.")
    end = [Block("More."), Block("Written for the Fag Ends challenge.")]
    document.chapters.append(SourceChapter(title="Part 2", blocks=end))
    header, story = split_header(document)
    assert header.prompt_ref == PromptRef("Fag Ends", "")
    assert [chapter.title for chapter in story.chapters] == ["", "Part 2"]


def test_it_reads_a_document_whose_last_chapter_is_empty():
    document = read_text("Title: Dusk\n\nIt was dark.\n\nWritten for the Fag Ends challenge.")
    document.chapters.append(SourceChapter(title="Blank page", blocks=[]))
    header, story = split_header(document)
    assert header.fields == {"title": "Dusk"}
    assert [len(chapter.blocks) for chapter in story.chapters] == [2, 0]


def test_it_takes_a_title_line_after_a_leading_separator():
    header, story = _split("* * *\n\nDusk\n\nRating: G\n\nIt was dark.")
    assert header.fields == {"title": "Dusk", "rating": "G"}
    assert story == ["It was dark."]


def test_it_reads_a_document_that_is_only_a_title_and_a_header():
    header, _ = split_header(read_text("Dusk\n\nRating: G"))
    assert header.fields == {"title": "Dusk", "rating": "G"}


def test_it_reads_on_past_a_label_left_empty():
    header, story = _split("Title: Dusk\nBeta:\nRating: G\n\nIt was dark.")
    assert header.fields == {"title": "Dusk", "rating": "G"}
    assert story == ["It was dark."]


def test_it_reads_on_after_a_note_block():
    note = 'Written for the Fag Ends prompt: "Rain"'
    header, story = _split(f"Title: Dusk\n\n{note}\n\nRating: G\n\nIt was dark.")
    assert header.fields == {"title": "Dusk", "rating": "G", "notes": note}
    assert story == ["It was dark."]


def test_it_reads_on_after_a_summary_in_its_own_paragraph():
    header, story = _split("Summary:\n\nA walk.\n\nRating: G\n\nIt was dark.")
    assert header.fields == {"rating": "G", "summary": "A walk."}
    assert story == ["It was dark."]


@pytest.mark.parametrize("first", ["Chapter 1", "by Ann"])
def test_it_takes_no_chapter_line_or_byline_for_the_title(first):
    header, story = _split(f"{first}\n\nRating: G\n\nIt was dark.")
    assert "title" not in header.fields
    assert story[-1] == "It was dark."


def test_it_takes_a_byline_under_a_title_label_as_the_author():
    header, story = _split("Title: Dusk\nby Ann\nRating: G\n\nIt was dark.")
    assert header.fields == {"title": "Dusk", "creators": "Ann", "rating": "G"}
    assert story == ["It was dark."]


def test_it_takes_a_first_line_of_up_to_120_characters_for_the_title():
    title = "D" + "u" * 119
    header, _ = _split(f"{title}\n\nRating: G\n\nIt was dark.")
    assert header.fields == {"title": title, "rating": "G"}
    header, _ = _split(f"{title}u\n\nRating: G\n\nIt was dark.")
    assert "title" not in header.fields


def test_it_keeps_every_paragraph_under_a_heading_title():
    header, story = _split("<h1>Dusk</h1><p>It was dark.</p><p>More.</p>", reader=read_html)
    assert header.fields == {"title": "Dusk"}
    assert story == ["It was dark.", "More."]


def test_it_reads_a_prompt_reference_written_as_a_label():
    header, _ = split_header(read_text("Fill for prompt: rain\n\nTitle: Waves\n\nThe sea."))
    assert header.prompt_ref is not None and header.prompt_ref.prompt == "rain"
