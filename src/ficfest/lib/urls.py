"""Addresses: full ones for links that leave the site (emails, feeds, exports, import
reports), and cheap paths for the many links a listing shows (``int_reverse``).

The address is ``SITE_URL`` when it is set; otherwise the host and port the current request
came in on (so an archive served on another port links to that port), and for work done
without a request (the worker's emails) ``http://127.0.0.1:<PORT>``, where ``make run`` serves.
"""

import functools
from collections.abc import Callable
from contextvars import ContextVar

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.urls import get_script_prefix, reverse

_request_site: ContextVar[str | None] = ContextVar("request_site", default=None)


def site_url() -> str:
    """The archive's address, without a trailing slash."""
    if settings.SITE_URL:
        return str(settings.SITE_URL)
    return _request_site.get() or f"http://127.0.0.1:{settings.PORT}"


def absolute(path: str) -> str:
    """A path as a full address."""
    return f"{site_url()}{path}"


def request_site(
    get_response: Callable[[HttpRequest], HttpResponse],
) -> Callable[..., HttpResponse]:
    """Middleware: remembers the request's own address while it is handled, so the links a
    view builds deep in a service (an export, an email) point where the reader came from."""

    def middleware(request: HttpRequest) -> HttpResponse:
        token = _request_site.set(request.build_absolute_uri("/").rstrip("/"))
        try:
            return get_response(request)
        finally:
            _request_site.reset(token)

    return middleware


# Listings link every tag, work and chapter they show: a few hundred ``reverse()`` calls a
# page, each walking the URL resolver. A route whose arguments are all integers is the same
# string around the numbers every time, so it is reversed once (per script prefix, which a
# deployment under a sub-path sets) with marker numbers and filled in afterwards.
_MARKER = 987_654_321_000


@functools.cache
def _int_route(prefix: str, name: str, arity: int) -> tuple[str, ...]:
    markers = [str(_MARKER + n) for n in range(arity)]
    url = reverse(name, args=markers)
    parts = []
    for marker in markers:
        head, url = url.split(marker, 1)
        parts.append(head)
    return (*parts, url)


def int_reverse(name: str, *ids: int) -> str:
    """``reverse(name, args=ids)`` for routes whose arguments are all ``<int:…>``."""
    parts = _int_route(get_script_prefix(), name, len(ids))
    return "".join(f"{part}{int(n)}" for part, n in zip(parts, ids, strict=False)) + parts[-1]
