"""Downloads: a work's file in one format, sent as an attachment named from the title."""

from django.http import FileResponse, Http404, HttpRequest

from ficfest.downloads.files import downloads_storage
from ficfest.downloads.formats import CONTENT_TYPES, available_formats
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
