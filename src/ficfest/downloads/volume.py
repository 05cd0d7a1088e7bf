"""What a file holds: one work, or an anthology of many with the masterlist as its contents.
Every writer takes a ``Volume``, so a work and an anthology go through the same code."""

from dataclasses import dataclass, field
from datetime import datetime

from ficfest.downloads.book import Book


@dataclass
class TocItem:
    title: str
    byline: str
    details: str
    work_id: int
    href: str = ""  # set by each writer: where the work starts in its file


@dataclass
class TocSection:
    heading: str
    items: list[TocItem] = field(default_factory=list)


@dataclass
class Cover:
    """The file's own metadata: for one work, the work's; for an anthology, the period's."""

    title: str
    creators: list[str]
    language: str
    subjects: list[str]
    published: datetime | None
    updated: datetime | None
    identifier: str  # a stable address naming the book
    description: str = ""
    community: str = ""
    url: str = ""
    count: int = 0

    @property
    def byline(self) -> str:
        return ", ".join(self.creators)


@dataclass
class Volume:
    cover: Cover
    books: list[Book]
    toc: list[TocSection] = field(default_factory=list)
    version: str = ""

    @property
    def is_anthology(self) -> bool:
        return bool(self.toc)


def single(book: Book) -> Volume:
    cover = Cover(
        title=book.title,
        creators=book.creators,
        language=book.language,
        subjects=book.subjects,
        published=book.published,
        updated=book.updated,
        identifier=book.url,
        description=book.summary,
        url=book.url,
        count=1,
    )
    return Volume(cover=cover, books=[book], version=book.version)
