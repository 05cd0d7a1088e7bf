from hypothesis import given
from hypothesis import strategies as st

from ficfest.lib.text import (
    TextFormat,
    normalise,
    plain_html,
    plain_to_html,
    render,
    sanitise,
    word_count,
)


def test_it_counts_words_by_spaces_in_latin_text():
    assert word_count("She could turn around now. Her hand—still") == 7


def test_it_counts_cjk_and_thai_by_characters():
    assert word_count("日本語") == 3
    assert word_count("한국어 text") == 4
    assert word_count("月光下的一首曲子。") == 8


def test_it_ignores_lone_punctuation():
    assert word_count("Wait — what … ?") == 2


def test_it_renders_plain_text_paragraphs_and_line_breaks():
    assert render("one\ntwo\n\nthree", TextFormat.PLAIN) == "<p>one<br>\ntwo</p>\n<p>three</p>"


def test_it_escapes_markup_in_plain_text():
    assert render("<b>bold</b> & co", TextFormat.PLAIN) == "<p>&lt;b&gt;bold&lt;/b&gt; &amp; co</p>"


def test_it_renders_markdown():
    assert render("*soft*", TextFormat.MARKDOWN).strip() == "<p><em>soft</em></p>"


def test_it_strips_hostile_html():
    html = render(
        '<p onclick="x()">hi<script>alert(1)</script><a href="javascript:alert(1)">a</a>'
        '<img src=x onerror=alert(1)><style>body{}</style><iframe src="//evil"></iframe></p>',
        TextFormat.HTML,
    )
    for bad in ["onclick", "<script", "javascript:", "onerror", "<style", "<iframe"]:
        assert bad not in html
    assert html.startswith("<p>hi<a ") and ">a</a><img " in html


def test_it_keeps_typographic_punctuation_and_composes_characters():
    assert render("etc… “quoted” cafe\u0301", TextFormat.PLAIN) == "<p>etc… “quoted” café</p>"


@given(st.text())
def test_it_never_lets_a_script_tag_through(raw):
    for fmt in TextFormat.values:
        out = render(raw + "<script>x</script>", fmt).lower()
        assert "<script" not in out
        assert out == sanitise(out).lower()


@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=200))
def test_it_sanitises_idempotently(raw):
    once = sanitise(raw)
    assert sanitise(once) == once


@given(st.text(alphabet=st.characters(codec="utf-8") | st.sampled_from("\x00\xa0\n <>&"),
               max_size=200))  # fmt: skip
def test_it_renders_plain_text_as_the_sanitiser_would(raw):
    text = normalise(raw)
    assert plain_html(text) == sanitise(plain_to_html(text))
