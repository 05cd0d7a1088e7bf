"""A community period's fills as one book, with the masterlist as its table of contents.

An anthology is a shared file, so it is never built for one reader's eyes: there are two
editions, what a logged-out reader sees and what any logged-in reader sees (restricted works
too), each built from the masterlist as that reader gets it. A moderator or a creator who sees
through a secret gets the same edition as everyone else, so no anthology names a hidden creator.
"""

import hashlib
import json
from collections import defaultdict
from typing import Literal

from django.contrib.auth.models import AnonymousUser
from django.db.models import prefetch_related_objects

from ficfest.accounts.auth import AnyUser
from ficfest.accounts.models import User
from ficfest.communities.masterlists import Entry, Masterlist, build_masterlist
from ficfest.communities.models import Period
from ficfest.downloads.book import ANONYMOUS, Book, book_for, fills_prefetch
from ficfest.downloads.volume import Cover, TocItem, TocSection, Volume
from ficfest.lib.urls import site_url
from ficfest.works.models import Chapter, Work

Edition = Literal["public", "members"]


def edition_for(user: AnyUser) -> Edition:
    return "members" if user.is_authenticated else "public"


def reader_of(edition: Edition) -> AnyUser:
    """A reader standing for the edition: logged out, or logged in with no works, no
    membership and no secrets to keep (an account that cannot exist: no user has id 0)."""
    if edition == "public":
        return AnonymousUser()
    return User(pk=0, username="")


def folder_of(period: Period) -> str:
    return f"periods/{period.pk}"


def _byline(entry: Entry) -> str:
    if entry.hidden:
        return ANONYMOUS
    return ", ".join(p.name for p in entry.pseuds) or "Orphan account"


def _toc(masterlist: Masterlist) -> list[TocSection]:
    return [
        TocSection(
            section.heading,
            [TocItem(e.work.title, _byline(e), e.details, e.work.pk) for e in section.entries],
        )
        for section in masterlist.sections
    ]


def _books(works: list[Work]) -> list[Book]:
    """Each work once, in masterlist order. The masterlist read them through ``visible_to``
    for the edition's reader, with their tags, credits and images; their fills and chapters
    are added here in a few queries."""
    prefetch_related_objects(works, fills_prefetch())
    chapters: dict[int, list[Chapter]] = defaultdict(list)
    rows = Chapter.objects.filter(work_id__in=[w.pk for w in works]).defer("html", "text")
    for chapter in rows.order_by("work_id", "position"):
        chapters[chapter.work_id].append(chapter)
    return [book_for(work, chapters[work.pk]) for work in works]


def anthology_volume(period: Period, edition: Edition) -> Volume:
    """The anthology without its text (see ``with_text``): enough for its version."""
    reader = reader_of(edition)
    masterlist = build_masterlist(period, reader)
    works = {e.work.pk: e.work for s in masterlist.sections for e in s.entries}
    books = _books(list(works.values()))
    community = masterlist.community
    url = site_url() + period.get_absolute_url()
    cover = Cover(
        title=f"{community.name}: {masterlist.title}",
        creators=[community.name],
        language=books[0].language if books else "en",
        subjects=sorted({s for book in books for s in book.subjects}),
        published=period.opens_at,
        updated=max((b.updated for b in books if b.updated), default=period.opens_at),
        identifier=f"{url}#anthology-{edition}",
        description=f"The fills of {masterlist.title} at {community.name}.",
        community=community.name,
        url=url,
        count=len(books),
    )
    volume = Volume(cover=cover, books=books, toc=_toc(masterlist))
    volume.version = _version(volume, edition)
    return volume


def _version(volume: Volume, edition: str) -> str:
    toc = [(s.heading, [(i.work_id, i.byline, i.details) for i in s.items]) for s in volume.toc]
    shown = [edition, volume.cover.title, toc, [book.version for book in volume.books]]
    return hashlib.sha256(json.dumps(shown, default=str).encode()).hexdigest()[:24]
