"""The edges of a story once its header is read: what a reader would not call the story.

- a line repeating the title (or a summary repeating the header's) at the top of the story:
  LJ posts put the title again under the header, AO3's EPUB puts the summary in chapter 1;
- an end note after an end mark ("= End =", "The End", "~fin~"): a few short paragraphs at
  the very end go to the notes;
- a menu above a header: blocks whose every line is a few words with no sentence in them.
"""

import re
from typing import Protocol

from ficfest.importer.document import Block, SourceChapter

_END_MARK = re.compile(r"^[\W_]*(?:the\s+end|end|fin|finis|owari)[\W_]*$", re.I)
_SENTENCE_END = re.compile(r"[.!?…:;\"”)]$")
_MAX_MENU_WORDS = 4
_MAX_END_NOTES = 3
_MAX_END_NOTE = 300
_SPACE = re.compile(r"\s+")


class HeaderLike(Protocol):  # headers.Header, which imports this module
    fields: dict[str, str]


def is_menu(block: Block) -> bool:
    lines = [line.strip() for line in block.text.split("\n") if line.strip()]
    return all(
        len(line.split()) <= _MAX_MENU_WORDS and not _SENTENCE_END.search(line) for line in lines
    )


def _key(text: str) -> str:
    return _SPACE.sub(" ", text).strip().strip("\"'“”").casefold()


def trim_story(header: HeaderLike, story: list[SourceChapter]) -> list[SourceChapter]:
    if not story or not story[0].blocks:
        return story
    fields = header.fields
    repeats = {_key(fields[name]) for name in ("title", "summary") if fields.get(name)}
    blocks = story[0].blocks
    start = 0
    while start < len(blocks) - 1 and _key(blocks[start].text) in repeats:
        start += 1
    if start:
        story = [SourceChapter(title=story[0].title, blocks=blocks[start:]), *story[1:]]
    return _end_notes(header, story)


def _end_notes(header: HeaderLike, story: list[SourceChapter]) -> list[SourceChapter]:
    blocks = story[-1].blocks
    tail = len(blocks) - 1
    for position in range(len(blocks) - 1, max(len(blocks) - 2 - _MAX_END_NOTES, 0), -1):
        if _END_MARK.match(blocks[position].text.strip()):
            tail = position
            break
    notes = [block.text.strip() for block in blocks[tail + 1 :]]
    if not notes or any(len(note) > _MAX_END_NOTE for note in notes):
        return story
    kept = "\n\n".join(note for note in notes if note)
    header.fields["notes"] = "\n\n".join(filter(None, (header.fields.get("notes"), kept)))
    last = SourceChapter(title=story[-1].title, blocks=blocks[: tail + 1])
    return [*story[:-1], last]
