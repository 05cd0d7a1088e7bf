"""What an import says about one file: its status, the fields the header gave, warnings, and
the refusal of a file too big to read."""

from dataclasses import dataclass, field
from typing import Any

from django.conf import settings

IMPORTED, SKIPPED, FAILED = "imported", "skipped", "failed"

# The report's fields, in the order the issue lists them.
FIELD_NAMES = (
    "title", "title_derived", "creators", "fandoms", "rating", "warnings", "relationships",
    "characters", "tags", "summary", "notes", "disclaimer", "prompt", "community", "word_count",
    "complete",
)  # fmt: skip


def empty_fields() -> dict[str, Any]:
    return {
        "title": "", "title_derived": False, "creators": [], "fandoms": [], "rating": "",
        "warnings": [], "relationships": [], "characters": [], "tags": [], "summary": "",
        "notes": "", "disclaimer": "", "prompt": "", "community": "", "word_count": 0,
        "complete": True,
    }  # fmt: skip


@dataclass
class ImportReport:
    """What happened to one file. ``as_json`` is the object ``ficfest import --json`` prints."""

    file: str
    status: str = FAILED
    work_id: int | None = None
    url: str | None = None
    fields: dict[str, Any] = field(default_factory=empty_fields)
    warnings: list[str] = field(default_factory=list)
    error: str | None = None
    # Not in the JSON: the stored original, which the web links for download.
    imported_file_id: int | None = None
    # An anthology's works, a report each: what the file's line stands for.
    parts: list["ImportReport"] = field(default_factory=list)

    def lines(self) -> list["ImportReport"]:
        """The lines a run shows for this file: one, or one per work of an anthology."""
        if not self.parts or self.status != IMPORTED:
            return [self]
        self.parts[0].imported_file_id = self.imported_file_id
        return list(self.parts)

    def as_json(self) -> dict[str, Any]:
        return {
            "file": self.file, "status": self.status, "work_id": self.work_id, "url": self.url,
            "fields": {name: self.fields[name] for name in FIELD_NAMES},
            "warnings": list(self.warnings), "error": self.error,
        }  # fmt: skip


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
