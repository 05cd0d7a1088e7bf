"""Writes to works, chapters, creatorships and series. Each runs in one transaction."""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import datetime
from functools import partial
from pathlib import PurePath
from uuid import uuid4

from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Max, Sum
from django.utils import timezone

from ficfest.accounts.models import Pseud, User
from ficfest.lib.images import ImageRefused, without_metadata
from ficfest.lib.savepoints import atomic
from ficfest.lib.text import html_to_text, render, word_count
from ficfest.lib.videos import VideoRefused, video_without_metadata
from ficfest.tags.models import TagType
from ficfest.tags.services import tags_get_or_create_many
from ficfest.works.filtertags import filter_tags_of_new_work
from ficfest.works.models import (
    Chapter,
    CommentPolicy,
    Creatorship,
    FanmixTrack,
    Form,
    Series,
    SeriesWork,
    Status,
    Work,
    WorkImage,
)
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


IMAGE_FORMS = {Form.ART, Form.PICSPAM}
# Forms whose body is the chapter text; the others may have an empty description.
TEXT_FORMS = {Form.FIC, Form.META}


@dataclass(kw_only=True)
class ImageUpload:
    """An image of an art work or picspam with its description: a new upload, or the stored
    name of one of the work's current images (to keep it, with this description)."""

    file: File | str
    alt_text: str
    caption: str = ""


@dataclass(kw_only=True)
class Track:
    artist: str
    title: str


@dataclass(kw_only=True)
class Video:
    """A vid: a link or an uploaded file (a new upload, or None to keep the current one)."""

    duration_seconds: int
    url: str = ""
    file: File | None = None


# Names of files stored by the outermost ``files_discarded_on_error`` block still running.
_new_files: ContextVar[list[str] | None] = ContextVar("_new_files", default=None)


@contextmanager
def files_discarded_on_error() -> Iterator[None]:
    """Files land in storage before the transaction commits; when the block fails (a bad
    upload, a refused fill), delete the ones it stored, so a refused post leaves nothing."""
    if _new_files.get() is not None:  # an outer block owns the clean-up
        yield
        return
    names: list[str] = []
    token = _new_files.set(names)
    try:
        yield
    except BaseException:
        _delete_files(names)
        raise
    finally:
        _new_files.reset(token)


def _stored_name(upload: File) -> str:
    # A random name: what a creator called the file (often their own name) must not show in
    # URLs, where it would unmask an anonymous work.
    return uuid4().hex + PurePath(upload.name or "").suffix.lower()


def _remember(name: str) -> None:
    if (names := _new_files.get()) is not None:
        names.append(name)


def _delete_files_later(names: list[str]) -> None:
    """Old files go only once the change that replaced them has committed."""
    names = [n for n in names if n]
    if names:
        transaction.on_commit(partial(_delete_files, names))


def _delete_files(names: list[str]) -> None:
    for name in names:
        default_storage.delete(name)


def _set_images(work: Work, images: list[ImageUpload]) -> None:
    old = {image.image.name for image in work.images.all()}
    work.images.all().delete()
    kept = set()
    for position, upload in enumerate(images, start=1):
        image = WorkImage(work=work, position=position, alt_text=upload.alt_text,
                          caption=upload.caption)  # fmt: skip
        if isinstance(upload.file, str):
            if upload.file not in old:
                raise ValueError(f"{upload.file!r} is not an image of this work")
            image.image.name = upload.file
            kept.add(upload.file)
        else:
            image.image.save(_stored_name(upload.file), _image_copy(upload.file), save=False)
            _remember(image.image.name)
        image.save()
    _delete_files_later(sorted(old - kept))


def _image_copy(upload: File) -> File:
    """Never the upload itself: what a creator's tools wrote into it could name them."""
    try:
        return without_metadata(upload)
    except ImageRefused as refused:
        raise ValidationError(f"An image {refused}.") from None


def _video_copy(upload: File) -> File:
    """Never the upload itself: a vid editor's tags (©ART, artist, author) name the vidder."""
    extension = PurePath(upload.name or "").suffix.lower().lstrip(".")
    try:
        return video_without_metadata(upload, extension)
    except VideoRefused:
        raise ValidationError("The vid could not be read: upload an MP4, WebM or Ogg (.ogv) "
                              "video file.") from None  # fmt: skip


def _set_tracks(work: Work, tracks: list[Track]) -> None:
    work.tracks.all().delete()
    FanmixTrack.objects.bulk_create(
        FanmixTrack(work=work, position=position, artist=track.artist, title=track.title)
        for position, track in enumerate(tracks, start=1)
    )


def _set_video(work: Work, video: Video | None) -> None:
    """``None`` clears the vid fields (the work is no longer a vid)."""
    old = work.video_file.name or ""
    work.video_url = video.url if video else ""
    work.duration_seconds = video.duration_seconds if video else None
    if video is not None and video.file is not None:
        work.video_file.save(_stored_name(video.file), _video_copy(video.file), save=False)
        _remember(work.video_file.name or "")
    elif video is None or video.url:
        work.video_file.name = ""  # a link replaces an uploaded file
    work.save()
    if old and old != work.video_file.name:
        _delete_files_later([old])


def _has_video(work: Work) -> bool:
    return bool(work.video_url or work.video_file or work.duration_seconds is not None)


def _set_media(
    work: Work,
    images: list[ImageUpload] | None,
    tracks: list[Track] | None,
    video: Video | None,
) -> None:
    """Media of the work's form (``None``: keep what it has); media of other forms are
    cleared, so a work that changed form shows and is measured by its form's media only."""
    if work.form in IMAGE_FORMS:
        if images is not None:
            _set_images(work, images)
    elif work.images.exists():
        _set_images(work, [])
    if work.form == Form.FANMIX:
        if tracks is not None:
            _set_tracks(work, tracks)
    elif work.tracks.exists():
        _set_tracks(work, [])
    if work.form == Form.VID:
        if video is not None:
            _set_video(work, video)
    elif _has_video(work):
        _set_video(work, None)


def _set_tags(work: Work, tags: WorkTags, *, new: bool = False) -> None:
    chosen = tags_get_or_create_many(tags.by_type())
    if new:  # nothing to compare with: no read of old tags, no signal to recompute them
        filter_tags_of_new_work(work, chosen)
    else:
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
    if not pseuds:
        return
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


@atomic  # no savepoint of its own when an import holds one per file
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
    form: str = Form.FIC,
    images: list[ImageUpload] | None = None,
    tracks: list[Track] | None = None,
    video: Video | None = None,
    submission_key: str = "",
    comment_policy: str = CommentPolicy.ALL,
    comments_moderated: bool = False,
) -> Work:
    """A new work with its first chapter and, by its form, its images, tracks or vid."""
    with files_discarded_on_error():
        return _work_create(
            poster=poster, pseud=pseud, tags=tags, chapter=chapter, status=status,
            publish_at=publish_at, co_creators=co_creators, series=series,
            media=(images, tracks, video),
            fields={"title": title, "summary": summary, "notes": notes, "end_notes": end_notes,
                    "rating": rating, "language": language, "complete": complete,
                    "restricted": restricted, "form": form, "submission_key": submission_key,
                    "comment_policy": comment_policy, "comments_moderated": comments_moderated},
        )  # fmt: skip


Media = tuple[list[ImageUpload] | None, list[Track] | None, Video | None]


def _work_create(
    *,
    poster: User,
    pseud: Pseud,
    tags: WorkTags,
    chapter: ChapterText,
    status: str,
    publish_at: datetime | None,
    co_creators: list[Pseud] | None,
    series: Series | None,
    media: Media,
    fields: dict[str, object],
) -> Work:
    published_at, revised_at = _publication(status, publish_at)
    first = Chapter(position=1)
    _fill_chapter(first, chapter)
    # One chapter so far: the counts are known without asking the database (imports create
    # thousands of works in a row).
    work = Work.objects.create(
        poster=poster, status=status, published_at=published_at, revised_at=revised_at,
        word_count=first.word_count, chapter_count=1, **fields,
    )  # fmt: skip
    if any(item is not None for item in media):
        _set_media(work, *media)
    Creatorship.objects.create(work=work, pseud=pseud, accepted=True, invited_by=poster)
    _invite(work, co_creators or [], poster)
    _set_tags(work, tags, new=True)
    first.work = work
    first.save()
    _place_in_series(work, series)
    return work


@transaction.atomic
def work_update(
    *,
    work: Work,
    editor: User,
    tags: WorkTags,
    co_creators: list[Pseud] | None = None,
    series: Series | None = None,
    images: list[ImageUpload] | None = None,
    tracks: list[Track] | None = None,
    video: Video | None = None,
    **fields: object,
) -> Work:
    """Change a work's metadata. ``fields`` are Work attributes (title, summary, rating, form,
    …); ``images``, ``tracks`` and ``video`` replace the work's media (None: keep them)."""
    with files_discarded_on_error():
        for name, value in fields.items():
            setattr(work, name, value)
        work.save()
        _set_media(work, images, tracks, video)
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
def work_unpost(*, work: Work) -> Work:
    """A work posted in the same transaction back to a draft (the importer's fill that its
    community refused), as if it had never been posted."""
    work.status = Status.DRAFT
    work.published_at, work.revised_at = _publication(Status.DRAFT, None)
    work.save(update_fields=["status", "published_at", "revised_at", "updated_at"])
    return work


@transaction.atomic
def work_delete(*, work: Work) -> None:
    files = [image.image.name for image in work.images.all()] + [work.video_file.name or ""]
    work.delete()
    _delete_files_later(files)


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
def chapter_delete(*, chapter: Chapter) -> bool:
    """Remove a chapter and close the gap in the numbering; a work keeps at least one.

    Deletes of one work's chapters take turns (the work's row is locked), and each finds its
    chapter afresh: a repeated or concurrent delete of the same chapter deletes nothing more
    and answers False."""
    work = Work.objects.select_for_update().get(pk=chapter.work_id)
    current = work.chapters.filter(pk=chapter.pk).first()
    if current is None:
        return False
    if work.chapters.count() <= 1:
        raise ValueError("A work needs at least one chapter: delete the work instead.")
    current.delete()
    # One at a time, lowest first, so no two chapters ever share a position.
    for later in work.chapters.filter(position__gt=current.position).order_by("position"):
        later.position -= 1
        later.save(update_fields=["position"])
    _recount(work)
    return True


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
