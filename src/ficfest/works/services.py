"""Writes to works, chapters, creatorships and series. Each runs in one transaction."""

from dataclasses import dataclass, field
from datetime import datetime
from functools import partial

from django.db import transaction
from django.db.models import Max, Sum
from django.utils import timezone

from ficfest.accounts.models import Pseud, User
from ficfest.lib.text import html_to_text, render, word_count
from ficfest.tags.models import TagType
from ficfest.tags.services import tags_get_or_create
from ficfest.works.models import Chapter, Creatorship, Series, SeriesWork, Status, Work
from ficfest.works.tasks import notify_co_creator_invited


@dataclass(kw_only=True)
class WorkTags:
    """The typed tags of a work, as names."""

    fandoms: list[str]
    warnings: list[str]
    categories: list[str] = field(default_factory=list)
    relationships: list[str] = field(default_factory=list)
    characters: list[str] = field(default_factory=list)
    freeforms: list[str] = field(default_factory=list)

    def by_type(self) -> dict[str, list[str]]:
        return {
            TagType.FANDOM: self.fandoms,
            TagType.WARNING: self.warnings,
            TagType.CATEGORY: self.categories,
            TagType.RELATIONSHIP: self.relationships,
            TagType.CHARACTER: self.characters,
            TagType.FREEFORM: self.freeforms,
        }


@dataclass(kw_only=True)
class ChapterText:
    text: str
    text_format: str
    title: str = ""
    summary: str = ""
    notes: str = ""
    end_notes: str = ""


def _set_tags(work: Work, tags: WorkTags) -> None:
    chosen = []
    for tag_type, names in tags.by_type().items():
        chosen += tags_get_or_create(tag_type=tag_type, names=names)
    work.tags.set(chosen)


def _fill_chapter(chapter: Chapter, content: ChapterText) -> None:
    for name in ("text", "text_format", "title", "summary", "notes", "end_notes"):
        setattr(chapter, name, getattr(content, name))
    chapter.html = render(content.text, content.text_format)
    chapter.word_count = word_count(html_to_text(chapter.html))


def _recount(work: Work) -> None:
    totals = work.chapters.aggregate(words=Sum("word_count"), last=Max("position"))
    work.word_count = totals["words"] or 0
    work.chapter_count = work.chapters.count()
    work.save(update_fields=["word_count", "chapter_count", "updated_at"])


def _publication(status: str, publish_at: datetime | None) -> tuple[datetime | None, ...]:
    if status == Status.DRAFT:
        return (None, None)
    when = publish_at or timezone.now()
    return (when, when)


def _invite(work: Work, pseuds: list[Pseud], inviter: User) -> None:
    existing = set(work.creatorships.values_list("pseud_id", flat=True))
    for pseud in pseuds:
        if pseud.pk in existing:
            continue
        # A creator crediting another of their own pseuds needs no invitation.
        own = pseud.user_id == inviter.pk
        ship = Creatorship.objects.create(work=work, pseud=pseud, accepted=own, invited_by=inviter)
        if not own:
            transaction.on_commit(partial(notify_co_creator_invited.enqueue, ship.pk))


def _place_in_series(work: Work, series: Series | None) -> None:
    if series is None or SeriesWork.objects.filter(series=series, work=work).exists():
        return
    last = series.items.aggregate(last=Max("position"))["last"] or 0
    SeriesWork.objects.create(series=series, work=work, position=last + 1)


@transaction.atomic
def work_create(
    *,
    poster: User,
    pseud: Pseud,
    title: str,
    tags: WorkTags,
    chapter: ChapterText,
    rating: str,
    summary: str = "",
    notes: str = "",
    end_notes: str = "",
    language: str = "en",
    complete: bool = True,
    restricted: bool = False,
    status: str = Status.POSTED,
    publish_at: datetime | None = None,
    co_creators: list[Pseud] | None = None,
    series: Series | None = None,
) -> Work:
    published_at, revised_at = _publication(status, publish_at)
    work = Work.objects.create(
        poster=poster, title=title, summary=summary, notes=notes, end_notes=end_notes,
        rating=rating, language=language, complete=complete, restricted=restricted,
        status=status, published_at=published_at, revised_at=revised_at,
    )  # fmt: skip
    Creatorship.objects.create(work=work, pseud=pseud, accepted=True, invited_by=poster)
    _invite(work, co_creators or [], poster)
    _set_tags(work, tags)
    first = Chapter(work=work, position=1)
    _fill_chapter(first, chapter)
    first.save()
    _place_in_series(work, series)
    _recount(work)
    return work


@transaction.atomic
def work_update(
    *,
    work: Work,
    editor: User,
    tags: WorkTags,
    co_creators: list[Pseud] | None = None,
    series: Series | None = None,
    **fields: object,
) -> Work:
    """Change a work's metadata. ``fields`` are Work attributes (title, summary, rating, …)."""
    for name, value in fields.items():
        setattr(work, name, value)
    work.save()
    _set_tags(work, tags)
    _invite(work, co_creators or [], editor)
    _place_in_series(work, series)
    return work


@transaction.atomic
def work_post(*, work: Work, publish_at: datetime | None = None) -> Work:
    """Post a draft, now or at a future time."""
    work.status = Status.POSTED
    work.published_at, work.revised_at = _publication(Status.POSTED, publish_at)
    work.save(update_fields=["status", "published_at", "revised_at", "updated_at"])
    return work


@transaction.atomic
def work_delete(*, work: Work) -> None:
    work.delete()


@transaction.atomic
def chapter_add(*, work: Work, content: ChapterText) -> Chapter:
    last = work.chapters.aggregate(last=Max("position"))["last"] or 0
    chapter = Chapter(work=work, position=last + 1)
    _fill_chapter(chapter, content)
    chapter.save()
    if work.is_published:
        work.revised_at = timezone.now()
        work.save(update_fields=["revised_at", "updated_at"])
    _recount(work)
    return chapter


@transaction.atomic
def chapter_update(*, chapter: Chapter, content: ChapterText) -> Chapter:
    _fill_chapter(chapter, content)
    chapter.save()
    _recount(chapter.work)
    return chapter


@transaction.atomic
def chapter_delete(*, chapter: Chapter) -> None:
    """Remove a chapter and close the gap in the numbering; a work keeps at least one."""
    work = chapter.work
    if work.chapters.count() <= 1:
        raise ValueError("A work needs at least one chapter: delete the work instead.")
    position = chapter.position
    chapter.delete()
    for later in work.chapters.filter(position__gt=position).order_by("position"):
        later.position -= 1
        later.save(update_fields=["position"])
    _recount(work)


@transaction.atomic
def creatorship_answer(*, creatorship: Creatorship, accept: bool) -> None:
    if accept:
        creatorship.accepted = True
        creatorship.save(update_fields=["accepted"])
    else:
        creatorship.delete()


@transaction.atomic
def series_create(*, owner: User, title: str) -> Series:
    return Series.objects.create(owner=owner, title=title)
