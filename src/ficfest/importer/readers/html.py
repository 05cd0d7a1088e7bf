"""HTML stories and LiveJournal/Dreamwidth post pages -> blocks.

``html_blocks`` streams the markup through the standard library's ``HTMLParser`` (no tree, no
recursion, so no depth a file could use against us; deeper than ``MAX_DEPTH`` open elements is
refused). What becomes a block:

- each block element's inline content: ``p``, ``div``, ``li``, ``h1``–``h6``, ``pre``,
  ``blockquote``, ``dt``/``dd``, a table row (cells separated by a tab in the text, so a header
  table reads "Title<TAB>Story"), …;
- runs of inline content parted by two ``<br>`` in a row (old LJ posts were written that
  way); a single ``<br>`` is a "\\n" in the block's text and stays ``<br>`` in its HTML;
- ``<hr>``: a block of its own, text "* * *" (a scene break), HTML ``<hr>``.

A block's HTML is its own element (a run directly in a ``div`` or the body becomes a ``<p>``),
inside the lists/blockquotes it sits in, with its inline markup (``em``, ``b``, ``span``,
``a``…) and attributes as written; it is sanitised later. An inline element left open across
a block boundary is closed at the end of the block and opened again at the next one.
Comments, scripts, styles, forms and the document's ``<head>`` are dropped; entities are
decoded (and written back as plain characters). LJ's ``<lj user="x">`` / Dreamwidth's
``<user name="x">`` read as the name; ``<lj-cut>`` is unwrapped.

``read_html`` reads a whole file. A saved LJ/DW post page is the whole journal page (sidebar,
navigation, comments); the story is the entry's body, found by the first of these markers
that occurs in the page (class names of the journal styles people saved pages from):

- ``div.entry-content`` — Dreamwidth's site and S2 styles, also LJ's "Tabula Rasa";
- ``div.b-singlepost-body`` / ``article.b-singlepost-body`` — LiveJournal's current post page;
- ``div.asset-body`` — LJ's "Expressive" and Six-Apart-derived styles;
- ``div.entry_text`` / ``div.entry-text`` / ``div.entrytext`` — older S1/S2 styles;
- ``article.entry`` / ``div.entry-body`` — generic blog markup.

A page of several entries (a journal's "recent entries") gives the first entry only.

The entry's subject (``.entry-title``, ``.b-singlepost-title``, ``.asset-name``,
``.subject``) is metadata["title"] ("Fic: Eventide (Spike/Buffy, PG)" -> "Eventide"); without
one, a meaningful ``<title>`` is (not "Untitled", "Microsoft Word - x.doc" or a journal
page's site suffix).
"""

import re
from html import escape, unescape
from html.parser import HTMLParser

from ficfest.importer.document import Block, ImportError_, SourceChapter, SourceDocument
from ficfest.importer.readers.chrome import clean_subject, poster, strip_chrome
from ficfest.lib.nesting import MAX_HTML_DEPTH, VOID_ELEMENTS

# The archive's one limit on nesting, for imports as for every HTML a form accepts.
MAX_DEPTH = MAX_HTML_DEPTH
TOO_DEEP = f"The HTML is nested too deeply (over {MAX_DEPTH} levels) to be a story."

# LiveJournal's <lj user="…"> and <user name="…"> have no end tag either.
_VOID = VOID_ELEMENTS | {"lj", "user"}
# Dropped with everything inside them.
_DROP = frozenset({
    "script", "style", "head", "title", "template", "noscript", "iframe", "object", "svg",
    "math", "select", "textarea", "button", "form", "nav", "lj-embed", "lj-poll", "audio",
    "video", "canvas", "map",
})  # fmt: skip
# LJ/DW's "( Read more… )" links and decorations around a cut.
_DROP_CLASSES = frozenset({
    "ljcut-link", "ljcut-decoration", "ljcut-link-expanded", "cut-link", "cuttag-action",
})  # fmt: skip
# Markup that only wraps (its content is kept, the tag is not).
_TRANSPARENT = frozenset({
    "lj-cut", "lj-raw", "cut", "tbody", "thead", "tfoot", "colgroup", "o:p",
})  # fmt: skip
# Elements that own a run of inline content and keep their tag around it.
_OWNERS = frozenset({
    "p", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "li", "dt", "dd", "tr", "caption",
    "figcaption", "address", "summary", "legend",
})  # fmt: skip
# Block containers: a run directly inside one becomes a <p>.
_CONTAINERS = frozenset({
    "html", "body", "div", "article", "section", "main", "header", "footer", "aside", "figure",
    "blockquote", "center", "ul", "ol", "dl", "table", "details", "fieldset", "hgroup",
})  # fmt: skip
_BLOCKS = _OWNERS | _CONTAINERS
# Containers a block keeps around itself (a quoted letter, a list).
_WRAPPERS = frozenset({"blockquote", "ul", "ol", "dl", "center"})
_CELLS = frozenset(("td", "th"))
# What a document's <head> holds; any other element ends a head left open.
_HEAD_CONTENT = frozenset({
    "meta", "link", "style", "script", "title", "base", "noscript", "template", "basefont",
    "bgsound",
})  # fmt: skip
# Opening one of these closes an open <p> (HTML's implied end tags).
_CLOSES_P = _BLOCKS | {"hr"}
_P_SCOPE = frozenset({"table", "td", "th", "caption", "html", "body", "button"})
_SIBLING_SCOPES: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    # tag: (what an opening tag closes, where the search stops)
    "li": (frozenset({"li"}), frozenset({"ul", "ol", "table"})),
    "dt": (frozenset({"dt", "dd"}), frozenset({"dl", "table"})),
    "dd": (frozenset({"dt", "dd"}), frozenset({"dl", "table"})),
    "tr": (frozenset({"tr", "td", "th"}), frozenset({"table"})),
    "td": (frozenset({"td", "th"}), frozenset({"tr", "table"})),
    "th": (frozenset({"td", "th"}), frozenset({"tr", "table"})),
}
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})

_SPACE_RUN = re.compile(r"[ \t\n\r\f]+")
_DOUBLE_SPACE = re.compile(r" {2,}")
_HR_TEXT = "* * *"


class _Done(Exception):
    """The captured element has ended: the rest of the page is not wanted."""


class _Converter(HTMLParser):
    def __init__(self, target: tuple[str, str] | None = None) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[Block] = []
        # Open elements: (name, start tag as HTML).
        self.stack: list[tuple[str, str]] = []
        self.target = target  # (tag, class) of the element to capture; None: everything
        self.capturing = target is None
        self.capture_at = -1  # stack index of the captured element
        self.skip_at = -1  # stack index of the dropped element we are inside
        self.pre = 0
        # The run being read (the next block).
        self.text: list[str] = []
        self.html: list[str] = []
        self.has_content = False
        self.breaks = 0
        # Inline elements open in the run: (name, start tag, reopen in the next block?).
        self.inline: list[tuple[str, str, bool]] = []

    # -- parser events -------------------------------------------------------------------

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "body":  # a <head> left open ends here
            if self.skip_at >= 0 and self.stack[self.skip_at][0] == "head":
                self._pop_to(self.skip_at)
            return
        if self.skip_at >= 0 and self._head_ends(tag):
            self._pop_to(self.skip_at)
        if self.skip_at >= 0:
            if tag not in _VOID:
                self._push(tag, "")
            return
        if tag in _VOID:
            self._void(tag, attrs)
            return
        self._implied_ends(tag)
        start = _start_tag(tag, attrs)
        if tag in _BLOCKS and self.capturing:
            self._flush()  # the run before it ends, in its own place in the tree
        self._push(tag, start)
        if tag in _DROP or (attrs and _has_class(attrs, _DROP_CLASSES)):
            self.skip_at = len(self.stack) - 1
            return
        if not self.capturing:
            if self.target and tag == self.target[0] and _has_class(attrs, {self.target[1]}):
                self.capturing = True
                self.capture_at = len(self.stack) - 1
            return
        if tag in _BLOCKS:
            if tag == "pre":
                self.pre += 1
        elif tag in _CELLS:
            self._settle_breaks()
            if self.text and self.text[-1] != "\t":
                self.text.append("\t")
                self.breaks = 0
            self.html.append(start)
            self.inline.append((tag, start, False))
        elif tag not in _TRANSPARENT:
            self._settle_breaks()
            self.html.append(start)
            self.inline.append((tag, start, True))

    def _head_ends(self, tag: str) -> bool:
        """eFiction's printable pages never close their <head> nor open a <body>: as in a
        browser, the first element a head cannot hold ends it."""
        return (
            self.stack[self.skip_at][0] == "head"
            and self.skip_at == len(self.stack) - 1
            and tag not in _HEAD_CONTENT
        )

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in _VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag == "br":  # "</br>" is read as <br> by browsers
            if self.skip_at < 0:
                self._void("br", [])
            return
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                self._pop_to(index)
                return

    def handle_data(self, data: str) -> None:
        if self.skip_at >= 0 or not self.capturing:
            return
        if self.pre:
            if data:
                self._content()
                self.text.append(data)
                self.html.append(escape(data, quote=False))
            return
        if "\n" in data or "  " in data or "\t" in data or "\r" in data or "\f" in data:
            data = _SPACE_RUN.sub(" ", data)
        if not data.strip():
            if self.has_content and not self.breaks:
                self.text.append(" ")
                self.html.append(" ")
            return
        if self.breaks or not self.has_content:
            data = data.lstrip()
        self._content()
        self.text.append(data)
        self.html.append(escape(data, quote=False))

    # -- structure -----------------------------------------------------------------------

    def _push(self, tag: str, start: str) -> None:
        self.stack.append((tag, start))
        if len(self.stack) > MAX_DEPTH:
            raise ImportError_(TOO_DEEP)

    def _pop_to(self, index: int) -> None:
        while len(self.stack) > index:
            position = len(self.stack) - 1
            tag = self.stack[-1][0]
            if self.skip_at < 0 and self.capturing:
                self._close(tag)
            self.stack.pop()
            if position == self.skip_at:
                self.skip_at = -1
            elif position == self.capture_at:
                self._flush()
                raise _Done

    def _close(self, tag: str) -> None:
        if tag in _BLOCKS:
            self._flush()
            if tag == "pre":
                self.pre -= 1
            return
        for position in range(len(self.inline) - 1, -1, -1):
            if self.inline[position][0] == tag:
                self.html.append(f"</{tag}>")
                del self.inline[position]
                return

    def _implied_ends(self, tag: str) -> None:
        """Close what HTML closes implicitly: a <p> at the next block, an <li> at the next."""
        if tag in _CLOSES_P:
            self._close_in_scope(frozenset({"p"}), _P_SCOPE)
        elif tag in _HEADINGS and self.stack and self.stack[-1][0] in _HEADINGS:
            self._pop_to(len(self.stack) - 1)
        scope = _SIBLING_SCOPES.get(tag)
        if scope:
            self._close_in_scope(*scope)

    def _close_in_scope(self, closes: frozenset[str], stops: frozenset[str]) -> None:
        for index in range(len(self.stack) - 1, -1, -1):
            name = self.stack[index][0]
            if name in closes:
                self._pop_to(index)
                return
            if name in stops or index == self.capture_at:
                return

    def _void(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if not self.capturing:
            return
        if tag == "br":
            self.breaks += 1
        elif tag == "hr":
            self._implied_ends("hr")
            self._flush()
            self.blocks.append(Block(text=_HR_TEXT, html="<hr>"))
        elif tag == "img":
            self._content()
            self.html.append(_start_tag(tag, attrs))
        elif tag in ("lj", "user"):  # <lj user="name"> / <user name="name">: the name
            name = dict(attrs).get("user") or dict(attrs).get("name")
            if name:
                self._content()
                self.text.append(name)
                self.html.append(f"<b>{escape(name, quote=False)}</b>")

    # -- runs ----------------------------------------------------------------------------

    def _content(self) -> None:
        """Something visible comes: settle the <br>s seen before it."""
        self._settle_breaks()
        self.has_content = True

    def _settle_breaks(self) -> None:
        """One <br> is a line break in the block, two end it (before any tag that follows)."""
        if self.breaks and self.has_content:
            if self.breaks >= 2:
                self._flush()
            else:
                self.text.append("\n")
                self.html.append("<br>")
        self.breaks = 0

    def _flush(self) -> None:
        if self.has_content:
            self.blocks.append(self._block())
        self.inline = [entry for entry in self.inline if entry[2]]
        self.text = []
        self.html = [start for _, start, _ in self.inline]
        self.has_content = False
        self.breaks = 0

    def _block(self) -> Block:
        text = "".join(self.text)
        if not self.pre:
            if "  " in text:
                text = _DOUBLE_SPACE.sub(" ", text)
            if "\n" in text:
                text = "\n".join(line.strip() for line in text.split("\n"))
            else:
                text = text.strip()
        inner = "".join(self.html) + "".join(f"</{tag}>" for tag, _, _ in reversed(self.inline))
        return Block(text=text.strip("\n"), html=self._wrap(inner.strip()))

    def _wrap(self, inner: str) -> str:
        """The run inside its own element and the lists/blockquotes around it."""
        own_start, own_end = "<p>", "</p>"
        owner = ""
        wrappers: list[tuple[str, str]] = []
        for index in range(len(self.stack) - 1, self.capture_at, -1):
            name, start = self.stack[index]
            if not owner and name in _BLOCKS:
                owner = name
                if name in _OWNERS:
                    own_start, own_end = start, f"</{name}>"
                elif name in _WRAPPERS:
                    wrappers.append((name, start))
            elif owner and (name in _WRAPPERS or (name == "table" and owner == "tr")):
                wrappers.append((name, start))
        opening = "".join(start for _, start in reversed(wrappers))
        closing = "".join(f"</{name}>" for name, _ in wrappers)
        return f"{opening}{own_start}{inner}{own_end}{closing}"

    def finish(self) -> list[Block]:
        self._flush()
        return self.blocks


def _start_tag(tag: str, attrs: list[tuple[str, str | None]]) -> str:
    if not attrs:
        return f"<{tag}>"
    parts = [tag]
    for name, value in attrs:
        parts.append(name if value is None else f'{name}="{escape(value)}"')
    return "<" + " ".join(parts) + ">"


def _has_class(attrs: list[tuple[str, str | None]], wanted: frozenset[str] | set[str]) -> bool:
    for name, value in attrs:
        if name == "class" and value:
            return any(token in wanted for token in value.split())
    return False


def _convert(html: str, target: tuple[str, str] | None = None) -> list[Block]:
    converter = _Converter(target)
    try:
        converter.feed(html)
        converter.close()
    except _Done:
        pass
    except ImportError_:
        raise
    except (AssertionError, ValueError) as error:  # HTMLParser's complaints on broken markup
        raise ImportError_(f"The HTML could not be read: {error}") from error
    return converter.finish()


def html_blocks(html: str) -> list[Block]:
    """The blocks (paragraphs) of an HTML fragment or document, each with text and HTML."""
    return _convert(html)


# -- whole files ---------------------------------------------------------------------------

# (tag, class) of a post's body, most specific first.
ENTRY_MARKERS: tuple[tuple[str, str], ...] = (
    ("div", "entry-content"),
    ("div", "b-singlepost-body"),
    ("article", "b-singlepost-body"),
    ("div", "asset-body"),
    ("div", "entry_text"),
    ("div", "entry-text"),
    ("div", "entrytext"),
    ("article", "entry"),
    ("div", "entry-body"),
)
_MARKER_PATTERNS = tuple(
    (
        marker,
        re.compile(
            rf"<{marker[0]}\b[^>]*\bclass\s*=\s*[\"']?(?:[^\"'>]*\s)?{re.escape(marker[1])}[\s\"'>]",
            re.I,
        ),
    )
    for marker in ENTRY_MARKERS
)
_SUBJECT = re.compile(
    r"<(h1|h2|h3|h4|div|span)\b[^>]*\bclass\s*=\s*[\"']?(?:[^\"'>]*\s)?"
    r"(?:entry-title|b-singlepost-title|asset-name|subject)[\s\"'>][^>]*>(.*?)</\1\s*>",
    re.I | re.S,
)
_TITLE = re.compile(r"<title\b[^>]*>(.*?)</title\s*>", re.I | re.S)
_TAG = re.compile(r"<[^>]*>")
_JOURNAL_SUFFIX = re.compile(
    r"\s*[-–—|:]\s*(?:LiveJournal|Dreamwidth(?: Studios)?|InsaneJournal|JournalFen|Journalfen"
    r"|DeadJournal|Blogger|Tumblr)\s*$",
    re.I,
)
_JOURNAL_USER = re.compile(r"^[\w-]{1,40}:\s+")
_JUNK_TITLES = re.compile(
    r"^(?:untitled(?: document)?|document\d*|new document|home|index|microsoft word\b.*"
    r"|.*\.(?:docx?|rtf|txt|html?|odt))$",
    re.I,
)


def read_html(text: str) -> SourceDocument:
    """A bare HTML story, or a LiveJournal/Dreamwidth post page (the entry body only)."""
    target, entry_at = _entry_marker(text)
    blocks = _convert(text, target) if target else []
    if not blocks:
        target = None
        blocks = _convert(text)
    metadata: dict[str, str] = {}
    title = _page_title(text)
    if title:
        metadata["title"] = title
    author = poster(text, entry_at) if target else ""
    if author:
        metadata["author"] = author
    blocks = strip_chrome(blocks)
    return SourceDocument(
        format="lj-html" if target else "html",
        chapters=[SourceChapter(blocks=blocks)],
        metadata=metadata,
    )


def _entry_marker(text: str) -> tuple[tuple[str, str] | None, int]:
    """The (tag, class) of the page's entry body, and where it starts."""
    for marker, pattern in _MARKER_PATTERNS:
        match = pattern.search(text)
        if match:
            return marker, match.start()
    return None, 0


def _page_title(text: str) -> str:
    subject = _SUBJECT.search(text)
    if subject:
        title = clean_subject(_inner_text(subject.group(2)))
        if title:
            return title
    match = _TITLE.search(text)
    if not match:
        return ""
    title = _inner_text(match.group(1))
    if _JOURNAL_SUFFIX.search(title):
        title = _JOURNAL_USER.sub("", _JOURNAL_SUFFIX.sub("", title))
        title = clean_subject(title)
    if not title or _JUNK_TITLES.match(title):
        return ""
    return title


def _inner_text(html: str) -> str:
    return " ".join(unescape(_TAG.sub(" ", html)).split())
