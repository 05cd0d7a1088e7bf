"""Error pages that need the request: the CSRF refusal, in the site's layout with the reader's
own header (Django's default renders the template without the request)."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return render(request, "403_csrf.html", status=403)
