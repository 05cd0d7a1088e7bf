"""An anthology file (several works in one EPUB) becomes several works gathered into a series.

The whole file is still one transaction: a work that cannot be written undoes the others and
the series. Each work gets its own report line ("anthology.epub (2 of 7)"), saying which part
of the series it is; the file's own report stands for the first work.
"""

from collections.abc import Callable

from ficfest.accounts.models import User
from ficfest.importer.services.plan import Plan
from ficfest.importer.services.report import ImportReport
from ficfest.works import services as works
from ficfest.works.models import TITLE_MAX, SeriesWork, Work


def anthology_write(
    *,
    plans: list[Plan],
    series_title: str,
    report: ImportReport,
    owner: User,
    write: Callable[[Plan, ImportReport], Work],
) -> Work:
    """Write each work with ``write`` and gather them into a new series; returns the first."""
    title = (series_title or plans[0].title)[:TITLE_MAX]
    series = works.series_create(owner=owner, title=title)
    report.parts = []
    made: list[Work] = []
    for number, plan in enumerate(plans, start=1):
        part = ImportReport(file=f"{report.file} ({number} of {len(plans)})",
                            fields=plan.fields, warnings=plan.warnings)  # fmt: skip
        work = write(plan, part)
        SeriesWork.objects.create(series=series, work=work, position=number)
        part.warnings.append(f"Part {number} of {len(plans)} of the series “{title}”.")
        report.parts.append(part)
        made.append(work)
    series.complete = all(plan.complete for plan in plans)
    series.save(update_fields=["complete"])
    first = report.parts[0]
    report.status, report.work_id, report.url = first.status, first.work_id, first.url
    report.fields = first.fields
    report.warnings = [f"An anthology of {len(plans)} works: imported as the series “{title}”."]
    return made[0]
