"""Text as creators give it: formats, sanitising, word counts.

Creators' text is stored as given; ``render`` turns it into HTML once, and that HTML is always
passed through ``sanitise`` so nothing a creator writes can run script in a reader's browser.
"""

import re
import unicodedata
from html import escape, unescape

import nh3
from django.db import models
from markdown_it import MarkdownIt

from ficfest.lib.nesting import html_depth_check

# What a story needs and nothing that can execute or restyle the page.
ALLOWED_TAGS = {
    "a", "abbr", "acronym", "address", "b", "big", "blockquote", "br", "caption", "center",
    "cite", "code", "col", "colgroup", "dd", "del", "details", "dfn", "div", "dl", "dt", "em",
    "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins", "kbd",
    "li", "ol", "p", "pre", "q", "rp", "rt", "ruby", "s", "samp", "small", "span", "strike",
    "strong", "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr",
    "tt", "u", "ul", "var",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "*": {"class", "dir", "lang", "title"},
    "a": {"href", "name"},
    "img": {"src", "alt", "width", "height"},
    "ol": {"start", "type"},
    "td": {"colspan", "rowspan", "align"},
    "th": {"colspan", "rowspan", "align", "scope"},
    "blockquote": {"cite"},
    "q": {"cite"},
}
URL_SCHEMES = {"http", "https", "mailto"}


class TextFormat(models.TextChoices):
    PLAIN = "plain", "Plain text"
    MARKDOWN = "markdown", "Markdown"
    HTML = "html", "HTML"


_markdown = MarkdownIt("commonmark", {"html": True, "typographer": False})
_BLANK_LINES = re.compile(r"\n[ \t]*\n+")


def normalise(text: str) -> str:
    """Unify line endings and compose characters (NFC); typography stays as written."""
    return unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))


USER_CLASS_PREFIX = "user-"


def _user_classes(element: str, attribute: str, value: str) -> str:
    """A creator's classes, each prefixed: kept for what they mean, but never one of the
    site's own (``notes``, ``preface``…) that would restyle the page around the work."""
    if attribute != "class":
        return value
    return " ".join(USER_CLASS_PREFIX + name for name in value.split())


def sanitise(html: str) -> str:
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        attribute_filter=_user_classes,
        url_schemes=URL_SCHEMES,
        link_rel="nofollow noopener noreferrer",
        strip_comments=True,
    )


def plain_to_html(text: str) -> str:
    """Blank lines part paragraphs; a single newline is a line break, as fic is written."""
    paragraphs = [p.strip("\n") for p in _BLANK_LINES.split(text.strip("\n"))]
    return "\n".join(
        "<p>" + "<br>\n".join(escape(line, quote=False) for line in p.split("\n")) + "</p>"
        for p in paragraphs
        if p.strip()
    )


def plain_html(text: str) -> str:
    """``sanitise(plain_to_html(text))`` without running the sanitiser: every character of the
    text is escaped and the only tags are ``<p>`` and ``<br>``, so all the sanitiser would change
    is how it writes two characters (a NUL it drops, a no-break space it writes as an entity).
    Rendering plain text is most of what an import of old text files does; a property test
    holds the two equal (tests/lib/test_text.py)."""
    return plain_to_html(text).replace("\x00", "").replace("\xa0", "&nbsp;")


def render(text: str, text_format: str) -> str:
    """Creator's text in the given format -> sanitised HTML; a ValidationError when its HTML
    nests deeper than the archive accepts (the sanitiser's cost grows with the square of it)."""
    text = normalise(text)
    if text_format == TextFormat.PLAIN:
        return plain_html(text)
    if text_format == TextFormat.MARKDOWN:
        html = _markdown.render(text)
    elif text_format == TextFormat.HTML:
        html = text
    else:
        raise ValueError(f"unknown text format {text_format!r}")
    html_depth_check(html)
    return sanitise(html)


_TAG = re.compile(r"<[^>]*>")
_BLOCK_END = re.compile(r"</(p|div|li|h[1-6]|blockquote|tr|td|th|pre)>|<br\s*/?>", re.I)


def html_to_text(html: str) -> str:
    return unescape(_TAG.sub("", _BLOCK_END.sub(lambda m: m.group(0) + "\n", html)))


# Scripts written without spaces between words: each character counts as a word.
_SCRIPTIO_CONTINUA = (
    "\u0e00-\u0e7f"  # Thai
    "\u1100-\u11ff\u3130-\u318f\uac00-\ud7af"  # Hangul
    "\u3040-\u309f\u30a0-\u30ff\u31f0-\u31ff"  # Hiragana, Katakana
    "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"  # Han
    "\U00020000-\U0002fa1f"  # Han extensions
)
_WORD = re.compile(rf"[{_SCRIPTIO_CONTINUA}]|[^\s{_SCRIPTIO_CONTINUA}]+")
_HAS_WORD_CHAR = re.compile(r"\w")


def word_count(text: str) -> int:
    """Words in plain text: runs of non-space characters holding a letter or digit, plus one
    per character of Han, Kana, Hangul and Thai."""
    return sum(1 for token in _WORD.findall(text) if _HAS_WORD_CHAR.search(token))


def html_word_count(html: str) -> int:
    return word_count(html_to_text(html))
