"""Import one file: read it, make a work of what its header says, link the work to the prompt it
was written for, and keep the original.

``import_file`` never raises for a bad file: it returns a report whose status says what
happened (``imported``, ``skipped``, ``failed``) and whose ``error`` says why in words the
person importing can act on. Each file is one transaction, so a file that fails leaves nothing
behind, not even its stored original. A dry run does the same work in a transaction it rolls
back, so its report is the one the real run would give.

Whatever the header says that has no place of its own on a work (a disclaimer, an author's
note, "Beta:", a label nobody knows) goes into the work's notes as "Label: value" lines, with
the label as the file wrote it: nothing the creator wrote is dropped.
"""

import contextlib
import hashlib
import logging
import os
import re
import secrets
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import partial
from html import escape, unescape
from pathlib import PurePath
from typing import Any
from uuid import uuid4

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.utils import timezone

from ficfest.accounts.models import Pseud, User
from ficfest.communities.models import Challenge, Community, FillStatus, Prompt
from ficfest.communities.permissions import is_moderator
from ficfest.communities.selectors import current_period
from ficfest.communities.services.fills import PROMPT_KINDS, fill_create
from ficfest.communities.services.prompts import PROMPT_MAX
from ficfest.importer.document import ImportError_, SourceChapter, SourceDocument
from ficfest.importer.encoding import decode
from ficfest.importer.headers import Header, map_rating, split_header
from ficfest.importer.models import ImportedFile
from ficfest.importer.prompts import community_key, prompt_key
from ficfest.importer.readers import read_document
from ficfest.lib.text import TextFormat
from ficfest.lib.urls import absolute
from ficfest.tags.models import TAG_NAME_MAX, Tag, TagType
from ficfest.works import services as works
from ficfest.works.models import (
    CHAPTER_TEXT_MAX,
    NOTES_MAX,
    SUMMARY_MAX,
    TITLE_MAX,
    ArchiveWarning,
    Category,
    Language,
    Rating,
    Status,
    Work,
)

log = logging.getLogger(__name__)

IMPORTED, SKIPPED, FAILED = "imported", "skipped", "failed"

# The report's fields, in the order the issue lists them.
FIELD_NAMES = (
    "title", "title_derived", "creators", "fandoms", "rating", "warnings", "relationships",
    "characters", "tags", "summary", "notes", "disclaimer", "prompt", "community", "word_count",
)  # fmt: skip

# EPUB and DOCX are zip files: they have no text encoding of their own.
_ZIP_MAGIC = b"PK\x03\x04"
# Fandoms, characters and relationships are listed with commas or semicolons; never split on
# "/" or "&", which are part of a relationship's name.
_LIST_SEPARATORS = re.compile(r"\s*[,;]\s*")
_CREATOR_SEPARATORS = re.compile(r"\s*(?:[,;&]|\band\b)\s*", re.IGNORECASE)
_NOT_ALNUM = re.compile(r"[\W_]+")
# "A/N: …", "Author's Note: …": a header line as written, to recover the label it used.
_LABEL_LINE = re.compile(r"^[ \t]*([^:\n]{1,40}?)[ \t]*:[ \t]*(\S[^\n]*)$", re.MULTILINE)
_BLOCK_START = re.compile(
    r"\s*<(p|div|blockquote|h[1-6]|ul|ol|dl|table|pre|hr|center|figure|details)\b", re.I
)
# How far into a file a header can reach, in blocks.
_HEADER_BLOCKS = 60
TITLE_WORDS = 6

# Header fields that become the work's notes, in this order after the disclaimer; the label is
# the file's own when it can be found, else this one.
NOTE_LABELS = {
    "disclaimer": "Disclaimer", "notes": "Notes", "setting": "Setting", "spoilers": "Spoilers",
    "beta": "Beta", "feedback": "Feedback", "archive": "Archive",
}  # fmt: skip
# Header fields with a place of their own on the work (or, for the word count, recomputed).
_PLACED = {
    "title", "creators", "fandoms", "rating", "relationships", "characters", "warnings",
    "category", "genre", "summary", "prompt", "word_count", "tags", "freeforms",
    "additional_tags",
}  # fmt: skip
_FREEFORM_FIELDS = ("genre", "tags", "freeforms", "additional_tags")

_WARNINGS = {
    ArchiveWarning.NONE_APPLY: [
        "none", "no", "nowarnings", "nowarning", "noneapply", "noarchivewarningsapply", "na",
        "nothing",
    ],
    ArchiveWarning.MAJOR_CHARACTER_DEATH: [
        "majorcharacterdeath", "characterdeath", "death", "mcd", "majordeath",
    ],
    ArchiveWarning.VIOLENCE: ["graphicdepictionsofviolence", "violence", "graphicviolence"],
    ArchiveWarning.NON_CON: ["rapenoncon", "rape", "noncon", "nonconsensual"],
    ArchiveWarning.UNDERAGE: ["underagesex", "underage"],
    ArchiveWarning.CHOSE_NOT_TO_WARN: [
        "creatorchosenottousearchivewarnings", "chosenottowarn", "choosenottowarn",
        "chosenottousearchivewarnings", "choosenottousearchivewarnings", "cntw",
    ],
}  # fmt: skip
WARNING_BY_KEY = {key: warning for warning, keys in _WARNINGS.items() for key in keys}
CATEGORY_BY_KEY = {_NOT_ALNUM.sub("", c.value.lower()): c.value for c in Category}


def _empty_fields() -> dict[str, Any]:
    return {
        "title": "", "title_derived": False, "creators": [], "fandoms": [], "rating": "",
        "warnings": [], "relationships": [], "characters": [], "tags": [], "summary": "",
        "notes": "", "disclaimer": "", "prompt": "", "community": "", "word_count": 0,
    }  # fmt: skip


@dataclass
class ImportReport:
    """What happened to one file. ``as_json`` is the object ``ficfest import --json`` prints."""

    file: str
    status: str = FAILED
    work_id: int | None = None
    url: str | None = None
    fields: dict[str, Any] = field(default_factory=_empty_fields)
    warnings: list[str] = field(default_factory=list)
    error: str | None = None
    # Not in the JSON: the stored original, which the web links for download.
    imported_file_id: int | None = None

    def as_json(self) -> dict[str, Any]:
        return {
            "file": self.file, "status": self.status, "work_id": self.work_id, "url": self.url,
            "fields": {name: self.fields[name] for name in FIELD_NAMES},
            "warnings": list(self.warnings), "error": self.error,
        }  # fmt: skip


@dataclass
class Lookups:
    """What every file of one run looks up, asked once per run: 10,000 files from the same
    community must not read its prompts 10,000 times. Pass one to every ``import_file`` call of
    a batch; a fresh one (the default) works, only slower."""

    communities: dict[str, Community] | None = None
    prompts: dict[int, dict[str, Prompt]] = field(default_factory=dict)
    moderates: dict[int, bool] = field(default_factory=dict)
    own_names: dict[int, set[str]] = field(default_factory=dict)
    # Hashes a dry run has seen: the real run would skip a second copy of the same file.
    seen: set[tuple[int, str]] = field(default_factory=set)
    # Hashes of the files each owner imported before: most files of a run are new, and need
    # no query to find that out.
    hashes: dict[int, set[str]] = field(default_factory=dict)
    required: dict[int, list[Tag]] = field(default_factory=dict)
    # Communities whose cached prompts include one created in the running file's transaction.
    created_in: set[int] = field(default_factory=set)

    def community_named(self, name: str) -> Community | None:
        if self.communities is None:
            self.communities = {}
            for community in Community.objects.order_by("pk"):
                for spelling in (community.name, community.slug.replace("-", " ")):
                    self.communities.setdefault(community_key(spelling), community)
        return self.communities.get(community_key(name))

    def prompts_of(self, community: Community) -> dict[str, Prompt]:
        if community.pk not in self.prompts:
            found = (
                Prompt.objects.released()
                .filter(period__challenge__community=community,
                        period__challenge__kind__in=PROMPT_KINDS)
                .select_related("period__challenge__community")
                .order_by("release_at", "pk")
            )  # fmt: skip
            # The latest prompt with a text wins: a prompt a community repeats is most likely
            # answered by a fill for its latest round.
            self.prompts[community.pk] = {prompt_key(p.text): p for p in found}
        return self.prompts[community.pk]

    def is_moderator(self, user: User, community: Community) -> bool:
        if community.pk not in self.moderates:
            self.moderates[community.pk] = is_moderator(user, community)
        return self.moderates[community.pk]

    def names_of(self, user: User) -> set[str]:
        if user.pk not in self.own_names:
            names = set(Pseud.objects.filter(user=user).values_list("name", flat=True))
            self.own_names[user.pk] = {n.casefold() for n in {*names, user.username}}
        return self.own_names[user.pk]

    def imported_before(self, owner: User, sha256: str) -> bool:
        if owner.pk not in self.hashes:
            owned = ImportedFile.objects.filter(owner=owner).values_list("sha256", flat=True)
            self.hashes[owner.pk] = set(owned)
        return sha256 in self.hashes[owner.pk]

    def required_tags(self, community: Community) -> list[Tag]:
        if community.pk not in self.required:
            self.required[community.pk] = list(community.required_tags.all())
        return self.required[community.pk]

    def rolled_back(self) -> None:
        """The running file's transaction was undone: forget the prompts it created."""
        for pk in self.created_in:
            self.prompts.pop(pk, None)
        self.created_in.clear()


# -- Entry point ---------------------------------------------------------------------------


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
) -> ImportReport:
    """Import one file for ``owner``, credited to ``pseud`` (their default pseud if None).

    ``community``: the community its fills belong to, whatever the file says; None lets the
    file's own prompt reference name it. ``create_prompts``: a prompt the community does not
    have is created (when ``owner`` moderates it) instead of being reported missing."""
    report = ImportReport(file=filename)
    lookups = lookups if lookups is not None else Lookups()
    options = _Options(owner=owner, pseud=pseud or owner.default_pseud, community=community,
                       create_prompts=create_prompts, dry_run=dry_run)  # fmt: skip
    try:
        _import(report, filename, data, options, lookups)
    except ImportError_ as error:
        _fail(report, str(error), lookups)
    except IntegrityError:  # the same file, imported by another process at the same moment
        _fail(report, "This file was being imported by another import at the same time: run "
              "the import again and it will be skipped.", lookups)  # fmt: skip
    except Exception as error:  # a bug or a library's surprise: one file fails, not the run
        log.exception("Importing %s failed", filename)
        _fail(report, f"Could not read this file: {type(error).__name__}", lookups)
    return report


def size_refusal(size: int) -> str | None:
    """Why a file of ``size`` bytes is refused, or None: for callers that know the size
    before reading the file (the command, the upload form)."""
    limit = settings.IMPORT_MAX_BYTES
    if size <= limit:
        return None
    said, limit_said = _size_text(size), _size_text(limit)
    if said == limit_said:  # rounded to the same figure: say it in bytes
        said, limit_said = f"{size:,} bytes", f"{limit:,} bytes"
    return f"The file is {said}; the limit is {limit_said}."


def failed_report(filename: str, error: str) -> ImportReport:
    """The report of a file refused before it was read (too big, unreadable on disk)."""
    return ImportReport(file=filename, status=FAILED, error=error)


def _size_text(size: int) -> str:
    """12.3 MB, 10 MB, 2.5 KB: one decimal, none when it is zero."""
    amount, unit = (size / 1024**2, "MB") if size >= 1024**2 else (size / 1024, "KB")
    return f"{amount:.1f}".removesuffix(".0") + f" {unit}"


def _fail(report: ImportReport, message: str, lookups: Lookups) -> None:
    lookups.rolled_back()
    report.status, report.error = FAILED, message
    report.work_id = report.url = None


@dataclass(kw_only=True)
class _Options:
    owner: User
    pseud: Pseud
    community: Community | None
    create_prompts: bool
    dry_run: bool


def _import(
    report: ImportReport, filename: str, data: bytes, options: _Options, lookups: Lookups
) -> None:
    if refusal := size_refusal(len(data)):
        raise ImportError_(refusal)
    sha256 = hashlib.sha256(data).hexdigest()
    if _skipped(report, sha256, options, lookups):
        return
    read = _read(filename, data)
    plan = _plan(read, options, lookups)
    report.fields, report.warnings = plan.fields, plan.warnings
    if options.dry_run:
        lookups.seen.add((options.owner.pk, sha256))
        with transaction.atomic():
            _write(plan, report, options, lookups)
            transaction.set_rollback(True)
        lookups.rolled_back()
        report.work_id = report.url = None
        return
    before = lookups.imported_before(options.owner, sha256)
    original = _Original(filename=filename, data=data, sha256=sha256, read=read,
                         imported_before=before)  # fmt: skip
    _write_for_real(plan, report, original, options, lookups)


# -- Idempotency --------------------------------------------------------------------------


def _skipped(report: ImportReport, sha256: str, options: _Options, lookups: Lookups) -> bool:
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


# -- Reading ------------------------------------------------------------------------------


@dataclass
class _Read:
    header: Header
    story: SourceDocument
    original: SourceDocument
    encoding: str


def _read(filename: str, data: bytes) -> _Read:
    # The reader refuses bad files with the most telling message (a PDF named .txt, a zip
    # that is no EPUB); the encoding is asked for afterwards, for the record. Zip-based formats
    # (EPUB, DOCX) are bytes by nature and have none.
    document = read_document(filename, data)
    encoding = "" if data.startswith(_ZIP_MAGIC) else decode(data)[1]
    header, story = split_header(document)
    return _Read(header=header, story=story, original=document, encoding=encoding)


# -- Planning: what the work will be ------------------------------------------------------


@dataclass
class _Plan:
    """A work as the file describes it, before anything is written."""

    title: str
    rating: str
    tags: works.WorkTags
    summary: str
    notes: str
    chapters: list[works.ChapterText]
    language: str
    prompt: str
    community_name: str
    fields: dict[str, Any]
    warnings: list[str]


def _plan(read: _Read, options: _Options, lookups: Lookups) -> _Plan:
    values = read.header.fields
    warnings: list[str] = []
    chapters = _chapters(read.story)
    prompt, community_name = _prompt_reference(read.header)
    title, derived = _title(values.get("title", ""), prompt, chapters, warnings)
    tags, overlong = _tags(values, warnings)
    rating = _rating(values.get("rating", ""), warnings)
    notes = _notes(read, overlong, warnings)
    summary = _checked_length(values.get("summary", "").strip(), "summary", SUMMARY_MAX, warnings)
    creators = _creators(values.get("creators", ""), options, lookups, warnings)
    if not tags.fandoms:
        warnings.append("The file names no fandom: add one when you next edit the work.")
    if options.community is not None and not community_name:
        community_name = options.community.name
    fields = {
        "title": title, "title_derived": derived, "creators": creators,
        "fandoms": tags.fandoms, "rating": Rating(rating).label, "warnings": tags.warnings,
        "relationships": tags.relationships, "characters": tags.characters,
        "tags": tags.categories + tags.freeforms, "summary": summary, "notes": notes,
        "disclaimer": values.get("disclaimer", "").strip(), "prompt": prompt,
        "community": community_name, "word_count": 0,
    }  # fmt: skip
    return _Plan(title=title, rating=rating, tags=tags, summary=summary, notes=notes,
                 chapters=chapters, language=_language(read.header), prompt=prompt,
                 community_name=community_name, fields=fields, warnings=warnings)  # fmt: skip


def _prompt_reference(header: Header) -> tuple[str, str]:
    """(prompt, community) as the file names them; empty when it names none."""
    if header.prompt_ref is not None:
        return header.prompt_ref.prompt.strip(), header.prompt_ref.community.strip()
    return header.fields.get("prompt", "").strip(), ""


def _title(
    written: str, prompt: str, chapters: list[works.ChapterText], warnings: list[str]
) -> tuple[str, bool]:
    title, derived = written.strip(), False
    if not title and prompt:
        title, derived = prompt, True
        warnings.append("No title: used the prompt as the title.")
    elif not title:
        title, derived = _first_words(chapters), True
        warnings.append("No title: used the first words of the story as the title.")
    if len(title) > TITLE_MAX:
        warnings.append(f"The title was longer than {TITLE_MAX} characters and was shortened.")
        title = title[: TITLE_MAX - 1].rstrip() + "…"
    return " ".join(title.split()), derived


def _first_words(chapters: list[works.ChapterText]) -> str:
    words: list[str] = []
    for chapter in chapters:
        words += _visible_text(chapter).split()[: TITLE_WORDS - len(words)]
        if len(words) >= TITLE_WORDS:
            return " ".join(words).rstrip(",.;:!?…") + "…"
    return " ".join(words) or "Untitled"


_TAG_RE = re.compile(r"<[^>]*>")


def _visible_text(chapter: works.ChapterText) -> str:
    if chapter.text_format == TextFormat.HTML:
        return unescape(_TAG_RE.sub(" ", chapter.text))
    return chapter.text


def _split(raw: str, separators: re.Pattern[str] = _LIST_SEPARATORS) -> list[str]:
    """A header's list -> distinct names in their order, spacing tidied."""
    names: list[str] = []
    seen: set[str] = set()
    for part in separators.split(raw):
        name = " ".join(part.split()).strip(" .")
        if name and name.casefold() not in seen:
            seen.add(name.casefold())
            names.append(name)
    return names


def _tags(values: dict[str, str], warnings: list[str]) -> tuple[works.WorkTags, list[str]]:
    """The work's typed tags, and the names too long to be tags (kept in the notes)."""
    archive_warnings, other_warnings = _archive_warnings(values.get("warnings"))
    categories, other_categories = _categories(values.get("category", ""))
    freeforms = other_categories + other_warnings
    for name in _FREEFORM_FIELDS:
        freeforms += _split(values.get(name, ""))
    tags = works.WorkTags(
        fandoms=_split(values.get("fandoms", "")), warnings=archive_warnings,
        categories=categories, relationships=_split(values.get("relationships", "")),
        characters=_split(values.get("characters", "")), freeforms=_distinct(freeforms),
    )  # fmt: skip
    return tags, _drop_overlong(tags, warnings)


def _distinct(names: Iterable[str]) -> list[str]:
    kept: dict[str, str] = {}
    for name in names:
        kept.setdefault(name.casefold(), name)
    return list(kept.values())


def _archive_warnings(raw: str | None) -> tuple[list[str], list[str]]:
    """AO3's archive warnings the header's warnings name, and the rest (kept as tags). With no
    warnings line, AO3's importer uses "Creator Chose Not To Use Archive Warnings"."""
    chosen: list[str] = []
    others: list[str] = []
    for part in _split(raw or ""):
        warning = WARNING_BY_KEY.get(_NOT_ALNUM.sub("", part.casefold()))
        if warning is None:
            others.append(part)
        elif warning not in chosen:
            chosen.append(warning)
    if not chosen:
        chosen = [ArchiveWarning.CHOSE_NOT_TO_WARN]
    if len(chosen) > 1 and ArchiveWarning.NONE_APPLY in chosen:
        chosen.remove(ArchiveWarning.NONE_APPLY)
    return [str(w) for w in chosen], others


def _categories(raw: str) -> tuple[list[str], list[str]]:
    """AO3 categories (F/M, Gen, …) the header names, and the rest (kept as tags)."""
    chosen: list[str] = []
    others: list[str] = []
    for part in _split(raw):
        category = CATEGORY_BY_KEY.get(_NOT_ALNUM.sub("", part.casefold()))
        (chosen if category else others).append(category or part)
    return _distinct(chosen), others


def _drop_overlong(tags: works.WorkTags, warnings: list[str]) -> list[str]:
    overlong: list[str] = []
    for tag_type, names in tags.by_type().items():
        for name in [n for n in names if len(n) > TAG_NAME_MAX]:
            names.remove(name)
            overlong.append(f"{TagType(tag_type).label}: {name}")
    if overlong:
        warnings.append(f"Tags can be at most {TAG_NAME_MAX} characters: {len(overlong)} "
                        "longer ones are kept in the notes instead.")  # fmt: skip
    return overlong


def _rating(raw: str, warnings: list[str]) -> str:
    raw = raw.strip()
    if not raw:
        return Rating.NOT_RATED
    rating = map_rating(raw)
    if rating is None:
        warnings.append(f"Unknown rating “{raw}”: the work is Not Rated.")
        return Rating.NOT_RATED
    return rating


def _creators(raw: str, options: _Options, lookups: Lookups, warnings: list[str]) -> list[str]:
    """The creators the header names, as written. The work is credited to the importing pseud;
    when the header names someone else, the report says so."""
    creators = _split(raw, _CREATOR_SEPARATORS)
    own = lookups.names_of(options.owner)
    others = [name for name in creators if name.casefold() not in own]
    if others:
        named = " and ".join(others)
        warnings.append(f"The header names {named} as creator; the work is credited to your "
                        f"pseud {options.pseud.name}.")  # fmt: skip
    return creators


def _notes(read: _Read, overlong: list[str], warnings: list[str]) -> str:
    """The disclaimer first, then the other note-like fields (in the header parser's field
    order), then labels nobody knows and overlong tags: "Label: value" each, the label as the
    file wrote it."""
    values = read.header.fields
    written = _written_labels(read.original, read.story)
    keys = ["disclaimer"] if "disclaimer" in values else []
    keys += [k for k in values if k != "disclaimer" and (k in NOTE_LABELS or k not in _PLACED)]
    lines = []
    for key in keys:
        value = values[key].strip()
        if value:
            label = written.get(_first_line(value)) or NOTE_LABELS.get(key) or _label_of(key)
            lines.append(f"{label}: {value}")
    lines += [f"{label}: {value.strip()}" for label, value in read.header.unknown
              if not _is_language(label, value)]  # fmt: skip
    lines += overlong
    return _checked_length("\n\n".join(lines), "notes", NOTES_MAX, warnings)


# AO3 writes a work's language by its name ("English", "Deutsch"); some files write the code.
_LANGUAGES = {label.lower(): code for code, label in Language.choices} | {
    code: code for code in Language.values
} | {"english": "en", "german": "de", "spanish": "es", "french": "fr", "italian": "it",
     "dutch": "nl", "polish": "pl", "portuguese": "pt", "russian": "ru", "finnish": "fi",
     "swedish": "sv", "thai": "th", "chinese": "zh", "japanese": "ja", "korean": "ko"}  # fmt: skip


def _language_code(value: str) -> str | None:
    return _LANGUAGES.get(value.strip().lower())


def _is_language(label: str, value: str) -> bool:
    """A language line the work records in its language field rather than in its notes."""
    return label.strip().lower() == "language" and _language_code(value) is not None


def _language(header: Header) -> str:
    for label, value in header.unknown:
        if _is_language(label, value):
            return _language_code(value) or Language.EN
    return Language.EN


def _first_line(value: str) -> str:
    return value.strip().split("\n", 1)[0].strip()


def _label_of(key: str) -> str:
    return key.replace("_", " ").capitalize()


def _written_labels(original: SourceDocument, story: SourceDocument) -> dict[str, str]:
    """The first line of each header value -> the label the file wrote before it."""
    if not original.chapters:
        return {}
    story_blocks = story.chapters[0].blocks if story.chapters else []
    story_start = story_blocks[0].text if story_blocks else None
    labels: dict[str, str] = {}
    for block in original.chapters[0].blocks[:_HEADER_BLOCKS]:
        if block.text == story_start:
            break
        for match in _LABEL_LINE.finditer(block.text):
            labels.setdefault(match[2].strip(), match[1].strip())
    return labels


def _checked_length(text: str, what: str, limit: int, warnings: list[str]) -> str:
    if len(text) > limit:
        warnings.append(f"The {what} are {len(text):,} characters, over the archive's limit "
                        f"of {limit:,}: shorten them before editing the work.")  # fmt: skip
    return text


# -- Chapters -----------------------------------------------------------------------------


def _chapters(story: SourceDocument) -> list[works.ChapterText]:
    text_format = _text_format(story)
    chapters = [
        works.ChapterText(title=chapter.title.strip()[:TITLE_MAX], text=_chapter_text(chapter,
                          text_format), text_format=text_format)
        for chapter in story.chapters
        if any(block.text.strip() or block.html for block in chapter.blocks)
    ]  # fmt: skip
    if not chapters:
        raise ImportError_("There is no story in this file, only a header.")
    for number, chapter in enumerate(chapters, start=1):
        if len(chapter.text) > CHAPTER_TEXT_MAX:
            raise ImportError_(f"Chapter {number} is {len(chapter.text):,} characters long; a "
                               f"chapter can be at most {CHAPTER_TEXT_MAX:,}.")  # fmt: skip
    return chapters


def _text_format(story: SourceDocument) -> str:
    if story.markdown:
        return TextFormat.MARKDOWN
    blocks = (block for chapter in story.chapters for block in chapter.blocks)
    return TextFormat.HTML if any(block.html is not None for block in blocks) else TextFormat.PLAIN


def _chapter_text(chapter: SourceChapter, text_format: str) -> str:
    """Plain text and Markdown: the blocks' text, a blank line between them, so paragraphs
    come out exactly as written. HTML: each block's own markup as a paragraph (``render``
    sanitises it)."""
    if text_format != TextFormat.HTML:
        return "\n\n".join(block.text for block in chapter.blocks)
    parts = []
    for block in chapter.blocks:
        if block.html is None:
            lines = escape(block.text, quote=False).split("\n")
            parts.append("<p>" + "<br>\n".join(lines) + "</p>")
        elif _BLOCK_START.match(block.html):
            parts.append(block.html)
        else:
            parts.append(f"<p>{block.html}</p>")
    return "\n".join(parts)


# -- Linking to a community and a prompt --------------------------------------------------


@dataclass
class _Target:
    """The challenge a work is a fill in, and its prompt."""

    challenge: Challenge
    prompt: Prompt
    tags: list[Tag]  # the community's required tags


def _find_target(
    plan: _Plan, options: _Options, lookups: Lookups, warnings: list[str]
) -> _Target | None:
    community = _community(plan, options, lookups, warnings)
    if community is None:
        return None
    if not plan.prompt:
        warnings.append(f"The file names no prompt: the work is not a fill in {community.name}.")
        return None
    prompt = _existing_prompt(plan.prompt, community, lookups)
    if prompt is None:
        prompt = _missing_prompt(plan.prompt, community, options, lookups, warnings)
    else:
        warnings.append(f"Linked to the prompt “{prompt.text}” of {community.name}.")
    if prompt is None:
        return None
    challenge = _challenge_for(prompt, community)
    if challenge is None:
        warnings.append(f"{community.name} has no challenge to post fills to.")
        return None
    return _Target(challenge=challenge, prompt=prompt, tags=lookups.required_tags(community))


def _community(
    plan: _Plan, options: _Options, lookups: Lookups, warnings: list[str]
) -> Community | None:
    named = plan.community_name
    if options.community is not None:
        chosen = options.community
        if named and community_key(named) not in {
            community_key(chosen.name),
            community_key(chosen.slug.replace("-", " ")),
        }:
            warnings.append(f"The file names “{named}” as its community; it goes to "
                            f"{chosen.name}, as asked.")  # fmt: skip
        return chosen
    if not named:
        return None
    community = lookups.community_named(named)
    if community is None:
        warnings.append(f"No community here is called “{named}”: the work is not linked to "
                        "its prompt.")  # fmt: skip
    return community


def _existing_prompt(text: str, community: Community, lookups: Lookups) -> Prompt | None:
    """The community's released prompt with this text (ignoring case, quotes, punctuation and
    spacing); for an overflow community, the prompts of the one it overflows too."""
    key = prompt_key(text)
    prompt = lookups.prompts_of(community).get(key)
    if prompt is None and community.overflow_of is not None:
        prompt = lookups.prompts_of(community.overflow_of).get(key)
    return prompt


def _missing_prompt(
    text: str, community: Community, options: _Options, lookups: Lookups, warnings: list[str]
) -> Prompt | None:
    if not options.create_prompts:
        warnings.append(f"Prompt not found: {community.name} has no prompt “{text}” (with "
                        "--create-prompts a moderator can create it).")  # fmt: skip
        return None
    if not lookups.is_moderator(options.owner, community):
        warnings.append(f"Prompt not found: {community.name} has no prompt “{text}”, and only "
                        "its moderators can create prompts.")  # fmt: skip
        return None
    return _create_prompt(text, community, options, lookups, warnings)


def _create_prompt(
    text: str, community: Community, options: _Options, lookups: Lookups, warnings: list[str]
) -> Prompt | None:
    challenge = community.challenges.filter(kind__in=PROMPT_KINDS).order_by("pk").first()
    period = None
    if challenge is not None:
        now = timezone.now()
        started = challenge.periods.filter(opens_at__lte=now).order_by("-opens_at").first()
        period = current_period(challenge) or started or challenge.periods.last()
    if period is None or len(text) > PROMPT_MAX:
        warnings.append(f"Prompt not found, and it cannot be created: {community.name} has no "
                        "prompt challenge with a period to put it in.")  # fmt: skip
        return None
    prompt = Prompt.objects.create(period=period, text=text, release_at=timezone.now(),
                                   posted_by=options.owner)  # fmt: skip
    lookups.prompts_of(community)[prompt_key(text)] = prompt
    lookups.created_in.add(community.pk)
    verb = "will be created" if options.dry_run else "created"
    warnings.append(f"The prompt “{text}” {verb} in {community.name} ({period.title}).")
    return prompt


def _challenge_for(prompt: Prompt, community: Community) -> Challenge | None:
    """The prompt's own challenge; for a prompt of the community an overflow takes fills for,
    the overflow's own prompt challenge."""
    if prompt.period.challenge.community_id == community.pk:
        return prompt.period.challenge
    return community.challenges.filter(kind__in=PROMPT_KINDS).order_by("pk").first()


# -- Writing ------------------------------------------------------------------------------


@dataclass
class _Original:
    filename: str
    data: bytes
    sha256: str
    read: _Read
    imported_before: bool  # by a work since deleted: its record is replaced


def _write_for_real(
    plan: _Plan, report: ImportReport, original: _Original, options: _Options, lookups: Lookups
) -> None:
    """One transaction: the work, its fill, the stored original. The original is written to
    storage before the commit; it is deleted again when anything fails."""
    stored: list[str] = []
    try:
        with transaction.atomic():
            work = _write(plan, report, options, lookups)
            imported = _store_original(original, work, report, options.owner, stored)
    except BaseException:
        for name in stored:
            default_storage.delete(name)
        raise
    lookups.created_in.clear()
    lookups.hashes.setdefault(options.owner.pk, set()).add(original.sha256)
    report.imported_file_id = imported.pk


def _write(plan: _Plan, report: ImportReport, options: _Options, lookups: Lookups) -> Work:
    target = _find_target(plan, options, lookups, report.warnings)
    if target is not None:
        _add_required_tags(plan, target, report)
    work = _create_work(plan, options, draft=target is not None)
    if target is not None:
        _make_fill(work, target, options, report)
    report.status, report.work_id, report.url = IMPORTED, work.pk, _url(work)
    report.fields["word_count"] = work.word_count
    return work


def _add_required_tags(plan: _Plan, target: _Target, report: ImportReport) -> None:
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


def _create_work(plan: _Plan, options: _Options, *, draft: bool) -> Work:
    """A work for a fill starts as a draft and is posted once the fill is accepted."""
    first, *more = plan.chapters
    work = works.work_create(
        poster=options.owner, pseud=options.pseud, title=plan.title, tags=plan.tags,
        chapter=first, rating=plan.rating, summary=plan.summary, notes=plan.notes,
        language=plan.language, status=Status.DRAFT if draft else Status.POSTED,
    )  # fmt: skip
    for chapter in more:
        works.chapter_add(work=work, content=chapter)
    if more:
        work.refresh_from_db(fields=["word_count", "chapter_count"])
    return work


def _make_fill(work: Work, target: _Target, options: _Options, report: ImportReport) -> None:
    community = target.challenge.community.name
    try:
        fill = fill_create(work=work, challenge=target.challenge, prompts=[target.prompt],
                           for_theme=False, by=options.owner)  # fmt: skip
    except ValidationError as refusal:
        report.warnings += refusal.messages
        report.warnings.append(
            f"{community} did not take it as a fill, so the work was imported as a draft: "
            "fix it and post it from your dashboard."
        )
        return
    works.work_post(work=work)
    if fill.status == FillStatus.PENDING:
        report.warnings.append(f"The fill waits for a moderator of {community} to approve it.")


def _store_original(
    original: _Original, work: Work, report: ImportReport, owner: User, stored: list[str]
) -> ImportedFile:
    name = PurePath(original.filename).name
    # The earlier import of these bytes made a work that was since deleted: replace its record.
    replaced = ImportedFile.objects.filter(owner=owner, sha256=original.sha256)
    for old in replaced if original.imported_before else []:
        transaction.on_commit(partial(default_storage.delete, old.original.name))
        old.delete()
    imported = ImportedFile(
        owner=owner, sha256=original.sha256, filename=_short_name(name),
        size=len(original.data), encoding=original.read.encoding,
        format=original.read.original.format, work=work, report=report.as_json(),
    )  # fmt: skip
    # A random stored name: the file's own name may be its creator's, and must not show in URLs.
    suffix = PurePath(name).suffix.lower()[:10]
    imported.original.save(uuid4().hex + suffix, ContentFile(original.data), save=False)
    stored.append(imported.original.name or "")
    imported.save()
    return imported


def _short_name(name: str) -> str:
    if len(name) <= 255:
        return name
    suffix = PurePath(name).suffix[:20]
    return name[: 255 - len(suffix)] + suffix


# -- Staging: uploaded files kept between the web preview and its confirmation -------------

STAGING = "import-staging"
STAGING_MAX_AGE = timedelta(days=1)
_TOKEN = re.compile(r"^[0-9a-f]{32}$")


@dataclass
class StagedFile:
    name: str  # in storage
    filename: str  # as uploaded
    size: int


def staging_save(files: Iterable[File]) -> tuple[str, list[StagedFile]]:
    """Keep uploaded files under a fresh random token (streamed to storage, not held in
    memory); old batches nobody confirmed are cleared on the way. The token goes in the
    uploader's session, never trusted from a form."""
    staging_clear_stale()
    token = secrets.token_hex(16)
    staged = []
    for number, upload in enumerate(files):
        name = default_storage.save(f"{STAGING}/{token}/{number:03d}", upload)
        filename = PurePath(upload.name or "upload").name
        staged.append(StagedFile(name=name, filename=filename, size=upload.size or 0))
    return token, staged


def staging_read(token: str, staged: StagedFile) -> bytes:
    if not _TOKEN.match(token) or not staged.name.startswith(f"{STAGING}/{token}/"):
        raise ValueError("not a file of this staged batch")
    with default_storage.open(staged.name, "rb") as file:
        data: bytes = file.read()
    return data


def staging_delete(token: str) -> None:
    if not _TOKEN.match(token):
        return
    folder = f"{STAGING}/{token}"
    try:
        _dirs, names = default_storage.listdir(folder)
    except FileNotFoundError:
        return
    for name in names:
        default_storage.delete(f"{folder}/{name}")
    _remove_empty_folder(folder)


def staging_clear_stale(now: datetime | None = None) -> None:
    """Delete staged batches older than a day: previews that were never confirmed."""
    cutoff = (now or timezone.now()) - STAGING_MAX_AGE
    try:
        tokens, _names = default_storage.listdir(STAGING)
    except FileNotFoundError:
        return
    for token in tokens:
        folder = f"{STAGING}/{token}"
        names = default_storage.listdir(folder)[1]
        times = [default_storage.get_modified_time(f"{folder}/{name}") for name in names]
        if not times or max(times) < cutoff:
            staging_delete(token)
            _remove_empty_folder(folder)


def _remove_empty_folder(folder: str) -> None:
    # Object stores have no folders; on a file system the emptied one is removed too.
    with contextlib.suppress(NotImplementedError, OSError):
        os.rmdir(default_storage.path(folder))
