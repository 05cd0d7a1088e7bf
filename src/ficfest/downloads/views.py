from django.http import Http404, HttpRequest, HttpResponse

from ficfest.downloads.formats import available_formats


def work_download(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """One work as a file in one format."""
    if fmt not in available_formats():
        raise Http404("No such format.")
    raise Http404("Not built yet.")
