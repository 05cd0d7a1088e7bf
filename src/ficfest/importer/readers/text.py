"""Plain text and Markdown: paragraphs are parted by blank lines.

A plain-text block keeps its single newlines (a poem, a hard-wrapped paragraph, a header of
"Label: value" lines). One convention is read differently: a file with no blank line at all
whose lines are long (one paragraph per line, as many old .txt fics were saved) gets a block
per line, or the whole story would be one paragraph.

Markdown blocks are the raw Markdown of each paragraph (rendered later, as a whole); a fenced
code block stays one block even with blank lines inside, and a YAML front matter (``---`` …
``---`` at the very top, read by a YAML parser: lists, quotes, ``#`` comments) becomes the
document's metadata, lists joined with ", ".
"""

import datetime
import re

import yaml

from ficfest.importer.document import Block, SourceChapter, SourceDocument

_BLANK_LINES = re.compile(r"\n(?:[ \t\u00a0]*\n)+")
_TRAILING_SPACE = re.compile(r"[ \t]+$", re.M)
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)
_MAX_FRONT_MATTER = 50_000
_SCALARS = (str, int, float, datetime.date)
_FRONT_MATTER_LINE = re.compile(r"^([A-Za-z][\w -]{0,40}):[ \t]*(.*)$")
# One paragraph per line: no blank line anywhere and lines longer than a hard wrap.
_LINE_PER_PARAGRAPH_MIN_LINES = 3
_HARD_WRAP = 100


def read_text(text: str) -> SourceDocument:
    return SourceDocument(format="txt", chapters=[SourceChapter(blocks=_text_blocks(text))])


def read_markdown(text: str) -> SourceDocument:
    metadata, text = _front_matter(text)
    return SourceDocument(
        format="md",
        chapters=[SourceChapter(blocks=_markdown_blocks(text))],
        metadata=metadata,
        markdown=True,
    )


def _paragraphs(text: str, *, keep_trailing_spaces: bool = False) -> list[str]:
    # Markdown's two trailing spaces are a line break; in plain text they are nothing.
    if not keep_trailing_spaces and (" \n" in text or "\t\n" in text):
        text = _TRAILING_SPACE.sub("", text)
    return [p.strip("\n") for p in _BLANK_LINES.split(text) if p.strip()]


def _text_blocks(text: str) -> list[Block]:
    paragraphs = _paragraphs(text)
    if len(paragraphs) == 1 and _one_paragraph_per_line(paragraphs[0]):
        paragraphs = [line for line in paragraphs[0].split("\n") if line.strip()]
    # A paragraph's first-line indent is layout, not text; later lines keep theirs (an
    # indented line continues a header value).
    return [Block(text=p.strip()) for p in paragraphs]


def _one_paragraph_per_line(paragraph: str) -> bool:
    lines = [line for line in paragraph.split("\n") if line.strip()]
    if len(lines) < _LINE_PER_PARAGRAPH_MIN_LINES:
        return False
    lengths = sorted(len(line) for line in lines)
    return lengths[len(lengths) // 2] > _HARD_WRAP


def _markdown_blocks(text: str) -> list[Block]:
    blocks: list[Block] = []
    fenced: list[str] = []  # paragraphs of an open fenced code block
    fence = ""
    for paragraph in _paragraphs(text, keep_trailing_spaces=True):
        if fence:
            fenced.append(paragraph)
            if _closes_fence(paragraph, fence):
                blocks.append(Block(text="\n\n".join(fenced)))
                fenced, fence = [], ""
            continue
        fence = _open_fence(paragraph)
        if fence:
            fenced = [paragraph]
        else:
            blocks.append(Block(text=paragraph))
    if fenced:
        blocks.append(Block(text="\n\n".join(fenced)))
    return blocks


def _open_fence(paragraph: str) -> str:
    """The fence a paragraph leaves open ("" when none): an odd number of fence lines."""
    fence = ""
    for line in paragraph.split("\n"):
        match = _FENCE.match(line)
        if not match:
            continue
        if not fence:
            fence = match.group(1)
        elif match.group(1).startswith(fence[0]) and len(match.group(1)) >= len(fence):
            fence = ""
    return fence


def _closes_fence(paragraph: str, fence: str) -> bool:
    for line in paragraph.split("\n"):
        match = _FENCE.match(line)
        if match and match.group(1)[0] == fence[0] and len(match.group(1)) >= len(fence):
            return True
    return False


def _front_matter(text: str) -> tuple[dict[str, str], str]:
    """YAML front matter -> metadata (lists joined with ", "); the rest of the text."""
    match = _FRONT_MATTER.match(text.lstrip("\n"))
    if not match:
        return {}, text
    rest = text.lstrip("\n")[match.end() :]
    metadata = _yaml_metadata(match.group(1))
    if metadata is None:  # not YAML after all: read its "key: value" lines
        metadata = _simple_metadata(match.group(1))
    return metadata, rest


def _yaml_metadata(source: str) -> dict[str, str] | None:
    if len(source) > _MAX_FRONT_MATTER:
        return None
    try:
        data = yaml.safe_load(source)
    except yaml.YAMLError:
        return None
    if not isinstance(data, dict):
        return None
    metadata: dict[str, str] = {}
    for key, value in data.items():
        # Scalars and lists of scalars only: nothing nested, so no alias can multiply.
        items = value if isinstance(value, list) else [value]
        texts = [_scalar_text(item) for item in items]
        joined = ", ".join(text for text in texts if text)
        if isinstance(key, str) and joined:
            metadata[key.strip().lower()] = joined
    return metadata


def _scalar_text(item: object) -> str:
    """A scalar as text; "- Avatar: The Last Airbender" (YAML reads a mapping) as written."""
    if isinstance(item, dict) and len(item) == 1:
        ((key, value),) = item.items()
        if isinstance(key, _SCALARS) and isinstance(value, _SCALARS):
            return f"{key}: {value}".strip()
    return str(item).strip() if isinstance(item, _SCALARS) else ""


def _simple_metadata(source: str) -> dict[str, str]:
    metadata: dict[str, str] = {}
    key = ""
    for line in source.split("\n"):
        item = line.strip()
        if item.startswith("- ") and key:
            value = _unquote(item[2:])
            metadata[key] = f"{metadata[key]}, {value}" if metadata.get(key) else value
            continue
        pair = _FRONT_MATTER_LINE.match(line)
        if pair:
            key = pair.group(1).strip().lower()
            value = pair.group(2).strip()
            if value.startswith("[") and value.endswith("]"):
                value = ", ".join(_unquote(v) for v in value[1:-1].split(",") if v.strip())
            metadata[key] = _unquote(value)
    return metadata


def _unquote(value: str) -> str:
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        return value[1:-1]
    return value
