"""Importing many files at once: a folder, a journal backup, an upload of dozens of files.

Committing costs more than writing a small work, so ``import_files`` writes files in batches:
one transaction for up to ``BATCH_FILES`` files (or ``BATCH_SECONDS``, so that the archive's
other writers never wait long for it), each file a savepoint inside it. A file that fails rolls
back its own savepoint, its stored original is deleted, and the others go on; what one file
leaves behind is exactly what ``import_file`` would have left. Inside a batch the tag services
remember the tags they have read (``ficfest.tags.memo``); the next batch reads those tags again
in a query or two at its start, so a wrangler's change between batches is seen. The rules a fill
is checked against (membership, form limits, required tags) are read once a batch
(``ficfest.communities.memo``).

Should the batch itself fail to commit (a row one of its files wrote broke a constraint that
is checked at commit, another process holding the database too long), nothing of it stays: its
stored originals are deleted and each of its files is imported again on its own, in its own
transaction, so the good files land and the bad one fails alone.
"""

import logging
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from django.db import transaction

from ficfest.accounts.models import Pseud, User
from ficfest.communities.memo import rules_memoised
from ficfest.communities.models import Community
from ficfest.importer.services.importing import BatchWrites, import_guarded
from ficfest.importer.services.lookups import Lookups
from ficfest.importer.services.plan import ImportOptions
from ficfest.importer.services.report import ImportReport, failed_report
from ficfest.lib.gathering import gathered, send_gathered
from ficfest.lib.storage import originals_storage
from ficfest.tags.memo import tags_memoised

log = logging.getLogger(__name__)

# A batch ends at whichever comes first. 200 short files take about half a second; a web
# request waiting to write waits at most that long (SQLite has one writer at a time).
BATCH_FILES = 200
BATCH_SECONDS = 1.0
# The files of a batch are kept in memory until it commits, to import them again one by one
# if it cannot.
BATCH_BYTES = 64 * 1024**2


@dataclass
class Source:
    """One file to import: its bytes, or why it could not even be read (no such file, too
    big), which is reported in its place."""

    filename: str
    data: bytes = b""
    refusal: str | None = None


def import_files(
    sources: Iterable[Source],
    *,
    owner: User,
    pseud: Pseud | None,
    community: Community | None,
    create_prompts: bool,
    dry_run: bool,
    lookups: Lookups | None = None,
    include_private: bool = False,
) -> Iterator[ImportReport]:
    """``import_file`` for each source, in order, a report each as its batch commits."""
    options = ImportOptions(owner=owner, pseud=pseud or owner.default_pseud, community=community,
                            create_prompts=create_prompts, dry_run=dry_run,
                            include_private=include_private)  # fmt: skip
    lookups = lookups if lookups is not None else Lookups()
    pending = iter(sources)
    if dry_run:  # each file is rolled back on its own: there is nothing to commit
        yield from (_one(source, options, lookups, None) for source in pending)
        return
    while True:
        batch = _Batch()
        yield from batch.run(pending, options, lookups)
        if batch.source_error is not None:  # the files before it are written; then stop
            raise batch.source_error
        if batch.exhausted:
            return


def _one(
    source: Source, options: ImportOptions, lookups: Lookups, writes: BatchWrites | None
) -> ImportReport:
    if source.refusal is not None:
        return failed_report(source.filename, source.refusal)
    return import_guarded(source.filename, source.data, options, lookups, writes)


@dataclass
class _Batch:
    taken: list[Source] = field(default_factory=list)
    reports: list[ImportReport] = field(default_factory=list)
    writes: BatchWrites = field(default_factory=BatchWrites)
    # Reading the next source failed (the caller's iterator raised): raised after the commit.
    source_error: Exception | None = None
    exhausted: bool = False

    def run(
        self, pending: Iterator[Source], options: ImportOptions, lookups: Lookups
    ) -> list[ImportReport]:
        """Import files into one transaction until the batch is full; their reports."""
        try:
            with (
                transaction.atomic(),
                tags_memoised(lookups.tag_memo) as memo,
                rules_memoised(),
                gathered() as gathering,
            ):
                self._fill(pending, options, lookups)
        except Exception:
            log.exception("A batch of %d imported files could not be committed", len(self.taken))
            self._undo(lookups)
            return [_one(source, options, lookups, None) for source in self.taken]
        except BaseException:  # interrupted: nothing of the batch stays, not even its files
            self._undo(lookups)
            raise
        lookups.created_in.clear()  # committed: the prompts its files created stay
        send_gathered(gathering)  # one search task, one download task for the whole batch
        lookups.tag_memo = memo  # the next batch starts from these tags, read again
        return self.reports

    def _fill(self, pending: Iterator[Source], options: ImportOptions, lookups: Lookups) -> None:
        started, size = time.monotonic(), 0
        while (source := self._next(pending)) is not None:
            self.taken.append(source)
            self.reports.append(_one(source, options, lookups, self.writes))
            size += len(source.data)
            full = len(self.taken) >= BATCH_FILES or size >= BATCH_BYTES
            if full or time.monotonic() - started >= BATCH_SECONDS:
                return

    def _next(self, pending: Iterator[Source]) -> Source | None:
        try:
            return next(pending)
        except StopIteration:
            self.exhausted = True
            return None
        except Exception as error:
            self.source_error = error
            return None

    def _undo(self, lookups: Lookups) -> None:
        """The transaction was rolled back: the originals and what the run remembered of
        the batch go too."""
        for name in self.writes.stored:
            originals_storage().delete(name)
        lookups.rolled_back()
        lookups.tag_memo = None
        lookups.hashes.clear()  # read again: the batch's files are not imported after all
