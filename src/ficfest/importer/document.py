"""What a format reader hands to the header parser and the import service.

A reader turns a file's bytes into a ``SourceDocument``: chapters made of blocks (paragraphs),
each block with its plain text (lines separated by ``\\n``, as a reader would see it) and, for
sources that carry markup, its HTML. The header parser reads the leading blocks of the first
chapter ("Title: …", "<b>Rating:</b> …") and leaves the rest as the story, so the story keeps
its markup while the header is read as text. Structured sources (AO3 downloads, EPUB
metadata) add what they know in ``metadata``, by the same labels a header would use.
"""

from dataclasses import dataclass, field


class ImportError_(ValueError):  # the underscore keeps the builtin ImportError usable
    """A file that cannot be imported; the message says why, for the person importing it."""


@dataclass
class Block:
    text: str
    html: str | None = None  # None for plain-text and Markdown sources


@dataclass
class SourceChapter:
    title: str = ""
    blocks: list[Block] = field(default_factory=list)


@dataclass
class SourceDocument:
    format: str  # txt, md, html, lj-html, ao3-html, docx, epub, ao3-epub
    chapters: list[SourceChapter]
    # Labels as a header would write them ("title", "author", "fandom", "rating", …) -> values.
    metadata: dict[str, str] = field(default_factory=dict)
    # For Markdown sources the story is rendered from the blocks' text as Markdown.
    markdown: bool = False
    # An anthology (one file holding several works): each work, in order, and the series
    # they are gathered into. The document itself is then its first work.
    parts: list["SourceDocument"] = field(default_factory=list)
    series: str = ""
