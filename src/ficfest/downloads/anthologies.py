"""Anthology files: served from the cache, built at once when small, else by the worker with
its progress kept on an ``AnthologyBuild`` row for the anthology's page."""

from django.conf import settings
from django.db import IntegrityError, transaction

from ficfest.communities.models import Period
from ficfest.downloads import files
from ficfest.downloads.anthology import Edition, anthology_volume, folder_of
from ficfest.downloads.book import with_text
from ficfest.downloads.models import AnthologyBuild, BuildState
from ficfest.downloads.volume import Volume
from ficfest.downloads.works import Built

ANTHOLOGY_FORMATS = ["epub", "pdf"]
CHUNK = 50  # works whose text is read at once, between two progress updates


def anthology_name(volume: Volume, fmt: str) -> str:
    return files.download_name(volume.cover.title, fmt)


def anthology_built(period: Period, volume: Volume, fmt: str) -> Built | None:
    name = files.stored(folder_of(period), volume.version, fmt)
    return Built(name, anthology_name(volume, fmt)) if files.cached(name) else None


def anthology_write(
    period: Period, volume: Volume, fmt: str, build: AnthologyBuild | None
) -> Built:
    """Read the text of every work (reporting progress on ``build``), then write the file."""
    for start in range(0, len(volume.books), CHUNK):
        with_text(volume.books[start : start + CHUNK])
        if build is not None:
            _report(build, BuildState.GATHERING, done=min(start + CHUNK, len(volume.books)))
    if build is not None:
        _report(build, BuildState.WRITING, done=len(volume.books))
    name = files.stored(folder_of(period), volume.version, fmt)
    files.keep(name, files.write(volume, fmt))
    files.sweep(folder_of(period), set(_current_versions(period, volume)))
    return Built(name, anthology_name(volume, fmt))


def _current_versions(period: Period, volume: Volume) -> list[str]:
    """The versions still served: this one, and the other edition's latest finished build."""
    others = AnthologyBuild.objects.filter(period=period, state=BuildState.DONE)
    return [volume.version, *others.values_list("version", flat=True)]


def _report(build: AnthologyBuild, state: str, *, done: int) -> None:
    AnthologyBuild.objects.filter(pk=build.pk).update(state=state, done=done)


def anthology_is_small(volume: Volume, fmt: str) -> bool:
    """Small enough to build while the reader waits. A PDF's layout takes about ten times an
    EPUB's, so it gets a quarter of the limit."""
    limit = settings.DOWNLOADS_ANTHOLOGY_SYNC_MAX
    return len(volume.books) <= (limit // 4 if fmt == "pdf" else limit)


def anthology_request(
    *, period: Period, edition: Edition, fmt: str, volume: Volume
) -> AnthologyBuild:
    """The build of this version, queued for the worker the first time it is asked for, and
    again after a failure or when its file has gone (the caller found none)."""
    from ficfest.downloads.tasks import build_anthology  # the task module imports this one

    fields = {"period": period, "edition": edition, "fmt": fmt, "version": volume.version}
    try:
        with transaction.atomic():
            build, created = AnthologyBuild.objects.get_or_create(
                **fields, defaults={"total": len(volume.books)}
            )
    except IntegrityError:  # asked twice at once: the other request made it
        return AnthologyBuild.objects.get(**fields)
    if created or build.state in (BuildState.FAILED, BuildState.DONE):
        AnthologyBuild.objects.filter(pk=build.pk).update(state=BuildState.QUEUED, error="")
        transaction.on_commit(lambda: build_anthology.enqueue(build.pk))
    return build


def anthology_build_run(build_id: int) -> None:
    """The worker's side: rebuild the volume as it is now and write it. A build whose version
    is out of date by now writes the current one (the page asks again for what is current)."""
    build = (
        AnthologyBuild.objects.select_related("period__challenge__community")
        .filter(pk=build_id)
        .first()
    )
    if build is None or build.state == BuildState.DONE:
        return
    volume = anthology_volume(build.period, build.edition)  # type: ignore[arg-type]
    try:
        anthology_write(build.period, volume, build.fmt, build)
    except Exception as error:
        AnthologyBuild.objects.filter(pk=build.pk).update(
            state=BuildState.FAILED, error=str(error)[:500]
        )
        raise
    AnthologyBuild.objects.filter(pk=build.pk).update(
        state=BuildState.DONE, done=len(volume.books), total=len(volume.books)
    )
