"""Full addresses for links that leave the site: emails, feeds, exports, import reports.

The address is ``SITE_URL`` when it is set; otherwise the host and port the current request
came in on (so an archive served on another port links to that port), and for work done
without a request (the worker's emails) ``http://127.0.0.1:<PORT>``, where ``make run`` serves.
"""

from collections.abc import Callable
from contextvars import ContextVar

from django.conf import settings
from django.http import HttpRequest, HttpResponse

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
