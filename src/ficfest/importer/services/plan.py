"""Reading a file and planning the work it describes, before anything is written."""

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from html import escape
from typing import Any

from django.utils import timezone

from ficfest.accounts.models import Pseud, User
from ficfest.communities.models import Community
from ficfest.importer.document import ImportError_, SourceChapter, SourceDocument
from ficfest.importer.encoding import decode
from ficfest.importer.headers import Header, split_header
from ficfest.importer.readers import read_document
from ficfest.importer.services.fields import (
    CREATOR_SEPARATORS,
    checked_length,
    fitted_notes,
    prompt_reference,
    split_names,
    work_complete,
    work_language,
    work_notes,
    work_rating,
    work_tags,
    work_title,
)
from ficfest.importer.services.lookups import Lookups
from ficfest.lib.text import TextFormat
from ficfest.works import services as works
from ficfest.works.models import CHAPTER_TEXT_MAX, SUMMARY_MAX, TITLE_MAX, Rating

# EPUB and DOCX are zip files: they have no text encoding of their own.
_ZIP_MAGIC = b"PK\x03\x04"

_BLOCK_START = re.compile(
    r"\s*<(p|div|blockquote|h[1-6]|ul|ol|dl|table|pre|hr|center|figure|details)\b", re.I
)


@dataclass(kw_only=True)
class ImportOptions:
    owner: User
    pseud: Pseud
    community: Community | None
    create_prompts: bool
    dry_run: bool
    include_private: bool = False


@dataclass
class Read:
    header: Header
    story: SourceDocument
    original: SourceDocument
    encoding: str
    # An anthology's works, each read on its own (the first is this one again).
    parts: list["Read"] = field(default_factory=list)


def read_file(filename: str, data: bytes, hints: dict[str, str] | None = None) -> Read:
    # The reader refuses bad files with the most telling message (a PDF named .txt, a zip
    # that is no EPUB); the encoding is asked for afterwards, for the record. Zip-based formats
    # (EPUB, DOCX) are bytes by nature and have none.
    document = read_document(filename, data)
    for label, value in (hints or {}).items():
        document.metadata.setdefault(label, value)
    encoding = "" if data.startswith(_ZIP_MAGIC) else decode(data)[1]
    return read_source(document, encoding)


def read_source(document: SourceDocument, encoding: str) -> Read:
    header, story = split_header(document)
    parts = [read_source(part, encoding) for part in document.parts]
    return Read(header=header, story=story, original=document, encoding=encoding, parts=parts)


@dataclass
class Plan:
    """A work as the file describes it, before anything is written."""

    title: str
    rating: str
    tags: works.WorkTags
    summary: str
    notes: str
    end_notes: str
    chapters: list[works.ChapterText]
    language: str
    complete: bool
    published: datetime | None
    prompt: str
    community_name: str
    fields: dict[str, Any]
    warnings: list[str]


def plan_work(read: Read, options: ImportOptions, lookups: Lookups) -> Plan:
    values = read.header.fields
    warnings: list[str] = []
    chapters = _chapters(read.story)
    prompt, community_name = prompt_reference(read.header)
    title, derived = work_title(values.get("title", ""), prompt, chapters, warnings)
    tags, overlong = work_tags(values, warnings)
    rating = work_rating(values.get("rating", ""), warnings)
    notes, end_notes = fitted_notes(
        work_notes(read.header, read.original, read.story, overlong, warnings), warnings
    )
    summary = checked_length(values.get("summary", "").strip(), "summary", SUMMARY_MAX, warnings)
    creators = _creators(values.get("creators", ""), options, lookups, warnings)
    complete = work_complete(read.header)
    if not tags.fandoms:
        warnings.append("The file names no fandom: add one when you next edit the work.")
    if options.community is not None and not community_name:
        community_name = options.community.name
    fields = {
        "title": title, "title_derived": derived, "creators": creators,
        "fandoms": tags.fandoms, "rating": Rating(rating).label, "warnings": tags.warnings,
        "relationships": tags.relationships, "characters": tags.characters,
        "tags": tags.categories + tags.freeforms, "summary": summary, "notes": notes,
        "disclaimer": values.get("disclaimer", "").strip(), "prompt": prompt,
        "community": community_name, "word_count": 0, "complete": complete,
    }  # fmt: skip
    return Plan(title=title, rating=rating, tags=tags, summary=summary, notes=notes,
                 end_notes=end_notes, chapters=chapters, language=work_language(read.header),
                 complete=complete, published=_published(read.original), prompt=prompt,
                 community_name=community_name, fields=fields, warnings=warnings)  # fmt: skip


def _published(original: SourceDocument) -> datetime | None:
    """A backup entry's own date (the journal's time, read as UTC)."""
    raw = original.metadata.get("published", "")
    try:
        when = datetime.fromisoformat(raw) if raw else None
    except ValueError:
        return None
    if when is not None and timezone.is_naive(when):
        when = when.replace(tzinfo=UTC)
    return when


def _creators(raw: str, options: ImportOptions, lookups: Lookups, warnings: list[str]) -> list[str]:
    """The creators the header names, as written. The work is credited to the importing pseud;
    when the header names someone else, the report says so."""
    creators = split_names(raw, CREATOR_SEPARATORS)
    own = lookups.names_of(options.owner)
    others = [name for name in creators if name.casefold() not in own]
    if others:
        named = " and ".join(others)
        warnings.append(f"The header names {named} as creator; the work is credited to your "
                        f"pseud {options.pseud.name}.")  # fmt: skip
    return creators


def _chapters(story: SourceDocument) -> list[works.ChapterText]:
    text_format = _text_format(story)
    chapters = [
        works.ChapterText(title=chapter.title.strip()[:TITLE_MAX], text=_chapter_text(chapter,
                          text_format), text_format=text_format)
        for chapter in story.chapters
        if any(block.text.strip() or block.html for block in chapter.blocks)
    ]  # fmt: skip
    if not chapters:
        raise ImportError_("There is no story in this file, only a header.")
    for number, chapter in enumerate(chapters, start=1):
        if len(chapter.text) > CHAPTER_TEXT_MAX:
            raise ImportError_(f"Chapter {number} is {len(chapter.text):,} characters long; a "
                               f"chapter can be at most {CHAPTER_TEXT_MAX:,}.")  # fmt: skip
    return chapters


def _text_format(story: SourceDocument) -> str:
    if story.markdown:
        return TextFormat.MARKDOWN
    blocks = (block for chapter in story.chapters for block in chapter.blocks)
    return TextFormat.HTML if any(block.html is not None for block in blocks) else TextFormat.PLAIN


def _chapter_text(chapter: SourceChapter, text_format: str) -> str:
    """Plain text and Markdown: the blocks' text, a blank line between them, so paragraphs
    come out exactly as written. HTML: each block's own markup as a paragraph (``render``
    sanitises it)."""
    if text_format != TextFormat.HTML:
        return "\n\n".join(block.text for block in chapter.blocks)
    parts = []
    for block in chapter.blocks:
        if block.html is None:
            lines = escape(block.text, quote=False).split("\n")
            parts.append("<p>" + "<br>\n".join(lines) + "</p>")
        elif _BLOCK_START.match(block.html):
            parts.append(block.html)
        else:
            parts.append(f"<p>{block.html}</p>")
    return "\n".join(parts)
