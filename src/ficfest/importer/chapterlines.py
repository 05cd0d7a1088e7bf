"""Chapter headings in a story that has no chapters of its own (plain text, a bare HTML page).

Fans write chapter lines in their own language: "Chapter 2", "Chapitre 1 : Le départ",
"Capítulo 3", "Kapitel 4", and also a bare number with a title, "Un : Kiba", "2. Home". A
line like that is a heading only when the file shows the pattern: every such line is a
paragraph of its own, they count up from one in order, and the first one opens the story
(the title and header are read off above it). Then the story is cut there into chapters,
each line becoming its chapter's title ("Kiba"; "" for a bare "Chapter 2"). A "1." that
starts a list in the middle of a story, or a lone "Part 3", cuts nothing.
"""

import re
from dataclasses import dataclass

from ficfest.importer.document import Block, SourceChapter

_NUMBER_WORDS = {
    # English, French, Spanish, Italian, German, Portuguese: one to twenty.
    **dict.fromkeys(("one", "un", "une", "uno", "una", "eins", "ein", "um", "premier",
                     "première"), 1),
    **dict.fromkeys(("two", "deux", "dos", "due", "zwei", "dois", "duas"), 2),
    **dict.fromkeys(("three", "trois", "tres", "tre", "drei", "três"), 3),
    **dict.fromkeys(("four", "quatre", "cuatro", "quattro", "vier", "quatro"), 4),
    **dict.fromkeys(("five", "cinq", "cinco", "cinque", "fünf", "funf"), 5),
    **dict.fromkeys(("six", "seis", "sei", "sechs"), 6),
    **dict.fromkeys(("seven", "sept", "siete", "sette", "sieben", "sete"), 7),
    **dict.fromkeys(("eight", "huit", "ocho", "otto", "acht", "oito"), 8),
    **dict.fromkeys(("nine", "neuf", "nueve", "nove", "neun"), 9),
    **dict.fromkeys(("ten", "dix", "diez", "dieci", "zehn", "dez"), 10),
    **dict.fromkeys(("eleven", "onze", "once", "undici", "elf"), 11),
    **dict.fromkeys(("twelve", "douze", "doce", "dodici", "zwölf"), 12),
    **dict.fromkeys(("thirteen", "treize", "trece", "tredici", "dreizehn", "treze"), 13),
    **dict.fromkeys(("fourteen", "quatorze", "catorce", "quattordici", "vierzehn"), 14),
    **dict.fromkeys(("fifteen", "quinze", "quince", "quindici", "fünfzehn"), 15),
    **dict.fromkeys(("sixteen", "seize", "dieciséis", "sedici", "sechzehn"), 16),
    **dict.fromkeys(("seventeen", "dix-sept", "diecisiete", "diciassette", "siebzehn"), 17),
    **dict.fromkeys(("eighteen", "dix-huit", "dieciocho", "diciotto", "achtzehn"), 18),
    **dict.fromkeys(("nineteen", "dix-neuf", "diecinueve", "diciannove", "neunzehn"), 19),
    **dict.fromkeys(("twenty", "vingt", "veinte", "venti", "zwanzig", "vinte"), 20),
}  # fmt: skip
_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
_WORD = "|".join(sorted((re.escape(w) for w in _NUMBER_WORDS), key=len, reverse=True))
_NUMBER = rf"(?P<number>\d{{1,3}}|(?-i:[IVXLC]{{1,7}})|{_WORD})"
_SEPARATOR = r"\s*[:.\-–—]\s*"
_CHAPTER_WORD = re.compile(
    r"^\s*(?:chapter|chapitre|cap[ií]tulo|capitolo|kapitel|part|partie|parte|teil|глава|часть)"
    rf"\s+{_NUMBER}(?:{_SEPARATOR}(?P<title>\S.*?))?\s*[:.]?\s*$",
    re.IGNORECASE,
)
_NUMBERED = re.compile(rf"^\s*{_NUMBER}{_SEPARATOR}(?P<title>\S.*?)\s*$", re.IGNORECASE)
_MAX_HEADING = 80
_MAX_TITLE_WORDS = 8


@dataclass
class _Heading:
    index: int  # the block's place in the story
    number: int
    title: str


def chapter_line(text: str) -> tuple[int, str] | None:
    """(number, title) for a chapter heading line, else None."""
    text = text.strip()
    if not text or "\n" in text or len(text) > _MAX_HEADING:
        return None
    match = _CHAPTER_WORD.match(text) or _NUMBERED.match(text)
    if match is None:
        return None
    title = (match.group("title") or "").strip()
    if len(title.split()) > _MAX_TITLE_WORDS or title.endswith((".", ",", ";", "!", "?")):
        return None
    number = _number(match.group("number"))
    return (number, title) if number else None


def _number(raw: str) -> int:
    if raw.isdigit():
        return int(raw)
    if raw.casefold() in _NUMBER_WORDS:
        return _NUMBER_WORDS[raw.casefold()]
    values = [_ROMAN[c] for c in raw]
    return sum(-v if i + 1 < len(values) and v < values[i + 1] else v for i, v in
               enumerate(values))  # fmt: skip


def split_chapters(chapters: list[SourceChapter]) -> list[SourceChapter]:
    """The story cut at its chapter lines, when it has one chapter and shows the pattern."""
    if len(chapters) != 1:
        return chapters
    blocks = chapters[0].blocks
    headings = _headings(blocks)
    if not headings:
        return chapters
    cut = [h.index for h in headings] + [len(blocks)]
    result = [
        SourceChapter(title=heading.title, blocks=blocks[heading.index + 1 : end])
        for heading, end in zip(headings, cut[1:], strict=True)
    ]
    return [chapter for chapter in result if chapter.blocks] or chapters


def _headings(blocks: list[Block]) -> list[_Heading]:
    found = []
    for index, block in enumerate(blocks):
        line = chapter_line(block.text)
        if line is not None:
            found.append(_Heading(index, *line))
    # The pattern: 1, 2, 3… in order, the first opening the story.
    if not found or found[0].index != 0:
        return []
    if [h.number for h in found] != list(range(1, len(found) + 1)):
        return []
    return found
