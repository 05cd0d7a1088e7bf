"""The download links under a work's text, through the work page's seam."""

from django.http import HttpRequest
from django.urls import reverse

from ficfest.downloads.formats import LABELS, available_formats
from ficfest.works.models import Chapter, Work
from ficfest.works.seams import WorkSection


def work_downloads(request: HttpRequest, work: Work, chapter: Chapter | None) -> WorkSection:
    links = [
        {"label": LABELS[fmt], "url": reverse("work_download", args=[work.pk, fmt])}
        for fmt in available_formats()
    ]
    return WorkSection("downloads/_work_downloads.html", {"download_links": links, "work": work})
