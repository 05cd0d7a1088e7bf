"""Import one file: read it, make a work of what its header says, link the work to the prompt it
was written for, and keep the original.

The modules, by concern: ``report`` (what a run says about each file), ``lookups`` (what a run
asks once), ``fields`` (what a header's values mean, as pure functions), ``plan`` (reading a
file into the work it describes), ``linking`` (its community and prompt), ``importing`` (the
import itself, one transaction a file), ``batch`` (many files, one transaction a batch of them)
and ``staging`` (uploads between preview and confirmation). Callers import from this package.
"""

from ficfest.importer.services.batch import Source, import_files
from ficfest.importer.services.importing import import_file
from ficfest.importer.services.lookups import Lookups
from ficfest.importer.services.report import (
    FAILED,
    FIELD_NAMES,
    IMPORTED,
    SKIPPED,
    ImportReport,
    failed_report,
    size_refusal,
)
from ficfest.importer.services.staging import (
    STAGING,
    StagedFile,
    staging_clear_stale,
    staging_delete,
    staging_read,
    staging_save,
)

__all__ = [
    "FAILED", "FIELD_NAMES", "IMPORTED", "SKIPPED", "STAGING", "ImportReport", "Lookups",
    "Source", "StagedFile", "failed_report", "import_file", "import_files", "size_refusal",
    "staging_clear_stale", "staging_delete", "staging_read", "staging_save",
]  # fmt: skip
