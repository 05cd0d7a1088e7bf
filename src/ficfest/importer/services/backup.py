"""A LiveJournal or Dreamwidth backup imported as a whole: its prompt posts become the
community's prompts, its entries and the fills posted in its comments become works, linked to
the prompts they answer (see ``promptposts`` for how they are recognised).

``backup_collect`` sorts a run's files: the backup's (ljdump's ``L-``/``C-`` files, a jbackup
or site export ``.xml``, a site export ``.csv``) are read into prompt posts and items to
import, the rest is left to the usual per-file import. Each item is imported by
``import_file`` like any file (one transaction, skipped when imported before), its original
being the entry's own XML; the prompt an item fills is handed over as metadata. Prompt posts
are imported first, so the fills find their prompts.
"""

import re
from dataclasses import dataclass, field
from pathlib import Path, PurePath

from django.db import transaction
from django.utils import timezone

from ficfest.communities.models import Prompt
from ficfest.importer.document import ImportError_
from ficfest.importer.encoding import decode
from ficfest.importer.promptposts import (
    PostPrompt,
    is_prompt_post,
    linked_prompt,
    post_fills,
    post_prompts,
)
from ficfest.importer.prompts import prompt_key
from ficfest.importer.readers.chrome import clean_subject
from ficfest.importer.readers.journal import (
    JournalComment,
    JournalEntry,
    backup_entries,
    comment_entry,
    entry_xml,
    export_comments,
    export_csv,
    journal_date,
    ljdump_comments,
    ljdump_entry,
    parse_xml,
)
from ficfest.importer.readers.ljbackup import PRIVATE, is_entry_name
from ficfest.importer.services.linking import prompt_period
from ficfest.importer.services.lookups import Lookups
from ficfest.importer.services.plan import ImportOptions
from ficfest.importer.services.report import IMPORTED, SKIPPED, ImportReport, failed_report

_COMMENTS_NAME = re.compile(r"^C-\d+(?:\.xml)?$")
_ONE_FILE = (".xml", ".csv")

Files = list[tuple[str, Path | None]]


def is_journal_name(name: str) -> bool:
    """A file a backup folder holds besides the works' own formats."""
    path = PurePath(name)
    return bool(_COMMENTS_NAME.match(path.name)) or path.suffix.lower() in _ONE_FILE


@dataclass
class BackupItem:
    name: str
    data: bytes
    prompt: str = ""  # the prompt it fills, as the backup links them


@dataclass
class PromptPost:
    name: str
    entry: JournalEntry
    prompts: list[PostPrompt]


@dataclass
class Backup:
    posts: list[PromptPost] = field(default_factory=list)
    items: list[BackupItem] = field(default_factory=list)
    # Files of the backup that could not be read, or turned out to be no part of one.
    failed: list[ImportReport] = field(default_factory=list)


@dataclass
class _Read:
    name: str
    data: bytes
    entry: JournalEntry


def backup_collect(files: Files, *, include_private: bool = False) -> tuple[Backup, Files]:
    """The backup among ``files``, and the files that are no part of one. The comments of a
    locked prompt post stay as private as it unless ``include_private``."""
    backup, rest = Backup(), []
    read: list[_Read] = []
    comments: dict[str, list[JournalComment]] = {}
    for name, path in files:
        if path is None or not (is_entry_name(name) or is_journal_name(name)):
            rest.append((name, path))
            continue
        try:
            found = _read_file(name, path, read, comments)
        except (ImportError_, OSError, UnicodeError) as error:
            backup.failed.append(failed_report(name, str(error)))
            continue
        if not found:  # ljdump's userpics.xml, a spreadsheet: not this run's business
            skipped = ImportReport(file=name, status=SKIPPED)
            skipped.warnings.append("Not a journal backup or a work: left alone.")
            backup.failed.append(skipped)
    for item in read:
        item.entry.comments += comments.get(item.entry.itemid, [])
    _plan(backup, read, include_private)
    return backup, rest


def _read_file(
    name: str, path: Path, read: list[_Read], comments: dict[str, list[JournalComment]]
) -> bool:
    file = PurePath(name).name
    if _COMMENTS_NAME.match(file):
        return True  # read with its entry
    data = path.read_bytes()
    if is_entry_name(file):
        entry = ljdump_entry(parse_xml(data, "backup entry"))
        sibling = path.with_name("C-" + entry.itemid)
        if entry.itemid and sibling.is_file():
            entry.comments = ljdump_comments(sibling.read_bytes())
        read.append(_Read(name, data, entry))
        return True
    if path.suffix.lower() == ".csv":
        entries = export_csv(decode(data)[0])
    else:
        by_item = export_comments(data)
        if by_item is not None:
            for itemid, found in by_item.items():
                comments.setdefault(itemid, []).extend(found)
            return True
        entries = backup_entries(data)
    if entries is None:
        return False
    read += [_Read(f"{name}/L-{e.itemid}", entry_xml(e), e) for e in entries]
    return True


def _plan(backup: Backup, read: list[_Read], include_private: bool) -> None:
    posts = [r for r in read if is_prompt_post(r.entry)]
    by_address = {r.entry.ditemid: r.entry for r in read if r.entry.ditemid}
    fills: dict[int, str] = {}  # id(entry) -> the prompt it fills
    for post in posts:
        prompts = post_prompts(post.entry)
        backup.posts.append(PromptPost(post.name, post.entry, prompts))
        if post.entry.security in PRIVATE and not include_private:
            continue
        for fill in post_fills(post.entry, prompts, by_address):
            if fill.entry is not None:
                fills.setdefault(id(fill.entry), fill.prompt.text)
            elif fill.comment is not None:
                entry = comment_entry(fill.comment, post.entry)
                name = f"{post.name}#c{fill.comment.id}"
                backup.items.append(BackupItem(name, entry_xml(entry), fill.prompt.text))
    post_ids = {id(post) for post in posts}
    for item in (r for r in read if id(r) not in post_ids):
        prompt = fills.get(id(item.entry), "") or _linked(item.entry, backup.posts)
        backup.items.append(BackupItem(item.name, item.data, prompt))
    backup.items.sort(key=lambda item: item.name)


def _linked(entry: JournalEntry, posts: list[PromptPost]) -> str:
    for post in posts:
        linked = linked_prompt(entry, post.entry, post.prompts)
        if linked is not None:
            return linked.text
    return ""


def prompt_post_import(
    *, post: PromptPost, options: ImportOptions, lookups: Lookups
) -> ImportReport:
    """The post's prompts, created in the community's prompt challenge (those it has already
    are left as they are); the post itself is no work."""
    report = ImportReport(file=post.name, status=SKIPPED)
    report.fields["title"] = clean_subject(post.entry.subject) or post.entry.subject
    community = options.community
    refusal = _refusal(post, options, lookups)
    if refusal or community is None:
        report.warnings.append(refusal)
        return report
    period = prompt_period(community)
    if period is None:
        report.warnings.append(f"A prompt post: {community.name} has no prompt challenge with a "
                               "period to put its prompts in.")  # fmt: skip
        return report
    known = lookups.prompts_of(community)
    release_at = journal_date(post.entry.eventtime) or timezone.now()
    created = 0
    with transaction.atomic():
        for prompt in post.prompts:
            if prompt_key(prompt.text) in known:
                continue
            known[prompt_key(prompt.text)] = Prompt.objects.create(
                period=period, text=prompt.text, release_at=release_at, posted_by=options.owner
            )
            created += 1
    verb = "will be created" if options.dry_run else "created"
    report.warnings.append(f"A prompt post: {created} of its {len(post.prompts)} prompts "
                           f"{verb} in {community.name} ({period.title}).")  # fmt: skip
    if created:
        report.status = IMPORTED
    return report


def _refusal(post: PromptPost, options: ImportOptions, lookups: Lookups) -> str:
    community = options.community
    if post.entry.security in PRIVATE and not options.include_private:
        return "A locked prompt post: not imported (--include-private imports it)."
    if community is None:
        return "A prompt post: name its community with --community SLUG to import its prompts."
    if not lookups.is_moderator(options.owner, community):
        return f"A prompt post: only moderators of {community.name} can import its prompts."
    if not post.prompts:
        return "A prompt post, but no prompts were found in it or in its comments."
    return ""
