"""How deep a browser would nest the elements of some HTML, counted in one quick pass.

The sanitiser builds the tree a browser builds, and that costs time by the square of its
depth: 80,000 nested ``<div>`` take a worker 16 seconds, and 4,000 unclosed ``<b>`` each
reopened in a new paragraph give a tree of millions of nodes. Every HTML the archive accepts is
measured here first and refused over ``MAX_HTML_DEPTH`` (the importer uses the same limit).

The count follows the parts of HTML's parsing rules that change depth: void elements, end tags
that close what is open (and are ignored when a block stands in between), the ends HTML implies
(a ``<p>`` at the next block, an ``<li>`` at the next ``<li>``…), raw text (``<script>``,
``<style>``…) and comments, and inline formatting (``<b>``, ``<font>``…) closed by a block and
reopened at the next text. Where it is not exact it counts deeper, never shallower.
"""

import re
from collections import Counter
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError

MAX_HTML_DEPTH = 200

# Elements with no end tag, in HTML as browsers read it.
VOID_ELEMENTS = frozenset({
    "area", "base", "basefont", "bgsound", "br", "col", "embed", "frame", "hr", "image", "img",
    "input", "keygen", "link", "meta", "param", "source", "track", "wbr",
})  # fmt: skip
_RAW_TEXT = frozenset({
    "script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes", "noscript",
})  # fmt: skip
_FORMATTING = frozenset({
    "a", "b", "big", "code", "em", "font", "i", "nobr", "s", "small", "strike", "strong", "tt", "u",
})  # fmt: skip
# Blocks: an end tag does not close past one, and their start tags reopen no formatting.
_BLOCKS = frozenset({
    "address", "article", "aside", "blockquote", "body", "center", "dd", "details", "dialog",
    "dir", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2",
    "h3", "h4", "h5", "h6", "header", "hgroup", "html", "li", "listing", "main", "menu", "nav",
    "ol", "p", "pre", "section", "summary", "table", "tbody", "td", "tfoot", "th", "thead", "tr",
    "ul", "caption", "colgroup", "applet", "marquee", "object", "button", "select", "template",
})  # fmt: skip
_CLOSES_P = _BLOCKS - {"li", "dd", "dt", "td", "th", "tr", "tbody", "thead", "tfoot", "caption",
                       "colgroup", "body", "html", "applet", "marquee", "object", "button",
                       "select", "template"} | {"hr", "plaintext"}  # fmt: skip
_SCOPE = frozenset({"applet", "caption", "html", "table", "td", "th", "marquee", "object",
                    "template"})  # fmt: skip
_P_SCOPE = _SCOPE | {"button"}
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_LI_STOPS = _BLOCKS - {"address", "div", "p", "li"}
_DD_STOPS = _BLOCKS - {"address", "div", "p", "dt", "dd"}
_TABLE, _ROW = frozenset({"table"}), frozenset({"tr", "table"})
# Where searches of the open elements stop; the tree keeps the topmost of each at hand.
_STOPS = (_SCOPE, _P_SCOPE, _BLOCKS, _LI_STOPS, _DD_STOPS, _TABLE, _ROW)
# An opening tag: (what it closes, where the search for it stops).
_SIBLINGS: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    "li": (frozenset({"li"}), _LI_STOPS),
    "dt": (frozenset({"dt", "dd"}), _DD_STOPS),
    "dd": (frozenset({"dt", "dd"}), _DD_STOPS),
    "tr": (frozenset({"tr"}), _TABLE),  # and the cells inside it
    "td": (frozenset({"td", "th"}), _ROW),
    "th": (frozenset({"td", "th"}), _ROW),
    "a": (frozenset({"a"}), _BLOCKS),
    "nobr": (frozenset({"nobr"}), _BLOCKS),
}
_P = frozenset({"p"})
# Start tags that never add depth: a second <body> only merges its attributes.
_MERGED = frozenset({"html", "head", "body", "frameset"})
# The rest of a tag after its name, to the ``>`` that ends it: quoted values may hold ``>``,
# and one never closed runs to the end of the text (where HTML drops the tag and all after it).
# Possessive, so a tag that never ends costs one scan to the end of the text, not one per ``<``.
_TAG_REST = re.compile(
    r"""(?:[\s/]++|[^\s/>][^\s/>=]*+(?:\s*+=\s*+(?:"[^"]*+(?:"|\Z)|'[^']*+(?:'|\Z)|[^\s>"'][^\s>]*+)?)?)*+>"""
)
_TAG_START = re.compile(r"<(?:(/?)([A-Za-z][^\s/>]*)|!--|[!?/])")
_REOPENED_ALIKE = 3  # HTML reopens at most three identical formatting elements


@dataclass
class _Tree:
    """The open elements as (name, attributes), and formatting closed by a block.

    Searches of the open elements must not walk them (80,000 deep, that is the quadratic cost
    this module exists to avoid): the tree keeps where each name was last opened and, for each
    element, the topmost element of each stop set at or below it."""

    stack: list[tuple[str, str]] = field(default_factory=list)
    reopen: list[tuple[str, str]] = field(default_factory=list)
    reopen_alike: Counter[tuple[str, str]] = field(default_factory=Counter)
    opened: dict[str, list[int]] = field(default_factory=dict)
    stops: list[tuple[int, ...]] = field(default_factory=list)
    deepest: int = 0

    def push(self, name: str, attrs: str) -> None:
        index = len(self.stack)
        below = self.stops[-1] if self.stops else (-1,) * len(_STOPS)
        self.stops.append(
            tuple(index if name in s else b for s, b in zip(_STOPS, below, strict=True))
        )
        self.stack.append((name, attrs))
        self.opened.setdefault(name, []).append(index)
        self.deepest = max(self.deepest, index + 1)

    def pop_to(self, index: int, by_end_tag: bool = False) -> None:
        """Close the element at ``index`` and everything inside it."""
        while len(self.stack) > index:
            name, attrs = self.stack.pop()
            self.stops.pop()
            self.opened[name].pop()
            closed_by_its_tag = by_end_tag and len(self.stack) == index
            if name in _FORMATTING and not closed_by_its_tag:
                self._remember(name, attrs)

    def _remember(self, name: str, attrs: str) -> None:
        entry = (name, attrs)
        if self.reopen_alike[entry] >= _REOPENED_ALIKE:
            self.reopen.remove(entry)  # the earliest
        else:
            self.reopen_alike[entry] += 1
        self.reopen.append(entry)

    def reconstruct(self) -> None:
        """Text or an inline element: formatting a block closed opens again around it."""
        for name, attrs in self.reopen:
            self.push(name, attrs)
        self.reopen.clear()
        self.reopen_alike.clear()

    def find(self, names: frozenset[str], stops: frozenset[str]) -> int:
        """The topmost open element named one of ``names`` with none of ``stops`` above it
        (it may be one itself), or -1."""
        found = max((self.opened[n][-1] for n in names if self.opened.get(n)), default=-1)
        if found < 0 or not self.stops:
            return -1
        return found if found >= self.stops[-1][_STOPS.index(stops)] else -1

    def start(self, name: str, attrs: str) -> None:
        if name in _MERGED:
            return
        if name in _CLOSES_P and (index := self.find(_P, _P_SCOPE)) >= 0:
            self.pop_to(index)
        if name in _HEADINGS and self.stack and self.stack[-1][0] in _HEADINGS:
            self.pop_to(len(self.stack) - 1)
        if name in _SIBLINGS and (index := self.find(*_SIBLINGS[name])) >= 0:
            self.pop_to(index)
        if name not in _BLOCKS:
            self.reconstruct()
        if name not in VOID_ELEMENTS:
            self.push(name, attrs if name in _FORMATTING else "")

    def end(self, name: str) -> None:
        # A block's end tag closes what is inside it; any other stops at a block.
        index = self.find(frozenset({name}), _SCOPE if name in _BLOCKS else _BLOCKS)
        if index >= 0:
            self.pop_to(index, by_end_tag=True)
        elif name in _FORMATTING:
            # Closed by a block and not reopened yet: its end tag forgets it.
            for position in range(len(self.reopen) - 1, -1, -1):
                if self.reopen[position][0] == name:
                    self.reopen_alike[self.reopen.pop(position)] -= 1
                    break


def html_depth(html: str, stop_after: int | None = None) -> int:
    """The deepest nesting of elements a browser would build from ``html``; once past
    ``stop_after``, the depth reached so far (the rest can cost as much as the sanitiser)."""
    tree, position = _Tree(), 0
    while (match := _TAG_START.search(html, position)) is not None:
        if stop_after is not None and tree.deepest > stop_after:
            break
        if match.start() > position:
            tree.reconstruct()  # text between tags
        closing, name = match.group(1, 2)
        if name is None:  # a comment, <!DOCTYPE…>, <?…> or a stray "</": skipped whole
            end = html.find("-->" if match.group() == "<!--" else ">", match.end())
            if end < 0:
                break
            position = end + (3 if match.group() == "<!--" else 1)
            continue
        rest = _TAG_REST.match(html, match.end())
        if rest is None:  # a tag that never ends swallows the rest of the text
            break
        position, name = rest.end(), name.lower()
        if closing:
            tree.end(name)
            continue
        tree.start(name, rest.group() if name in _FORMATTING else "")
        if name == "plaintext":  # everything after it is text
            break
        if name in _RAW_TEXT:
            closing_tag = re.compile(rf"</{re.escape(name)}[\s/>]", re.I).search(html, position)
            if closing_tag is None:
                break
            position = closing_tag.start()
    return tree.deepest


def html_depth_check(html: str, limit: int = MAX_HTML_DEPTH) -> None:
    """ValidationError when ``html`` nests deeper than ``limit``."""
    # Counted exactly up to twice the limit: enough to tell the creator how far off
    # their HTML is, without paying for all of a hostile one.
    counted = 2 * limit
    depth = html_depth(html, stop_after=counted)
    if depth > limit:
        levels = f"over {counted}" if depth > counted else str(depth)
        raise ValidationError(
            f"This HTML is nested {levels} levels deep; the archive accepts up to {limit}.",
            code="too_deep",
        )
