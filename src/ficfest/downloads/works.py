"""One work's files: read through the visibility rule, found in the cache by version, built
when missing. A request builds only the file it asks for, of the work it asks for."""

from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from ficfest.accounts.auth import AnyUser
from ficfest.downloads import files
from ficfest.downloads.book import book_for, book_queryset, with_text
from ficfest.downloads.volume import Volume, single
from ficfest.works.models import Work


@dataclass
class Built:
    stored_name: str
    download_name: str


def readable_work(user: AnyUser, pk: int) -> Work:
    """The work as this reader may see it; strangers get the same 404 for a hidden work as
    for one that does not exist, as the work page does."""
    work = book_queryset(Work.objects.visible_to(user)).filter(pk=pk).first()
    if work is None:
        raise Http404("No such work, or you can't see it.")
    return work


def work_volume(work: Work) -> Volume:
    """The work's volume without its text: what the version needs."""
    return single(book_for(work))


def folder_of(work_id: int) -> str:
    return f"works/{work_id}"


def work_file(*, work: Work, fmt: str) -> Built:
    volume = work_volume(work)
    name = files.stored(folder_of(work.pk), volume.version, fmt)
    if not files.cached(name):
        with_text(volume.books)
        files.keep(name, files.write(volume, fmt))
    return Built(name, files.download_name(work.title, fmt))


def work_files_build(*, work_id: int, formats: list[str]) -> list[str]:
    """The files a logged-out reader gets, built ahead of any request (the worker's job);
    files of versions no reader sees now are swept. Returns the formats built."""
    work = Work.objects.visible_to(AnonymousUser()).filter(pk=work_id)
    found = book_queryset(work).first()
    folder = folder_of(work_id)
    if found is None:  # hidden from the public, or gone: keep only what its creators read
        files.sweep(folder, _insider_versions(work_id))
        return []
    volume = work_volume(found)
    built: list[str] = []
    for fmt in formats:
        name = files.stored(folder, volume.version, fmt)
        if not files.cached(name):
            if not built:
                with_text(volume.books)
            files.keep(name, files.write(volume, fmt))
            built.append(fmt)
    files.sweep(folder, {volume.version, *_insider_versions(work_id)})
    return built


def _insider_versions(work_id: int) -> set[str]:
    """The version its creators see (names shown on an anonymous work), kept through sweeps."""
    work = book_queryset(Work.objects.filter(pk=work_id)).first()
    if work is None:
        return set()
    work.creators_hidden = False
    return {work_volume(work).version}
