"""Error pages that need the request: the CSRF refusal, in the site's layout with the reader's
own header (Django's default renders the template without the request)."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return render(request, "403_csrf.html", status=403)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """A request Django refused to read: most often an address with more parameters than it
    takes (a filter link repeated by a script). Said plainly, with the way back."""
    too_many = type(exception).__name__ == "TooManyFieldsSent"
    context = {"too_many": too_many, "limit": settings.DATA_UPLOAD_MAX_NUMBER_FIELDS}
    return render(request, "400.html", context, status=400)
