import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ficfest.importer.document import Block, SourceChapter, SourceDocument
from ficfest.importer.headers import LABELS, Header, map_rating, split_header
from ficfest.importer.prompts import PromptRef
from ficfest.importer.readers.html import read_html
from ficfest.importer.readers.text import read_markdown, read_text
from ficfest.works.models import Rating


def _split(text, reader=read_text):
    header, story = split_header(reader(text))
    return header, [block.text for block in story.chapters[0].blocks] if story.chapters else []


# -- ratings -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "rating"),
    [
        *((raw, "explicit") for raw in ("NC-17", "nc17", "NC 17", "x", "XXX", "MA", "Explicit")),
        *((raw, "mature") for raw in ("R", "r", "M", "Mature", "R (for violence)")),
        *((raw, "teen") for raw in ("PG-13", "pg13", "PG-15", "T", "Teen", "teen and up")),
        ("Teen And Up Audiences", "teen"),
        ("PG-13 for language", "teen"),
        ("Rated PG-13", "teen"),
        *((raw, "general") for raw in ("PG", "G", "K", "K+", "general", "Gen", "G ")),
        ("General Audiences", "general"),
        ("Not Rated", "not_rated"),
        ("unrated", "not_rated"),
        ("**PG**", "general"),
    ],
)
def test_it_maps_ratings_as_ao3_does(raw, rating):
    assert map_rating(raw) == rating
    assert rating in Rating.values


@pytest.mark.parametrize("raw", ["", "spicy", "7/10", "Perhaps"])
def test_it_maps_an_unknown_rating_to_none(raw):
    assert map_rating(raw) is None
    assert map_rating("Teen") == Rating.TEEN  # the same call does map a known one


# -- labels --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("label", "field"),
    [
        ("Title", "title"),
        ("Author", "creators"), ("Creator", "creators"), ("Writer", "creators"),
        ("By", "creators"), ("Artist", "creators"), ("Written by", "creators"),
        ("Fandom", "fandoms"), ("Fandoms", "fandoms"),
        ("Rating", "rating"), ("Rated", "rating"),
        ("Pairing", "relationships"), ("Pairings", "relationships"), ("Ship", "relationships"),
        ("Relationship", "relationships"), ("Relationships", "relationships"),
        ("Pairing(s)", "relationships"),
        ("Character", "characters"), ("Characters", "characters"),
        ("Warning", "warnings"), ("Warnings", "warnings"), ("Archive Warnings", "warnings"),
        ("Content Warnings", "warnings"), ("Warning(s)", "warnings"),
        ("Category", "category"), ("Categories", "category"),
        ("Genre", "genre"),
        ("Summary", "summary"),
        ("Prompt", "prompt"), ("Challenge", "prompt"),
        ("Word count", "word_count"), ("Words", "word_count"), ("Wordcount", "word_count"),
        ("Setting", "setting"), ("Era", "setting"), ("Timeline", "setting"),
        ("Spoilers", "spoilers"),
        ("Beta", "beta"), ("Beta reader", "beta"),
        ("Disclaimer", "disclaimer"),
        ("A/N", "notes"), ("AN", "notes"), ("Author's Note", "notes"), ("Authors Note", "notes"),
        ("Author’s Notes", "notes"), ("Notes", "notes"), ("Note", "notes"),
        ("Feedback", "feedback"),
        ("Archive", "archive"), ("Archiving", "archive"),
    ],
)  # fmt: skip
@pytest.mark.parametrize("case", [str, str.lower, str.upper])
def test_it_reads_each_label_spelling(label, field, case):
    header, story = _split(f"{case(label)}: the value\n\nThe story.")
    assert header.fields == {field: "the value"}
    assert story == ["The story."]


def test_it_knows_the_canonical_names_as_labels():
    for name in ("title", "creators", "relationships", "word_count", "notes"):
        assert LABELS[name] == name


@pytest.mark.parametrize("separator", [": ", " : ", ":", " - ", " -- ", " – ", " — ", "\t", "："])
def test_it_reads_the_separators_after_known_labels(separator):
    header, _ = _split(f"Title{separator}Eventide\n\nStory.")
    assert header.fields == {"title": "Eventide"}


def test_it_reads_a_dash_only_after_a_known_label():
    header, story = _split("Summary: X\nDedication - for Sam\n\nStory.")
    assert header.fields == {"summary": "X\nDedication - for Sam"}  # a continuation
    assert header.unknown == []
    header, story = _split("Title: X\nDedication - for Sam\n\nStory.")
    assert header.fields == {"title": "X"}
    assert story == ["Dedication - for Sam", "Story."]
    header, story = _split("Buffy - she was tired.\n\nStory.")
    assert header == Header()
    assert story == ["Buffy - she was tired.", "Story."]


@pytest.mark.parametrize(
    "line",
    ["**Title:** X", "**Title**: X", "__Title:__ X", "*Title:* X", "[Title] : X", "> Title: X"],
)
def test_it_reads_labels_wrapped_in_emphasis(line):
    header, _ = _split(f"{line}\n\nStory.", reader=read_markdown)
    assert header.fields == {"title": "X"}


def test_it_reads_numbered_prompt_labels():
    header, _ = _split("Prompt #12: a puppy\n\nStory.")
    assert header.fields == {"prompt": "a puppy"}
    assert header.prompt_ref == PromptRef("", "a puppy")


# -- values --------------------------------------------------------------------------------


def test_it_continues_a_value_over_the_following_lines():
    header, story = _split("Summary: one\ntwo\nthree\nRating: G\n\nStory.")
    assert header.fields == {"summary": "one\ntwo\nthree", "rating": "G"}
    assert story == ["Story."]


def test_it_continues_a_one_line_field_only_when_indented():
    header, story = _split("Title: A Long\n    Title\nRating: G\nThe story starts.\n\nMore.")
    assert header.fields == {"title": "A Long\nTitle", "rating": "G"}
    assert story == ["The story starts.", "More."]


def test_it_takes_the_next_line_for_a_label_without_a_value():
    header, _ = _split("Title:\nX\nSummary:\nS\n\nStory.")
    assert header.fields == {"title": "X", "summary": "S"}


def test_it_takes_the_next_paragraph_for_a_label_alone_in_its_block():
    html = "<h3>Summary:</h3><blockquote>A walk.</blockquote><p>Story.</p>"
    header, story = _split(html, reader=read_html)
    assert header.fields == {"summary": "A walk."}
    assert story == ["Story."]


def test_it_does_not_take_the_story_for_an_empty_title_or_warning():
    header, story = _split("Title:\nWarnings:\n\nStory.")
    assert header.fields == {}
    assert story == ["Story."]


def test_it_joins_repeated_labels():
    header, _ = _split(
        "Title: One\nTitle: Two\nPairing: A/B\nPairing: C/D\nA/N: first\nNotes: second\n\nS."
    )
    assert header.fields == {
        "title": "One",
        "relationships": "A/B, C/D",
        "notes": "first\n\nsecond",
    }


def test_it_unquotes_the_title_and_prompt():
    header, _ = _split('Title: "Quoted"\nPrompt: “Also quoted”\n\nStory.')
    assert header.fields == {"title": "Quoted", "prompt": "Also quoted"}


def test_it_keeps_values_typography_as_written():
    header, _ = _split("Disclaimer: Not mine… “really”\n\nStory.")
    assert header.fields["disclaimer"] == "Not mine… “really”"


# -- where the header ends -----------------------------------------------------------------


@pytest.mark.parametrize("separator", ["---", "***", "~~~", "* * *", "=====", "xXx", "-~-~-~-"])
def test_it_ends_the_header_at_a_separator(separator):
    header, story = _split(f"Title: X\nSummary: S\n{separator}\nStory line.\n\nMore.")
    assert header.fields == {"title": "X", "summary": "S"}
    assert story == ["Story line.", "More."]


def test_it_keeps_scene_breaks_in_the_story():
    _, story = _split("Title: X\n\n* * *\n\nOne.\n\n* * *\n\nTwo.")
    assert story == ["One.", "* * *", "Two."]


def test_it_ends_the_header_at_the_first_story_paragraph():
    header, story = _split("Title: X\n\nShe walked in.\n\nRating: G")
    assert header.fields == {"title": "X"}
    assert story == ["She walked in.", "Rating: G"]


def test_it_leaves_a_story_without_a_header_untouched():
    document = read_text("It was late.\n\nShe said: no.")
    header, story = split_header(document)
    assert header == Header()
    assert story.chapters[0].blocks == document.chapters[0].blocks


def test_it_reads_only_the_first_chapter():
    document = SourceDocument(
        format="epub",
        chapters=[
            SourceChapter("One", [Block("Title: X"), Block("Story.")]),
            SourceChapter("Two", [Block("Rating: G"), Block("More.")]),
        ],
    )
    header, story = split_header(document)
    assert header.fields == {"title": "X"}
    assert [chapter.title for chapter in story.chapters] == ["One", "Two"]
    assert [block.text for block in story.chapters[1].blocks] == ["Rating: G", "More."]


def test_it_drops_a_first_chapter_that_was_only_header():
    document = SourceDocument(
        format="epub",
        chapters=[
            SourceChapter("Preface", [Block("Title: X"), Block("Rating: G")]),
            SourceChapter("One", [Block("Story.")]),
        ],
    )
    header, story = split_header(document)
    assert header.fields == {"title": "X", "rating": "G"}
    assert [chapter.title for chapter in story.chapters] == ["One"]


def test_it_does_not_change_the_document_it_is_given():
    document = read_text("Title\nRating: G\n\nStory.")
    before = [block.text for block in document.chapters[0].blocks]
    split_header(document)
    assert [block.text for block in document.chapters[0].blocks] == before


def test_it_reads_nothing_from_an_empty_document():
    header, story = split_header(SourceDocument(format="txt", chapters=[]))
    assert header == Header()
    assert story.chapters == []


# -- unknown labels ------------------------------------------------------------------------


def test_it_keeps_unknown_labels_in_a_header_block():
    header, story = _split("Title: X\nDedication: for Sam\nMood: sleepy\n\nStory.")
    assert header.fields == {"title": "X"}
    assert header.unknown == [("Dedication", "for Sam"), ("Mood", "sleepy")]
    assert story == ["Story."]


@pytest.mark.parametrize(
    "line",
    [
        "She said: no",  # story, not a label: no known label in its block
        "Buffy: Hi.",
        "Note to self and everyone else: hi",  # too many words
        "lowercase: x",
        "http://example.org",
    ],
)
def test_it_does_not_take_story_lines_for_unknown_labels(line):
    header, story = _split(f"{line}\n\nMore story.")
    assert header == Header()
    assert story == [line, "More story."]


def test_it_does_not_take_a_url_for_a_label_inside_a_header():
    header, _ = _split("Title: X\nhttp://example.org/x\n\nStory.")
    assert header.fields == {"title": "X"}
    assert header.unknown == []


def test_it_keeps_a_block_of_unknown_labels_only_before_more_header():
    header, story = _split("Title: X\n\nDedication: Sam\n\nRating: G\n\nStory.")
    assert header.unknown == [("Dedication", "Sam")]
    assert story == ["Story."]
    header, story = _split("Title: X\n\nBuffy: Hi.\n\nSpike: Hello.")
    assert header.unknown == []
    assert story == ["Buffy: Hi.", "Spike: Hello."]


# -- lines without labels ------------------------------------------------------------------


def test_it_reads_a_title_line_and_a_by_line():
    header, story = _split("The Long Way\nby Ash\nRating: R\n\nStory.")
    assert header.fields == {"title": "The Long Way", "creators": "Ash", "rating": "R"}
    assert story == ["Story."]


def test_it_reads_a_title_block_then_a_by_block():
    header, story = _split("The Long Way\n\nby Ash\n\nStory.")
    assert header.fields == {"title": "The Long Way", "creators": "Ash"}
    assert story == ["Story."]


def test_it_does_not_take_a_short_first_paragraph_for_a_title():
    header, story = _split("It was dark.\n\nShe waited.")
    assert header == Header()
    assert story == ["It was dark.", "She waited."]


def test_it_prefers_a_title_label_to_a_title_line():
    header, _ = _split("Heading\nTitle: Real\n\nStory.")
    assert header.fields == {"title": "Real"}


def test_it_reads_a_first_html_heading_as_the_title():
    header, story = _split("<h1>Dusk</h1><p>It was dark.</p>", reader=read_html)
    assert header.fields == {"title": "Dusk"}
    assert story == ["It was dark."]


def test_it_does_not_read_a_chapter_heading_as_the_title():
    header, story = split_header(read_html("<h2>Chapter 1</h2><p>It was dark.</p>"))
    assert header == Header()
    assert [block.text for block in story.chapters[0].blocks] == ["It was dark."]


def test_it_reads_a_first_chapter_line_as_a_chapter_title_not_a_label():
    header, story = split_header(read_text("Chapter 1: The Beginning\n\nMore story."))
    assert header == Header()
    assert story.chapters[0].title == "The Beginning"
    assert [block.text for block in story.chapters[0].blocks] == ["More story."]


def test_it_reads_a_short_prompt_reference_line_as_a_note():
    header, story = _split("Written for the Fag Ends prompt: “Dusk”\n\nIt was dark.")
    assert header.fields == {"notes": "Written for the Fag Ends prompt: “Dusk”"}
    assert header.prompt_ref == PromptRef("Fag Ends", "Dusk")
    assert story == ["It was dark."]


# -- HTML ----------------------------------------------------------------------------------


def test_it_reads_bold_labels_in_html():
    html = "<p><b>Title:</b> X<br><strong>Rating:</strong> G<br><u>Pairing</u>: A/B</p><p>S.</p>"
    header, story = _split(html, reader=read_html)
    assert header.fields == {"title": "X", "rating": "G", "relationships": "A/B"}
    assert story == ["S."]


def test_it_reads_a_table_header():
    html = "<table><tr><td>Title</td><td>X</td></tr><tr><td>Rating:</td><td>G</td></tr></table>"
    header, story = _split(html + "<p>Story.</p>", reader=read_html)
    assert header.fields == {"title": "X", "rating": "G"}
    assert story == ["Story."]


def test_it_keeps_the_html_of_a_block_the_story_starts_in():
    html = "<p class='s'><b>Title:</b> X<br><b>Rating:</b> G<br>She <i>ran</i>.<br>Far.</p>"
    header, story = split_header(read_html(html))
    assert header.fields == {"title": "X", "rating": "G"}
    first = story.chapters[0].blocks[0]
    assert first.text == "She ran.\nFar."
    assert first.html == '<p class="s">She <i>ran</i>.<br>Far.</p>'


def test_it_goes_past_a_banner_image_to_the_header():
    html = '<p><img src="b.png"></p><p>Title: X</p><hr><p>Story.</p>'
    header, story = _split(html, reader=read_html)
    assert header.fields == {"title": "X"}
    assert story == ["Story."]


def test_it_keeps_a_leading_image_when_no_header_follows():
    html = '<p><img src="b.png"></p><p>Story.</p>'
    _, story = _split(html, reader=read_html)
    assert story == ["", "Story."]


# -- metadata and prompt references ----------------------------------------------------------


def test_it_fills_in_from_the_metadata_under_the_header():
    document = read_text("Title: From the header\n\nStory.")
    document.metadata = {
        "title": "From the metadata",
        "author": "meta",
        "Relationships": "A/B",
        "word_count": "12",
        "language": "English",
    }
    header, _ = split_header(document)
    assert header.fields == {
        "title": "From the header",
        "creators": "meta",
        "relationships": "A/B",
        "word_count": "12",
    }
    assert header.unknown == [("language", "English")]


def test_it_prefers_the_metadata_title_to_a_guessed_one():
    document = read_markdown("# Heading\n\nStory.")
    document.metadata = {"title": "Front matter"}
    header, story = split_header(document)
    assert header.fields == {"title": "Front matter"}
    assert [block.text for block in story.chapters[0].blocks] == ["Story."]


def test_it_takes_the_prompt_from_the_prompt_label_and_the_community_from_the_notes():
    header, _ = _split("Prompt: rain\nA/N: Written for the Fag Ends challenge.\n\nStory.")
    assert header.prompt_ref == PromptRef("Fag Ends", "rain")


def test_it_takes_the_community_from_a_challenge_or_community_line():
    header, _ = _split("Challenge: Fag Ends #3\nPrompt: rain\n\nStory.")
    assert header.fields == {"prompt": "rain"}
    assert header.unknown == [("Challenge", "Fag Ends #3")]
    assert header.prompt_ref == PromptRef("Fag Ends", "rain")
    header, _ = _split("Community: fag_ends\nPrompt: #4 - rain\n\nStory.")
    assert header.prompt_ref == PromptRef("fag_ends", "rain")


def test_it_takes_a_challenge_alone_as_the_prompt_field():
    header, _ = _split("Challenge: Summer of Spike\n\nStory.")
    assert header.fields == {"prompt": "Summer of Spike"}
    assert header.prompt_ref == PromptRef("Summer of Spike", "")


def test_it_reads_a_written_for_line():
    header, _ = _split('Written for: the Fag Ends prompt "Dusk"\n\nStory.')
    assert header.prompt_ref == PromptRef("Fag Ends", "Dusk")


def test_it_finds_the_reference_in_the_disclaimer_or_summary():
    header, _ = _split('Summary: A walk. Fill for the Fag End prompt: "Dusk"\n\nStory.')
    assert header.prompt_ref == PromptRef("Fag End", "Dusk")


def test_it_finds_the_community_in_an_end_note():
    header, story = _split("Story.\n\nWritten for the Fag Ends prompt: 'Dusk'")
    assert header.prompt_ref == PromptRef("Fag Ends", "Dusk")
    assert story == ["Story.", "Written for the Fag Ends prompt: 'Dusk'"]


def test_it_has_no_reference_when_nothing_names_one():
    header, story = _split("Title: X\nA/N: thanks to my beta\n\nStory.")
    assert header.prompt_ref is None
    assert story == ["Story."]


_LINES = st.lists(
    st.one_of(
        st.sampled_from(
            ["Title: X", "Rating: PG", "A/N: Fill for the Fag End prompt: \"Y\"", "", "", "---",
             "* * *", "Dedication: Sam", "by Ash", "She said: no", "    indented", "Summary:",
             "Chapter 1: Z", "Prompt #3: rain", "Story line.", "# Heading"]
        ),
        st.text(max_size=40),
    ),
    max_size=25,
).map("\n".join)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(_LINES)
def test_it_splits_any_text_into_a_header_and_the_rest_of_it(text):
    for reader in (read_text, read_markdown):
        document = reader(text)
        _, story = split_header(document)
        original = [block.text for block in document.chapters[0].blocks]
        rest = [block.text for block in story.chapters[0].blocks] if story.chapters else []
        # The story is the end of the text: whole blocks, the first maybe cut.
        assert len(rest) <= len(original)
        if rest:
            assert rest[1:] == original[len(original) - len(rest) + 1 :]
            assert rest[0] in original[len(original) - len(rest)]
