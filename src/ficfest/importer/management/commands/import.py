"""``ficfest import PATH... [--community SLUG] [--as PSEUD] [--create-prompts] [--dry-run]
[--json]``: files and folders of old fic become works (see docs/importing.md).

Folders are walked recursively for the formats the importer reads; a file named on the command
line is tried whatever its extension, and fails clearly if it cannot be read. Files are taken
in sorted order, so two runs over the same folder report in the same order. A journal backup
among them (ljdump's ``L-``/``C-`` files, a jbackup or site export ``.xml``/``.csv``) is
imported first, as a whole (``services.backup``): its prompt posts, then its entries and
comment fills. The exit status is 1 when any file failed, 2 when the command itself was called
wrongly.
"""

import json
import os
from argparse import ArgumentParser
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any, cast
from uuid import uuid4

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.db.migrations.executor import MigrationExecutor
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from ficfest.accounts.models import Pseud, User
from ficfest.communities.models import Community
from ficfest.importer.readers import SUPPORTED
from ficfest.importer.readers.ljbackup import is_entry_name
from ficfest.importer.services import (
    FAILED,
    ImportReport,
    Lookups,
    Source,
    import_file,
    import_files,
    size_refusal,
)
from ficfest.importer.services.backup import (
    Backup,
    backup_collect,
    is_journal_name,
    prompt_post_import,
)
from ficfest.importer.services.plan import ImportOptions
from ficfest.works.forms import pseud_lookup

USAGE_ERROR = 2
NOT_MIGRATED = (
    "The archive's database is not set up (or not up to date): run `ficfest migrate` first, "
    "then import."
)


def _require_database() -> None:
    """Even a dry run reads the archive (pseuds, communities, prompts): on a fresh data folder
    it would fail with a database error deep inside; say what to run instead."""
    executor = MigrationExecutor(connection)
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        raise CommandError(NOT_MIGRATED, returncode=USAGE_ERROR)


class Command(BaseCommand):
    help = ("Import text, HTML, Markdown, DOCX and EPUB files, and journal backups (or folders "
            "of them) as works.")  # fmt: skip

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("paths", nargs="+", metavar="PATH", help="files and folders")
        parser.add_argument("--community", metavar="SLUG", help="the fills' community")
        parser.add_argument("--as", dest="pseud", metavar="PSEUD",
                            help='"pseud" or "pseud (username)"')  # fmt: skip
        parser.add_argument("--create-prompts", action="store_true",
                            help="create missing prompts (moderators)")  # fmt: skip
        parser.add_argument("--dry-run", action="store_true", help="report, write nothing")
        parser.add_argument("--include-private", action="store_true",
                            help="also a backup's private, friends-only entries")  # fmt: skip
        parser.add_argument("--json", action="store_true", help="one JSON object per file")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["dry_run"]:
            # Reading needs nobody's account: a stand-in reads the files. A backup's prompts
            # are made for its fills to find them. Everything is rolled back at the end.
            with transaction.atomic():
                pseud = _pseud(options["pseud"]) if options["pseud"] else _stand_in()
                self._run(options, pseud)
                transaction.set_rollback(True)
            return
        self._run(options, _pseud(options["pseud"]))

    def _run(self, options: dict[str, Any], pseud: Pseud) -> None:
        community = _community(options["community"])
        files = collect(options["paths"])
        run = _Run(pseud=pseud, community=community, create_prompts=options["create_prompts"],
                   dry_run=options["dry_run"],
                   include_private=options["include_private"])  # fmt: skip
        backup, files = backup_collect(files, include_private=options["include_private"])
        if options["json"]:
            reports = [self._print_json(report) for report in run.backup(backup)]
            reports += [self._print_json(report) for report in run.reports(files)]
        else:
            reports = list(run.backup(backup)) + self._with_progress(run, files)
            self._summary(reports, dry_run=options["dry_run"])
        failed = sum(1 for report in reports if report.status == FAILED)
        if failed:
            raise CommandError(f"{failed} of {len(reports)} files failed.", returncode=1)

    def _print_json(self, report: ImportReport) -> ImportReport:
        for line in report.lines():  # an anthology: a line per work
            self.stdout.write(json.dumps(line.as_json(), ensure_ascii=False))
        self.stdout.flush()  # a line per file as it is done, also into a pipe
        return report

    def _with_progress(
        self, run: "_Run", files: list[tuple[str, Path | None]]
    ) -> list[ImportReport]:
        reports = []
        columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                   TimeElapsedColumn())  # fmt: skip
        with Progress(*columns, console=Console(stderr=True), transient=True) as progress:
            task = progress.add_task("Importing", total=len(files))
            for report in run.reports(files):
                reports.append(report)
                progress.advance(task)
        return reports

    def _summary(self, reports: list[ImportReport], *, dry_run: bool) -> None:
        # A terminal's own width; piped into a file, wide enough that titles stay on one line.
        width = None if self.stdout.isatty() else 160
        console = Console(file=cast(IO[str], self.stdout), width=width)
        if not reports:
            console.print("No files to import.")
            return
        lines = [line for report in reports for line in report.lines()]
        console.print(_table(lines))
        for report in reports:
            for line in [report, *report.parts]:
                for warning in line.warnings:
                    console.print(f"{line.file}: {warning}", markup=False, highlight=False)
        counts = Counter(line.status for line in lines)
        totals = ", ".join(f"{counts[s]} {s}" for s in ("imported", "skipped", "failed"))
        console.print(totals + (" (dry run: nothing was written)" if dry_run else ""))


def _stand_in() -> Pseud:
    _require_database()
    user = User.objects.create_user(username=f"dry-run-{uuid4().hex[:12]}",
                                    email=f"{uuid4().hex}@dry-run.invalid")  # fmt: skip
    return user.default_pseud


def _pseud(name: str | None) -> Pseud:
    if not name:
        message = "Say whose works these are with --as PSEUD (only --dry-run can do without)."
        raise CommandError(message, returncode=USAGE_ERROR)
    _require_database()
    try:
        return pseud_lookup(name)
    except ValidationError as error:
        raise CommandError(" ".join(error.messages), returncode=USAGE_ERROR) from None


def _community(slug: str | None) -> Community | None:
    if not slug:
        return None
    community = Community.objects.filter(slug=slug).first()
    if community is None:
        raise CommandError(f"There is no community at /c/{slug}/.", returncode=USAGE_ERROR)
    return community


def collect(paths: list[str]) -> list[tuple[str, Path | None]]:
    """(name to report, file) for each file named or found in a folder; None for a path that
    does not exist, so it is reported as failed in its place."""
    found: list[tuple[str, Path | None]] = []
    seen: set[Path] = set()
    for raw in paths:
        path = Path(raw)
        candidates: list[tuple[str, Path | None]]
        if path.is_dir():
            candidates = [(str(p), p) for p in _walk(path)]
        else:
            candidates = [(raw, path if path.is_file() else None)]
        for name, file in candidates:
            key = file.resolve() if file else Path(name)
            if key not in seen:
                seen.add(key)
                found.append((name, file))
    return found


def _walk(folder: Path) -> list[Path]:
    files = []
    for root, dirs, names in os.walk(folder):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        files += [Path(root, n) for n in names
                  if Path(n).suffix.lower() in SUPPORTED or is_entry_name(n)
                  or is_journal_name(n)]  # fmt: skip
    return sorted(files)


class _Run:
    """One command's import: the same owner, options and cached look-ups for every file,
    written in batches (``import_files``)."""

    def __init__(self, *, pseud: Pseud, community: Community | None, create_prompts: bool,
                 dry_run: bool, include_private: bool = False) -> None:  # fmt: skip
        self.pseud, self.community = pseud, community
        self.create_prompts, self.dry_run = create_prompts, dry_run
        self.include_private = include_private
        self.lookups = Lookups()

    def backup(self, backup: Backup) -> Iterator[ImportReport]:
        """A journal backup: its prompt posts first, so its fills find their prompts."""
        options = ImportOptions(owner=self.pseud.user, pseud=self.pseud,
                                community=self.community, create_prompts=self.create_prompts,
                                dry_run=self.dry_run,
                                include_private=self.include_private)  # fmt: skip
        yield from backup.failed
        for post in backup.posts:
            yield prompt_post_import(post=post, options=options, lookups=self.lookups)
        for item in backup.items:
            yield import_file(
                filename=item.name, data=item.data, owner=self.pseud.user, pseud=self.pseud,
                community=self.community, create_prompts=self.create_prompts,
                dry_run=self.dry_run, lookups=self.lookups, include_private=self.include_private,
                hints={"prompt": item.prompt} if item.prompt else None,
            )  # fmt: skip

    def reports(self, files: list[tuple[str, Path | None]]) -> Iterator[ImportReport]:
        """A report per file, in order, each as soon as its batch is written."""
        return import_files(
            (_source(name, path) for name, path in files), owner=self.pseud.user,
            pseud=self.pseud, community=self.community, create_prompts=self.create_prompts,
            dry_run=self.dry_run, lookups=self.lookups, include_private=self.include_private,
        )  # fmt: skip


def _source(name: str, path: Path | None) -> Source:
    """The file's bytes, read only when its turn comes (a folder may hold gigabytes)."""
    if path is None:
        return Source(filename=name, refusal="No such file or folder.")
    try:
        refusal = size_refusal(path.stat().st_size)
        data = b"" if refusal else path.read_bytes()
    except OSError as error:
        return Source(filename=name, refusal=f"Could not open this file: {error.strerror}.")
    return Source(filename=name, data=data, refusal=refusal)


_STATUS_STYLE = {"imported": "green", "skipped": "yellow", "failed": "bold red"}


def _table(reports: list[ImportReport]) -> Table:
    table = Table("File", "Status", "Title", "Work or error", show_lines=False)
    for report in reports:
        title = report.fields.get("title", "")
        if report.fields.get("title_derived"):
            title += " (derived)"
        outcome = report.error or report.url or ""
        style = _STATUS_STYLE.get(report.status, "")
        # Titles and file names are shown as they are: "[brackets]" in them are not markup.
        table.add_row(escape(report.file), f"[{style}]{report.status}[/]", escape(title),
                      escape(outcome))  # fmt: skip
    return table
