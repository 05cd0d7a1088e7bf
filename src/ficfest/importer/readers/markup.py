"""A small element tree over an HTML/XHTML document, for finding a container's structure.

The EPUB and AO3 readers need to find things (the preface, a chapter's heading, the content
div) and then hand the HTML *as written* to ``html_blocks``. So each node keeps where it starts
and ends in the source, and its inner HTML is a slice of the original text: nothing is
re-serialised, no entity or attribute is re-written. Built on the standard library's
``html.parser`` (lenient with tag soup and with XHTML alike), with the usual implied end tags
(``<p>`` closed by a block, ``<li>``/``<dt>``/``<dd>`` by their siblings).
"""

import codecs
import re
from collections.abc import Callable, Iterator
from html.parser import HTMLParser

from ficfest.importer.document import ImportError_
from ficfest.importer.encoding import decode
from ficfest.importer.readers.html import MAX_DEPTH, TOO_DEEP
from ficfest.lib.text import normalise

_VOID = frozenset({
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
    "source", "track", "wbr",
})  # fmt: skip
_CLOSES_P = frozenset({
    "address", "article", "aside", "blockquote", "details", "dialog", "div", "dl", "fieldset",
    "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "main",
    "menu", "nav", "ol", "p", "pre", "section", "table", "ul",
})  # fmt: skip
_IMPLIED_BY = {
    "li": frozenset({"li"}),
    "dt": frozenset({"dt", "dd"}),
    "dd": frozenset({"dt", "dd"}),
    "option": frozenset({"option"}),
    "tr": frozenset({"tr"}),
    "td": frozenset({"td", "th", "tr"}),
    "th": frozenset({"td", "th", "tr"}),
}
_NO_TEXT = frozenset({"script", "style", "head", "title"})


class Node:
    """An element: its tag, attributes, children, and where it sits in the source."""

    __slots__ = (
        "_doc",
        "attrs",
        "children",
        "end",
        "inner_end",
        "inner_start",
        "parent",
        "start",
        "tag",
        "text_from",
        "text_to",
    )

    def __init__(
        self, doc: "Document", tag: str, attrs: dict[str, str], parent: "Node | None"
    ) -> None:
        self._doc = doc
        self.tag = tag
        self.attrs = attrs
        self.parent = parent
        self.children: list[Node] = []
        self.start = self.inner_start = self.inner_end = self.end = 0
        self.text_from = self.text_to = 0

    def __repr__(self) -> str:
        return f"<Node {self.tag} {self.attrs}>"

    @property
    def id(self) -> str:
        return self.attrs.get("id", "")

    @property
    def classes(self) -> list[str]:
        return self.attrs.get("class", "").split()

    def has_class(self, name: str) -> bool:
        """``name``, or ``name`` plus digits: calibre renames "userstuff" to "userstuff1"."""
        return any(
            c == name or (c.startswith(name) and c[len(name) :].isdigit()) for c in self.classes
        )

    def text(self) -> str:
        """The text inside, entities decoded, whitespace as written."""
        return "".join(self._doc.pieces[self.text_from : self.text_to])

    def clean_text(self) -> str:
        """The text with runs of whitespace folded to one space: for labels and titles."""
        return " ".join(self.text().split())

    def text_before(self, descendant: "Node") -> str:
        """The text between this node's start and a descendant's."""
        return "".join(self._doc.pieces[self.text_from : descendant.text_from])

    def inner_html(self, without: tuple["Node", ...] = ()) -> str:
        """The source between this node's tags, leaving out the given descendants."""
        return self._doc.slice(self.inner_start, self.inner_end, without)

    def iter(self) -> Iterator["Node"]:
        """Descendants in document order (iteratively: the tree may be 200 levels deep)."""
        stack = list(reversed(self.children))
        while stack:
            node = stack.pop()
            yield node
            stack.extend(reversed(node.children))

    def find(self, match: Callable[["Node"], bool]) -> "Node | None":
        return next((node for node in self.iter() if match(node)), None)

    def find_all(self, match: Callable[["Node"], bool]) -> list["Node"]:
        return [node for node in self.iter() if match(node)]

    def next_sibling(self) -> "Node | None":
        if self.parent is None:
            return None
        siblings = self.parent.children
        index = siblings.index(self)
        return siblings[index + 1] if index + 1 < len(siblings) else None


class Document:
    """The parsed source: ``root`` is a synthetic node holding the top-level elements."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.pieces: list[str] = []
        self.root = Node(self, "#root", {}, None)

    def slice(self, start: int, end: int, without: tuple[Node, ...] = ()) -> str:
        parts = []
        for node in sorted(without, key=lambda n: n.start):
            if start <= node.start and node.end <= end:
                parts.append(self.source[start : node.start])
                start = node.end
        parts.append(self.source[start:end])
        return "".join(parts)

    def body(self) -> Node:
        """The ``<body>``, or the whole document for a fragment."""
        return self.root.find(lambda n: n.tag == "body") or self.root


def parse(source: str) -> Document:
    """Parse HTML or XHTML text; ImportError_ for nesting deeper than MAX_DEPTH."""
    builder = _Builder(source)
    builder.feed(source)
    builder.close()
    builder.finish()
    return builder.doc


class _Builder(HTMLParser):
    def __init__(self, source: str) -> None:
        super().__init__(convert_charrefs=True)
        self.doc = Document(source)
        self.stack: list[Node] = [self.doc.root]
        self.silent = 0  # inside <script>/<style>: no text
        # html.parser reports (line, column); offsets of each line turn that into a position.
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", source)]

    def _offset(self) -> int:
        line, column = self.getpos()
        return self.line_starts[line - 1] + column

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._open(tag, attrs, self_closing=False)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._open(tag, attrs, self_closing=True)

    def _open(self, tag: str, attrs: list[tuple[str, str | None]], self_closing: bool) -> None:
        position = self._offset()
        self._close_implied(tag, position)
        parent = self.stack[-1]
        node = Node(self.doc, tag, {k: v or "" for k, v in attrs}, parent)
        parent.children.append(node)
        node.start = position
        node.inner_start = position + len(self.get_starttag_text() or "")
        node.text_from = len(self.doc.pieces)
        if self_closing or tag in _VOID:
            node.inner_end = node.end = node.inner_start
            node.text_to = node.text_from
            return
        self.stack.append(node)
        if len(self.stack) > MAX_DEPTH:
            raise ImportError_(TOO_DEEP)
        if tag in _NO_TEXT:
            self.silent += 1

    def _close_implied(self, tag: str, position: int) -> None:
        while len(self.stack) > 1:
            top = self.stack[-1].tag
            if (top == "p" and tag in _CLOSES_P) or tag in _IMPLIED_BY.get(top, ()):
                self._close(position, position)
            else:
                return

    def handle_endtag(self, tag: str) -> None:
        if tag in _VOID:
            return
        position = self._offset()
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                while len(self.stack) - 1 > depth:
                    self._close(position, position)
                end = self.doc.source.find(">", position)
                self._close(position, end + 1 if end >= 0 else len(self.doc.source))
                return
        # A stray end tag (</p> with no <p> open) closes nothing, as in a browser.

    def _close(self, inner_end: int, end: int) -> None:
        node = self.stack.pop()
        node.inner_end, node.end = inner_end, end
        node.text_to = len(self.doc.pieces)
        if node.tag in _NO_TEXT:
            self.silent -= 1

    def handle_data(self, data: str) -> None:
        if not self.silent:
            self.doc.pieces.append(data)

    def finish(self) -> None:
        end = len(self.doc.source)
        while len(self.stack) > 1:
            self._close(end, end)
        root = self.doc.root
        root.inner_end = root.end = end
        root.text_to = len(self.doc.pieces)


# -- text of XML/XHTML members ---------------------------------------------------------------

_XML_DECLARED = re.compile(rb"""^<\?xml[^>]*\bencoding=["']([A-Za-z0-9._-]+)["']""")
_META_CHARSET = re.compile(rb"""<meta[^>]*charset=["']?([A-Za-z0-9._-]+)""", re.IGNORECASE)


def markup_text(data: bytes) -> str:
    """XHTML bytes as text: a BOM, else the declared encoding, else UTF-8 (XML's default).

    Only when that fails is the encoding guessed (``encoding.decode``): a file that says what
    it is should not be second-guessed by a detector. NFC and ``\\n`` line ends either way.
    """
    encoding = _declared_encoding(data)
    try:
        return normalise(codecs.decode(data, encoding))
    except (LookupError, UnicodeDecodeError):
        return decode(data)[0]


def _declared_encoding(data: bytes) -> str:
    if data.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    head = data[:1024]
    match = _XML_DECLARED.match(head) or _META_CHARSET.search(head)
    return match.group(1).decode("ascii") if match else "utf-8"


# -- chapter headings ------------------------------------------------------------------------

_NUMBER_WORDS = (
    "one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|"
    "fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|"
    "eighty|ninety|hundred"
)
# Roman numerals only in capitals: "Chapter Mild Peril" is not chapter MILD.
_NUMBER = rf"(?:\d+|(?-i:[IVXLCDM]+)|(?:{_NUMBER_WORDS})(?:[- ](?:{_NUMBER_WORDS}))?)"
_CHAPTER_PREFIX = re.compile(
    rf"^\s*(?:(?:chapter|part)\s+|ch\.\s*){_NUMBER}\b\s*(?:[:.\-–—]+\s*)?", re.IGNORECASE
)
_CHAPTERISH = re.compile(
    rf"^\s*(?:(?:(?:chapter|part|book)\s+|ch\.\s*){_NUMBER}\b|(?:prologue|epilogue|interlude)\b"
    rf"|{_NUMBER}\s*[.:]?\s*$)",
    re.IGNORECASE,
)


def chapter_title(heading: str) -> str:
    """ "Chapter 3: The Return" -> "The Return"; "Chapter 3" -> "" (the position says it)."""
    heading = " ".join(heading.split())
    return _CHAPTER_PREFIX.sub("", heading, count=1).strip()


def is_chapter_heading(text: str) -> bool:
    """ "Chapter 2", "Chapter Two: Home", "Part II", "Prologue", "Epilogue", "3", "IV"."""
    return bool(_CHAPTERISH.match(text))
