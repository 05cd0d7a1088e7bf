"""What a downloaded work shows, gathered once and handed to every format's writer.

A ``Book`` is built from a work as ``Work.objects.visible_to`` read it for one reader, so the
one visibility rule decides what is in it: when that reader may not know the creators, the book
holds "Anonymous" and nothing else about them, and no writer can leak what it was never given.
Its ``version`` is a digest of everything the files show; files are cached under it, so any
change a reader could see (an edit, a new chapter, a retag, a reveal) asks for new files.
"""

import hashlib
import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db.models import Prefetch

from ficfest.communities.models import Fill, FillStatus, Prompt
from ficfest.lib.urls import site_url
from ficfest.tags.models import TagType
from ficfest.works.models import Chapter, Form, Language, Rating, Work

# Raised when what the writers produce changes, so files cached by an older build are remade.
LAYOUT_VERSION = "1"
ANONYMOUS = "Anonymous"

TAG_HEADINGS = [
    (TagType.WARNING, "Archive Warnings"),
    (TagType.CATEGORY, "Category"),
    (TagType.FANDOM, "Fandoms"),
    (TagType.RELATIONSHIP, "Relationships"),
    (TagType.CHARACTER, "Characters"),
    (TagType.FREEFORM, "Additional Tags"),
]


@dataclass
class Part:
    """One chapter as the files show it."""

    position: int
    heading: str  # "Chapter 2: Title", or "" for a one-chapter work with no title
    summary: str
    notes: str
    html: str
    end_notes: str
    stamp: str  # when it last changed, for the version


@dataclass
class Picture:
    """An image of an art work: the stored file's name in default storage, and its words."""

    name: str
    alt: str
    caption: str


@dataclass
class Book:
    work_id: int
    title: str
    creators: list[str]  # ["Anonymous"] when the reader may not know them
    rating: str
    language: str
    language_name: str
    form: str
    tags: list[tuple[str, list[str]]]  # (heading, names), headings with no tags left out
    fills: list[str]  # "Fill for the Fag Ends prompt: …"
    summary: str
    notes: str
    end_notes: str
    published: datetime | None
    updated: datetime | None
    words: int
    url: str
    parts: list[Part] = field(default_factory=list)
    pictures: list[Picture] = field(default_factory=list)
    tracks: list[str] = field(default_factory=list)
    video: str = ""
    stamp: str = ""  # the work's own last change, for the version

    @property
    def byline(self) -> str:
        return ", ".join(self.creators)

    @property
    def subjects(self) -> list[str]:
        """What the metadata lists as subjects: fandoms, relationships, characters, tags."""
        kept = {"Fandoms", "Relationships", "Characters", "Additional Tags"}
        return [name for heading, names in self.tags if heading in kept for name in names]

    @property
    def version(self) -> str:
        """A digest of everything the files show. The site's own address is left out: the
        worker, with no request, knows it only from SITE_URL (see docs/downloads.md)."""
        shown = {k: v for k, v in self.__dict__.items() if k not in ("parts", "url")}
        shown["parts"] = [(p.position, p.heading, p.stamp) for p in self.parts]
        shown["layout"] = LAYOUT_VERSION
        encoded = json.dumps(shown, default=str, sort_keys=True).encode()
        return hashlib.sha256(encoded).hexdigest()[:24]


def fills_prefetch() -> Prefetch:
    """A work's approved fills with what its preface says of them."""
    fills = Fill.objects.filter(status=FillStatus.APPROVED).select_related(
        "challenge__community", "period"
    )
    prompts = Prompt.objects.select_related("period__challenge__community")
    return Prefetch("fills", fills.prefetch_related(Prefetch("prompts", prompts)))


def book_queryset(works: Any) -> Any:
    """What building a book reads, in a fixed number of queries for any number of works."""
    return works.for_blurbs().prefetch_related("images", "tracks", fills_prefetch())


def fill_lines(work: Work) -> list[str]:
    """What the work answers, as its page says it (it never names a creator)."""
    lines = []
    for fill in sorted(work.fills.all(), key=lambda f: (f.created_at, f.pk)):
        community = fill.challenge.community
        for prompt in fill.prompts.all():
            line = f"Fill for the {prompt.community.name} prompt: {prompt.text}"
            if prompt.community != community:
                line += f" (in {community.name})"
            lines.append(line)
        if fill.for_theme and fill.period:
            lines.append(f"Fill for the {community.name} theme: {fill.period.current_theme()}")
        if not fill.prompts.all() and not fill.for_theme:
            lines.append(f"Posted to {community.name}: {fill.challenge.title}")
    return lines


def _tags(work: Work) -> list[tuple[str, list[str]]]:
    by_type: dict[str, list[str]] = {}
    for tag in work.tags.all():  # read once: each tags_of would copy the prefetched list
        by_type.setdefault(tag.type, []).append(tag.name)
    return [(heading, by_type[kind]) for kind, heading in TAG_HEADINGS if kind in by_type]


def _heading(chapter: Chapter, count: int) -> str:
    if count > 1 or chapter.title:
        return f"Chapter {chapter.position}" + (f": {chapter.title}" if chapter.title else "")
    return ""


def _parts(work: Work, chapters: list[Chapter]) -> list[Part]:
    count = len(chapters)
    return [
        Part(
            position=c.position,
            heading=_heading(c, count),
            summary=c.summary,
            notes=c.notes,
            html="",
            end_notes=c.end_notes,
            stamp=c.updated_at.isoformat(),
        )
        for c in chapters
    ]


def _creators(work: Work) -> list[str]:
    if work.creators_are_hidden:
        return [ANONYMOUS]
    return [pseud.name for pseud in work.credited_pseuds()] or ["Orphan account"]


def book_for(work: Work, chapters: list[Chapter] | None = None) -> Book:
    """The book of a work read through ``visible_to`` (and ideally ``book_queryset``),
    without its chapters' text: enough for the version; ``with_text`` adds the text."""
    if chapters is None:
        chapters = list(work.chapters.defer("html", "text").order_by("position"))
    return Book(
        work_id=work.pk,
        title=work.title,
        creators=_creators(work),
        rating=Rating(work.rating).label,
        language=work.language,
        language_name=Language(work.language).label,
        form=Form(work.form).label,
        tags=_tags(work),
        fills=fill_lines(work),
        summary=work.summary,
        notes=work.notes,
        end_notes=work.end_notes,
        published=work.published_at,
        updated=work.revised_at,
        words=work.word_count,
        url=site_url() + work.get_absolute_url(),
        parts=_parts(work, chapters),
        pictures=[Picture(i.image.name, i.alt_text, i.caption) for i in work.images.all()],
        tracks=[f"{t.artist} – {t.title}" for t in work.tracks.all()],
        video=work.video_url or (work.video_file.url if work.video_file else ""),
        stamp=work.updated_at.isoformat(),
    )


def with_text(books: list[Book]) -> list[Book]:
    """Fill in the chapters' text of these books, in one query."""
    by_work = {book.work_id: book for book in books}
    rows = Chapter.objects.filter(work_id__in=by_work).values_list("work_id", "position", "html")
    texts = {(work_id, position): html for work_id, position, html in rows}
    for book in books:
        for part in book.parts:
            part.html = texts.get((book.work_id, part.position), "")
    return books
