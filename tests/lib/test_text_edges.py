"""The edges of text handling a reader or creator would notice: what browsers send, what the
sanitiser must strip, and how words are counted in HTML and in scripts without spaces."""

import pytest

from ficfest.lib.text import TextFormat, html_word_count, render, sanitise, word_count

REL = 'rel="nofollow noopener noreferrer"'


def test_it_reads_crlf_from_browsers_as_plain_line_breaks():
    html = render("Spike lit one.\r\nBuffy watched.\r\n\r\nThe end.", TextFormat.PLAIN)
    assert html == "<p>Spike lit one.<br>\nBuffy watched.</p>\n<p>The end.</p>"


def test_it_reads_a_lone_cr_as_a_line_break():
    html = render("Spike lit one.\rBuffy watched.\r\rThe end.", TextFormat.PLAIN)
    assert html == "<p>Spike lit one.<br>\nBuffy watched.</p>\n<p>The end.</p>"


def test_it_parts_paragraphs_at_a_line_of_spaces():
    assert render("one\n  \t \ntwo", TextFormat.PLAIN) == "<p>one</p>\n<p>two</p>"


def test_it_makes_no_empty_paragraph_of_blank_space():
    assert render("one\n\n   \n\ntwo", TextFormat.PLAIN) == "<p>one</p>\n<p>two</p>"


def test_it_keeps_quotes_in_plain_text_as_typed():
    assert render('She said "hi" & left', TextFormat.PLAIN) == '<p>She said "hi" &amp; left</p>'


def test_it_marks_links_so_they_pass_no_ranking_or_opener():
    html = sanitise('<a href="https://example.org/">home</a>')
    assert html == f'<a href="https://example.org/" {REL}>home</a>'


def test_it_keeps_mailto_links():
    html = sanitise('<a href="mailto:spike@example.org">write</a>')
    assert html == f'<a href="mailto:spike@example.org" {REL}>write</a>'


@pytest.mark.parametrize(
    "url", ["javascript:alert(1)", "data:text/html,<b>x</b>", "tel:+15550100", "ftp://x.org/f"]
)
def test_it_drops_links_of_other_schemes(url):
    assert sanitise(f'<a href="{url}">here</a>') == f"<a {REL}>here</a>"


def test_it_drops_html_comments():
    assert render("Seen<!-- a note to self -->.", TextFormat.HTML) == "Seen."


def test_it_drops_style_attributes():
    rendered = render('<p style="color: red" class="x">r</p>', TextFormat.HTML)
    assert rendered == '<p class="user-x">r</p>'


def test_it_keeps_markdown_characters_literal_in_html():
    assert render("<p>*stars* and _lines_</p>", TextFormat.HTML) == "<p>*stars* and _lines_</p>"


def test_it_keeps_safe_raw_html_inside_markdown_and_strips_the_rest():
    html = render("<em>raw</em> and *marked*<script>alert(1)</script>", TextFormat.MARKDOWN)
    assert html.strip() == "<p><em>raw</em> and <em>marked</em></p>"


@pytest.mark.parametrize("name", ["", "aaa", "htm", "n", "rich", "zzz", "PLAIN", "markdownx"])
def test_it_refuses_an_unknown_text_format(name):
    with pytest.raises(ValueError, match="unknown text format"):
        render("text", name)


@pytest.mark.parametrize(
    ("html", "words"),
    [
        ("<p>a</p><p>b</p>", 2),
        ("one<br>two", 2),
        ("one<br/>two", 2),
        ("one<BR />two", 2),
        ("<li>a</li><li>b</li>", 2),
        ("<h1>Title</h1><div>text</div>", 2),
        ("salt &amp; pepper", 2),
        ("Tom&amp;Jerry", 1),
        ("<p>   </p>", 0),
    ],
)
def test_it_counts_words_of_html_as_a_reader_sees_them(html, words):
    assert html_word_count(html) == words


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("abc日本", 3),
        ("แมวดำ", 5),  # Thai, written without spaces
        ("ひらがな", 4),
        ("カタカナ", 4),
        ("ㇰㇱ", 2),  # Katakana phonetic extensions
        ("한국어", 3),
        ("𠀀𠀁", 2),  # Han extension B
        ("Spike 日本 and", 4),
    ],
)
def test_it_counts_each_character_of_scripts_without_spaces(text, words):
    assert word_count(text) == words
