"""Downloads: a work's file in one format, sent as an attachment named from the title."""

from typing import Any

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse

from ficfest.communities.models import Period
from ficfest.communities.selectors import get_period
from ficfest.downloads.anthologies import (
    ANTHOLOGY_FORMATS,
    anthology_built,
    anthology_is_small,
    anthology_request,
    anthology_write,
)
from ficfest.downloads.anthology import anthology_volume, edition_for
from ficfest.downloads.files import downloads_storage
from ficfest.downloads.formats import CONTENT_TYPES, LABELS, available_formats
from ficfest.downloads.models import AnthologyBuild, BuildState
from ficfest.downloads.works import Built, readable_work, work_file


def send(built: Built, fmt: str) -> FileResponse:
    response = FileResponse(
        downloads_storage().open(built.stored_name, "rb"),
        as_attachment=True,
        filename=built.download_name,
        content_type=CONTENT_TYPES[fmt],
    )
    # The file says what the reader may read, which differs by reader (an anonymous work's
    # creators see their names): no shared cache may keep one reader's copy for another.
    response["Cache-Control"] = "private, no-cache"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def work_download(request: HttpRequest, pk: int, fmt: str) -> FileResponse:
    """One work as a file in one format."""
    if fmt not in available_formats():
        raise Http404("No such format.")
    work = readable_work(request.user, pk)
    return send(work_file(work=work, fmt=fmt), fmt)


def _period(slug: str, challenge: str, period: str) -> Period:
    return get_period(slug, challenge, period)


def anthology_download(
    request: HttpRequest, slug: str, challenge: str, period: str, fmt: str
) -> HttpResponseBase:
    """The period's anthology file: sent when built (or small enough to build now), else
    queued for the worker and the reader sent to its progress page."""
    if fmt not in ANTHOLOGY_FORMATS:
        raise Http404("No such anthology format.")
    found = _period(slug, challenge, period)
    edition = edition_for(request.user)
    volume = anthology_volume(found, edition)
    built = anthology_built(found, volume, fmt)
    if built is None and anthology_is_small(volume, fmt):
        built = anthology_write(found, volume, fmt, None)
    if built is not None:
        return send(built, fmt)
    anthology_request(period=found, edition=edition, fmt=fmt, volume=volume)
    return redirect("anthology", slug, challenge, period)


def anthology(request: HttpRequest, slug: str, challenge: str, period: str) -> HttpResponse:
    """The anthology's page: each format's link, or how far its build has got. It reads the
    builds only (the page reloads itself while one runs); the download link works out what
    is current and sends it, or queues it and comes back here."""
    found = _period(slug, challenge, period)
    edition = edition_for(request.user)
    builds = AnthologyBuild.objects.filter(period=found, edition=edition).order_by("-pk")
    formats: list[dict[str, Any]] = []
    for fmt in ANTHOLOGY_FORMATS:
        build = builds.filter(fmt=fmt).first()
        url = reverse("anthology_download", args=[slug, challenge, period, fmt])
        running = build is not None and build.state not in (BuildState.DONE, BuildState.FAILED)
        formats.append({"fmt": fmt, "label": LABELS[fmt], "url": url, "build": build,
                        "running": running})  # fmt: skip
    context = {
        "period": found,
        "community": found.challenge.community,
        "title": f"{found.challenge.community.name}: {found.challenge.title}: {found.title}",
        "formats": formats,
        "building": any(item["running"] for item in formats),
    }
    return render(request, "downloads/anthology.html", context)
