"""The download links under a work's text, through the work page's seam."""

from django.http import HttpRequest
from django.urls import reverse

from ficfest.communities.models import Period
from ficfest.downloads.anthologies import ANTHOLOGY_FORMATS
from ficfest.downloads.formats import LABELS, available_formats
from ficfest.works.models import Chapter, Work
from ficfest.works.seams import WorkSection


def work_downloads(request: HttpRequest, work: Work, chapter: Chapter | None) -> WorkSection:
    links = [
        {"label": LABELS[fmt], "url": reverse("work_download", args=[work.pk, fmt])}
        for fmt in available_formats()
    ]
    return WorkSection("downloads/_work_downloads.html", {"download_links": links, "work": work})


def masterlist_anthology(request: HttpRequest, period: Period) -> WorkSection:
    args = [period.challenge.community.slug, period.challenge.slug, period.slug]
    links = [
        {"label": LABELS[fmt], "url": reverse("anthology_download", args=[*args, fmt])}
        for fmt in ANTHOLOGY_FORMATS
    ]
    return WorkSection(
        "downloads/_masterlist_anthology.html",
        {"anthology_links": links, "anthology_page": reverse("anthology", args=args)},
    )
