"""Nesting is measured as a browser would build it, before the sanitiser pays for it."""

import pytest
from django.core.exceptions import ValidationError

from ficfest.lib.nesting import MAX_HTML_DEPTH, html_depth, html_depth_check
from ficfest.lib.text import TextFormat, render


@pytest.mark.parametrize(
    ("html", "depth"),
    [
        ("<div>" * 150 + "deep but fine" + "</div>" * 150, 150),
        ("<p>One\n<p>Two\n<p>Three", 1),  # old posts leave paragraphs open
        ("<ul>" + "<li>item" * 300 + "</ul>", 2),
        ("<table>" + "<tr><td>a<td>b" * 300 + "</table>", 3),
        ("<p>a <i>b <b>c</b></i> <br> <img src=x.png></p>" * 300, 3),
        ("<font size=2><p>x</font>" * 300, 3),
        ("<p><b>x" * 300, 5),  # a browser reopens at most three alike
        ("<script>" + "<div>" * 300 + "</script><p>x</p>", 1),
        ('<div title="never closed' + "<div>" * 300, 0),  # a tag that never ends is dropped
    ],
)
def test_it_counts_the_depth_a_browser_builds(html, depth):
    assert html_depth(html) == depth


@pytest.mark.parametrize(
    "html",
    [
        "<div>" * 250,
        "<span><div></span>" * 250,  # an inline end tag does not close past a block
        '<div title="</div>">' * 250,  # nor does one inside a quoted attribute
        "<div><!-- </div> -->" * 250,  # nor one in a comment
        "".join(f'<p><b title="{i}">x' for i in range(250)),  # each reopened in the next <p>
    ],
)
def test_it_sees_through_what_would_hide_depth(html):
    assert html_depth(html) > MAX_HTML_DEPTH


def test_it_refuses_html_nested_past_the_limit_with_its_depth():
    with pytest.raises(ValidationError) as error:
        html_depth_check("<blockquote>" * 250)
    assert error.value.messages == [
        "This HTML is nested 250 levels deep; the archive accepts up to 200."
    ]
    html_depth_check("<blockquote>" * 200)


def test_it_stops_counting_a_hostile_text_at_twice_the_limit():
    with pytest.raises(ValidationError) as error:
        html_depth_check("<div>" * 80_000)
    assert error.value.messages == [
        "This HTML is nested over 400 levels deep; the archive accepts up to 200."
    ]


@pytest.mark.parametrize("text_format", [TextFormat.HTML, TextFormat.MARKDOWN])
def test_it_refuses_to_render_deep_html_before_sanitising_it(monkeypatch, text_format):
    def sanitiser_must_not_run(*args, **kwargs):
        raise AssertionError("the sanitiser ran")

    monkeypatch.setattr("ficfest.lib.text.nh3.clean", sanitiser_must_not_run)
    with pytest.raises(ValidationError):
        render("<div>" * 80_000, text_format)
