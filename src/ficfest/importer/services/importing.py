"""Import one file: read it, make a work of what its header says, link the work to the prompt it
was written for, and keep the original.

``import_file`` never raises for a bad file: it returns a report whose status says what
happened (``imported``, ``skipped``, ``failed``) and whose ``error`` says why in words the
person importing can act on. Each file is one transaction (through ``import_files``, one
savepoint of its batch's transaction), so a file that fails leaves nothing behind, not even its
stored original. A dry run does the same work in a transaction it rolls
back, so its report is the one the real run would give.
"""

import hashlib
import logging
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import PurePath
from uuid import uuid4

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.db import IntegrityError, transaction
from django.utils import timezone

from ficfest.accounts.models import Pseud, User
from ficfest.communities.models import Community, FillStatus
from ficfest.communities.services.fills import fill_create
from ficfest.importer.document import ImportError_
from ficfest.importer.models import ImportedFile
from ficfest.importer.readers.ljbackup import PRIVATE
from ficfest.importer.services.anthology import anthology_write
from ficfest.importer.services.linking import Target, find_target
from ficfest.importer.services.lookups import Lookups
from ficfest.importer.services.plan import ImportOptions, Plan, Read, plan_work, read_file
from ficfest.importer.services.report import FAILED, IMPORTED, SKIPPED, ImportReport, size_refusal
from ficfest.lib.savepoints import savepoint_held
from ficfest.lib.storage import originals_storage
from ficfest.lib.urls import absolute
from ficfest.tags.memo import active_memo
from ficfest.works import services as works
from ficfest.works.models import Status, Work

log = logging.getLogger(__name__)

_SECURITY = {"private": "private", "usemask": "friends-only", "friends": "friends-only"}


def import_file(
    *,
    filename: str,
    data: bytes,
    owner: User,
    pseud: Pseud | None,
    community: Community | None,
    create_prompts: bool,
    dry_run: bool,
    lookups: Lookups | None = None,
    include_private: bool = False,
    hints: dict[str, str] | None = None,
) -> ImportReport:
    """Import one file for ``owner``, credited to ``pseud`` (their default pseud if None).

    ``community``: the community its fills belong to, whatever the file says; None lets the
    file's own prompt reference name it. ``create_prompts``: a prompt the community does not
    have is created (when ``owner`` moderates it) instead of being reported missing.
    ``hints``: what the file's surroundings say of it, as metadata labels (a backup's entry:
    the prompt it fills); the file's own header wins."""
    options = ImportOptions(owner=owner, pseud=pseud or owner.default_pseud, community=community,
                       create_prompts=create_prompts, dry_run=dry_run,
                       include_private=include_private)  # fmt: skip
    lookups = lookups if lookups is not None else Lookups()
    return import_guarded(filename, data, options, lookups, hints=hints)


@dataclass
class BatchWrites:
    """What the files of a batch (``import_files``) stored so far in its open transaction:
    the originals to delete again if the batch cannot commit."""

    stored: list[str] = field(default_factory=list)


def import_guarded(
    filename: str,
    data: bytes,
    options: ImportOptions,
    lookups: Lookups,
    batch: BatchWrites | None = None,
    *,
    hints: dict[str, str] | None = None,
) -> ImportReport:
    """``import_file`` for callers with their options made; in a batch, the file's writes are
    a savepoint of the batch's transaction."""
    report = ImportReport(file=filename)
    try:
        _import(report, filename, data, options, lookups, batch, hints or {})
    except ImportError_ as error:
        _fail(report, str(error), lookups)
    except IntegrityError:  # the same file, imported by another process at the same moment
        _fail(report, "This file was being imported by another import at the same time: run "
              "the import again and it will be skipped.", lookups)  # fmt: skip
    except Exception as error:  # a bug or a library's surprise: one file fails, not the run
        log.exception("Importing %s failed", filename)
        _fail(report, f"Could not read this file: {type(error).__name__}", lookups)
    return report


def _fail(report: ImportReport, message: str, lookups: Lookups) -> None:
    lookups.rolled_back()
    if (memo := active_memo()) is not None:  # tags the file created are gone again
        memo.forget()
    report.status, report.error = FAILED, message
    report.work_id = report.url = None
    report.parts = []


def _import(
    report: ImportReport,
    filename: str,
    data: bytes,
    options: ImportOptions,
    lookups: Lookups,
    batch: BatchWrites | None,
    hints: dict[str, str],
) -> None:
    if refusal := size_refusal(len(data)):
        raise ImportError_(refusal)
    sha256 = hashlib.sha256(data).hexdigest()
    if _skipped(report, sha256, options, lookups):
        return
    read = read_file(filename, data, hints)
    security = read.original.metadata.get("security", "public")
    if security in PRIVATE and not options.include_private:
        report.status = SKIPPED
        report.warnings.append(f"A {_SECURITY.get(security, security)} entry: not imported "
                               "(--include-private imports it).")  # fmt: skip
        return
    plans = [plan_work(part, options, lookups) for part in read.parts or [read]]
    report.fields, report.warnings = plans[0].fields, plans[0].warnings
    write = partial(_write_plans, plans, read.original.series)
    if options.dry_run:
        lookups.seen.add((options.owner.pk, sha256))
        with transaction.atomic():
            write(report, options, lookups)
            transaction.set_rollback(True)
        lookups.rolled_back()
        for line in [report, *report.parts]:
            line.work_id = line.url = None
        return
    before = lookups.imported_before(options.owner, sha256)
    original = _Original(filename=filename, data=data, sha256=sha256, read=read,
                         imported_before=before)  # fmt: skip
    _write_for_real(write, report, original, options, lookups, batch)


def _skipped(report: ImportReport, sha256: str, options: ImportOptions, lookups: Lookups) -> bool:
    """The same bytes imported before by the same person: report the work they made."""
    owner = options.owner
    if options.dry_run and (owner.pk, sha256) in lookups.seen:
        report.status = SKIPPED
        report.warnings.append("The same file comes earlier in this import.")
        return True
    if not lookups.imported_before(owner, sha256):
        return False
    earlier = ImportedFile.objects.filter(owner=owner, sha256=sha256).select_related("work")
    imported = earlier.first()
    if imported is None or imported.work is None:  # a deleted work may be imported again
        return False
    report.status, report.imported_file_id = SKIPPED, imported.pk
    report.work_id, report.url = imported.work.pk, _url(imported.work)
    report.fields.update(imported.report.get("fields", {}))
    when = imported.created_at.date().isoformat()
    report.warnings.append(f"Already imported on {when} as “{imported.work.title}”.")
    return True


def _url(work: Work) -> str:
    return absolute(work.get_absolute_url())


@dataclass
class _Original:
    filename: str
    data: bytes
    sha256: str
    read: Read
    imported_before: bool  # by a work since deleted: its record is replaced


def _write_for_real(
    write: "_Writer",
    report: ImportReport,
    original: _Original,
    options: ImportOptions,
    lookups: Lookups,
    batch: BatchWrites | None,
) -> None:
    """One transaction (in a batch, one savepoint): the work, its fill, the stored original.
    The original is written to storage before the commit; it is deleted again when anything
    fails."""
    stored: list[str] = []
    try:
        with transaction.atomic(), savepoint_held():  # rolled back whole when anything fails
            work = write(report, options, lookups)
            imported = _store_original(original, work, report, options.owner, stored)
    except BaseException:
        for name in stored:
            originals_storage().delete(name)
        raise
    if batch is None:  # committed: the prompts it created stay
        lookups.created_in.clear()
    else:  # kept until the batch commits
        batch.stored += stored
    lookups.hashes.setdefault(options.owner.pk, set()).add(original.sha256)
    report.imported_file_id = imported.pk


_Writer = Callable[[ImportReport, ImportOptions, Lookups], Work]


def _write_plans(
    plans: list[Plan], series: str, report: ImportReport, options: ImportOptions, lookups: Lookups
) -> Work:
    """The file's work, or an anthology's works gathered into a series."""
    if len(plans) == 1:
        return _write(plans[0], report, options, lookups)
    return anthology_write(
        plans=plans, series_title=series, report=report, owner=options.owner,
        write=lambda plan, part: _write(plan, part, options, lookups),
    )  # fmt: skip


def _write(plan: Plan, report: ImportReport, options: ImportOptions, lookups: Lookups) -> Work:
    target = find_target(plan, options, lookups, report.warnings)
    if target is not None:
        _add_required_tags(plan, target, report)
    work = _create_work(plan, options, fill=target is not None)
    if target is not None:
        _make_fill(work, target, options, report)
    if plan.published is not None and work.status == Status.POSTED:
        work.published_at = plan.published  # a backup's entry or comment: its original date
        work.save(update_fields=["published_at"])
    report.status, report.work_id, report.url = IMPORTED, work.pk, _url(work)
    report.fields["word_count"] = work.word_count
    return work


def _add_required_tags(plan: Plan, target: Target, report: ImportReport) -> None:
    """A fill was posted under its community's rules, so it carries the tags every work there
    must carry (the seed's community requires its pairing): add those the header left out."""
    by_type = plan.tags.by_type()
    for tag in target.tags:
        names = by_type.get(tag.type)
        if names is None or tag.name.casefold() in {n.casefold() for n in names}:
            continue
        names.append(tag.name)
        community = target.challenge.community.name
        report.warnings.append(f"Added the tag “{tag.name}” that every work in {community} "
                               "carries.")  # fmt: skip
    report.fields["fandoms"], report.fields["warnings"] = plan.tags.fandoms, plan.tags.warnings
    report.fields["relationships"] = plan.tags.relationships
    report.fields["characters"] = plan.tags.characters
    report.fields["tags"] = plan.tags.categories + plan.tags.freeforms


def _create_work(plan: Plan, options: ImportOptions, *, fill: bool) -> Work:
    """A work for a fill is posted only if the community takes the fill: it goes back to
    being a draft when it does not (``_make_fill``). Creating it posted saves a write for every
    fill that is taken, nearly all of them; nobody sees it before the transaction ends."""
    first, *more = plan.chapters
    work = works.work_create(
        poster=options.owner, pseud=options.pseud, title=plan.title, tags=plan.tags,
        chapter=first, rating=plan.rating, summary=plan.summary, notes=plan.notes,
        end_notes=plan.end_notes,
        language=plan.language, complete=plan.complete,
        status=Status.POSTED,
    )  # fmt: skip
    for chapter in more:
        works.chapter_add(work=work, content=chapter)
    if more:
        work.refresh_from_db(fields=["word_count", "chapter_count"])
    return work


def _make_fill(work: Work, target: Target, options: ImportOptions, report: ImportReport) -> None:
    community = target.challenge.community.name
    try:
        fill = fill_create(work=work, challenge=target.challenge, prompts=[target.prompt],
                           for_theme=False, by=options.owner, new_work=True)  # fmt: skip
    except ValidationError as refusal:
        works.work_unpost(work=work)
        report.warnings += refusal.messages
        report.warnings.append(
            f"{community} did not take it as a fill, so the work was imported as a draft: "
            "fix it and post it from your dashboard."
        )
        return
    if fill.status == FillStatus.PENDING:
        report.warnings.append(f"The fill waits for a moderator of {community} to approve it.")


def _store_original(
    original: _Original, work: Work, report: ImportReport, owner: User, stored: list[str]
) -> ImportedFile:
    name = PurePath(original.filename).name
    if original.imported_before:  # by a work since deleted: replace its record
        _replace_earlier(owner, original.sha256)
    imported = ImportedFile(
        owner=owner, sha256=original.sha256, filename=_short_name(name),
        size=len(original.data), encoding=original.read.encoding,
        format=original.read.original.format, work=work,
        report={**report.as_json(), "parts": [part.as_json() for part in report.parts]},
    )  # fmt: skip
    imported.original.name = _write_original(original.data, PurePath(name).suffix.lower()[:10])
    stored.append(imported.original.name)
    imported.save()
    return imported


def _write_original(data: bytes, suffix: str) -> str:
    """The original's stored name, under the field's monthly folder. A random name: the file's
    own may be its creator's, and must not show in URLs. On the file system the bytes go in
    with one open and one write: the name is random, so no look-up first for a free one
    (``O_EXCL`` refuses the one-in-2¹²² clash, which fails the file), and the folder is made
    only when the open finds it missing (once a month)."""
    name = timezone.now().strftime("imports/%Y/%m/") + uuid4().hex + suffix
    storage = originals_storage()
    if not isinstance(storage, FileSystemStorage):
        return storage.save(name, ContentFile(data))
    path = storage.path(name)
    flags, mode = os.O_WRONLY | os.O_CREAT | os.O_EXCL, storage.file_permissions_mode or 0o666
    try:
        descriptor = os.open(path, flags, mode)
    except FileNotFoundError:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        descriptor = os.open(path, flags, mode)
    with os.fdopen(descriptor, "wb") as file:
        file.write(data)
    return name


def _replace_earlier(owner: User, sha256: str) -> None:
    for old in ImportedFile.objects.filter(owner=owner, sha256=sha256):
        transaction.on_commit(partial(originals_storage().delete, old.original.name))
        old.delete()


def _short_name(name: str) -> str:
    if len(name) <= 255:
        return name
    suffix = PurePath(name).suffix[:20]
    return name[: 255 - len(suffix)] + suffix
