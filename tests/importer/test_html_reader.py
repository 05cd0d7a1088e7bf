import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ficfest.importer.document import ImportError_
from ficfest.importer.readers.html import ENTRY_MARKERS, MAX_DEPTH, html_blocks, read_html


def _pairs(html):
    return [(block.text, block.html) for block in html_blocks(html)]


def test_it_makes_a_block_of_each_paragraph():
    assert _pairs("<p>One.</p>\n<p class='x'>Two.</p>") == [
        ("One.", "<p>One.</p>"),
        ("Two.", '<p class="x">Two.</p>'),
    ]


def test_it_reads_a_single_br_as_a_line_break_and_two_as_a_paragraph_break():
    assert _pairs("Line one<br>line two<br />\n<br/>Next paragraph") == [
        ("Line one\nline two", "<p>Line one<br>line two</p>"),
        ("Next paragraph", "<p>Next paragraph</p>"),
    ]


def test_it_parts_a_paragraph_at_two_brs():
    assert _pairs("<p>a<br><br>b</p>") == [("a", "<p>a</p>"), ("b", "<p>b</p>")]


def test_it_ignores_brs_at_the_edges_of_a_block():
    assert _pairs("<p><br>a<br></p><br><br><p>b</p>") == [("a", "<p>a</p>"), ("b", "<p>b</p>")]


def test_it_keeps_inline_markup_in_the_html_and_not_in_the_text():
    html = (
        '<p>She <em>ran</em>, <b>fast</b>, <span class="s">past</span> '
        '<a href="https://example.org/">the <i>old</i> gate</a> H<sub>2</sub>O<sup>1</sup>'
        " <small>s</small> <u>u</u> <s>s</s> <strong>!</strong></p>"
    )
    (text, block_html), *_ = _pairs(html)
    assert text == "She ran, fast, past the old gate H2O1 s u s !"
    assert block_html == html


def test_it_decodes_entities_in_text_and_writes_them_as_characters():
    assert _pairs("<p>Tom &amp; Jerry &hellip; &#8220;hi&#8221; &lt;3 caf&eacute;</p>") == [
        ("Tom & Jerry … “hi” <3 café", "<p>Tom &amp; Jerry … “hi” &lt;3 café</p>")
    ]


def test_it_drops_comments_scripts_styles_and_forms():
    html = (
        "<style>p{color:red}</style><p>a<!-- secret --></p><script>alert('x')</script>"
        "<form><input name=q><button>Go</button></form><noscript>no</noscript><p>b</p>"
    )
    assert _pairs(html) == [("a", "<p>a</p>"), ("b", "<p>b</p>")]


def test_it_collapses_whitespace_but_not_in_pre():
    assert _pairs("<p>  a \n\n  b  </p><pre>x\n   y</pre>") == [
        ("a b", "<p>a b</p>"),
        ("x\n   y", "<pre>x\n   y</pre>"),
    ]


def test_it_makes_blocks_of_headings_list_items_and_quotes():
    html = "<h2>Part</h2><ul><li>one</li><li>two<ol><li>deep</li></ol></li></ul>"
    html += "<blockquote><p>Dear J,</p><p>Bye.</p></blockquote><blockquote>plain</blockquote>"
    assert _pairs(html) == [
        ("Part", "<h2>Part</h2>"),
        ("one", "<ul><li>one</li></ul>"),
        ("two", "<ul><li>two</li></ul>"),
        ("deep", "<ul><ol><li>deep</li></ol></ul>"),
        ("Dear J,", "<blockquote><p>Dear J,</p></blockquote>"),
        ("Bye.", "<blockquote><p>Bye.</p></blockquote>"),
        ("plain", "<blockquote><p>plain</p></blockquote>"),
    ]


def test_it_makes_a_block_of_each_table_row_with_cells_parted_by_a_tab():
    html = "<table><tr><td><b>Title:</b></td><td>X</td></tr><tr><th>Rating</th><td>G</td></tr>"
    assert _pairs(html + "</table>") == [
        ("Title:\tX", "<table><tr><td><b>Title:</b></td><td>X</td></tr></table>"),
        ("Rating\tG", "<table><tr><th>Rating</th><td>G</td></tr></table>"),
    ]


def test_it_reads_paragraphs_inside_a_layout_table_as_paragraphs():
    html = "<table><tr><td><p>First.</p><p>Second.</p></td></tr></table>"
    assert [text for text, _ in _pairs(html)] == ["First.", "Second."]


def test_it_closes_paragraphs_html_leaves_open():
    assert _pairs("<p>a<p>b<div>c</div>d") == [
        ("a", "<p>a</p>"),
        ("b", "<p>b</p>"),
        ("c", "<p>c</p>"),
        ("d", "<p>d</p>"),
    ]


def test_it_reopens_inline_markup_across_a_block_boundary():
    assert _pairs("<i>one<br><br>two</i> three") == [
        ("one", "<p><i>one</i></p>"),
        ("two three", "<p><i>two</i> three</p>"),
    ]


def test_it_makes_a_scene_break_block_of_a_rule():
    assert _pairs("<p>a</p><hr><p>b</p>") == [
        ("a", "<p>a</p>"),
        ("* * *", "<hr>"),
        ("b", "<p>b</p>"),
    ]


def test_it_keeps_an_image_only_block():
    assert _pairs('<p><img src="a.png" alt="x"></p>') == [("", '<p><img src="a.png" alt="x"></p>')]


def test_it_reads_lj_and_dreamwidth_user_tags_as_names():
    assert _pairs('<p>By <lj user="alice"> and <user name="bob" site="dreamwidth.org"/></p>') == [
        ("By alice and bob", "<p>By <b>alice</b> and <b>bob</b></p>")
    ]


def test_it_unwraps_lj_cuts_and_drops_their_links():
    html = (
        '<p>Header</p><lj-cut text="More"><p>Story.</p></lj-cut>'
        '<span class="ljcut-link">( Read more... )</span>'
    )
    assert _pairs(html) == [("Header", "<p>Header</p>"), ("Story.", "<p>Story.</p>")]


def test_it_survives_broken_markup():
    blocks = html_blocks("<p>a <b>b <i>c</p></b> d</i><p>e</unknown><</p>& <p")
    assert [block.text for block in blocks][:2] == ["a b c", "d"]


def test_it_refuses_markup_nested_too_deeply():
    with pytest.raises(ImportError_) as error:
        html_blocks("<div>" * (MAX_DEPTH + 1) + "deep")
    assert str(error.value) == "The HTML is nested too deeply (over 200 levels) to be a story."


def test_it_accepts_markup_at_the_depth_limit():
    assert html_blocks("<div>" * (MAX_DEPTH - 1) + "deep")[0].text == "deep"


def test_it_does_not_count_paragraphs_html_closes_as_nesting():
    assert len(html_blocks("<p>x" * 1000)) == 1000


def test_it_reads_a_long_document_quickly():
    html = "<p>A paragraph with <i>some</i> words in it.</p>\n" * 5000
    start = time.perf_counter()
    assert len(html_blocks(html)) == 5000
    assert time.perf_counter() - start < 2


def test_it_reads_the_body_of_a_whole_document():
    document = read_html(
        "<!DOCTYPE html><html><head><title>Kestrel</title><meta charset=utf-8>"
        "<style>body{}</style></head><body><p>Story.</p></body></html>"
    )
    assert document.format == "html"
    assert document.metadata == {"title": "Kestrel"}
    assert [block.text for block in document.chapters[0].blocks] == ["Story."]


def test_it_reads_the_body_when_the_head_is_left_open():
    document = read_html("<html><head><title>T</title><body><p>Story.</p>")
    assert [block.text for block in document.chapters[0].blocks] == ["Story."]


@pytest.mark.parametrize(
    "title", ["Untitled", "Microsoft Word - fic.doc", "story.html", "Document1", "  "]
)
def test_it_ignores_titles_that_say_nothing(title):
    read = read_html(f"<title>{title}</title><p>x</p>")
    assert read.metadata == {}
    assert [block.text for block in read.chapters[0].blocks] == ["x"]


@pytest.mark.parametrize(("tag", "marker"), ENTRY_MARKERS)
def test_it_reads_only_the_entry_of_a_journal_page(tag, marker):
    page = (
        '<html><body><div class="sidebar"><p>Profile</p></div>'
        f'<div class="wrap"><{tag} class="x {marker} y"><p>Story.</p><div><p>More.</p></div>'
        f'</{tag}><div class="comments"><p>Nice!</p></div></div></body></html>'
    )
    document = read_html(page)
    assert document.format == "lj-html"
    assert [block.text for block in document.chapters[0].blocks] == ["Story.", "More."]


def test_it_prefers_the_most_specific_entry_marker():
    page = (
        '<article class="entry"><h3>Subject</h3><div class="entry-content">Story.</div></article>'
    )
    document = read_html(page)
    assert [block.text for block in document.chapters[0].blocks] == ["Story."]


def test_it_falls_back_to_the_whole_page_when_the_entry_is_empty():
    document = read_html('<div class="entry-content"></div><p>Story.</p>')
    assert document.format == "html"
    assert [block.text for block in document.chapters[0].blocks] == ["Story."]


@pytest.mark.parametrize(
    ("page", "title"),
    [
        (
            '<h3 class="entry-title"><a href="#">Fic: Eventide (Spike/Buffy, PG)</a></h3>',
            "Eventide",
        ),
        ('<h1 class="b-singlepost-title">[Fic] Dusk</h1>', "Dusk"),
        ('<div class="subject">Drabble - Ink</div>', "Ink"),
        ("<title>someone: Fic: Harbour (Marian/Robin, PG) — Dreamwidth</title>", "Harbour"),
        ("<title>someone: Night Song - LiveJournal</title>", "Night Song"),
        ("<title>A Title (with parentheses)</title>", "A Title (with parentheses)"),
    ],
)
def test_it_takes_the_posts_subject_as_the_title(page, title):
    assert read_html(page + "<p>x</p>").metadata["title"] == title


_MARKUP = st.lists(
    st.sampled_from(
        ["<p>", "</p>", "<br>", "<b>", "</b>", "<i>", "</i>", "<div>", "</div>", "<table>",
         "<tr>", "<td>", "</td>", "</tr>", "<li>", "<ul>", "</ul>", "<pre>", "</pre>", "<hr>",
         "<lj-cut>", "</lj-cut>", "<script>", "</script>", "<!--", "-->", "&amp;", "&#x", ";",
         "<", ">", " ", "\n", "word", "Title:", "é"]
    ),
    max_size=80,
).map("".join)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.one_of(_MARKUP, st.text(max_size=500)))
def test_it_reads_any_markup_without_crashing(html):
    for block in html_blocks(html):
        assert block.html is not None
        assert block.text == block.text.strip("\n")
