"""Every page speaks the reader's time: their chosen zone, or the site's for guests."""

from collections.abc import Callable
from contextlib import suppress
from zoneinfo import ZoneInfoNotFoundError

from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from ficfest.lib.dates import zone


class ReaderTimeZoneMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        timezone.deactivate()
        chosen = getattr(request.user, "time_zone", "") if request.user.is_authenticated else ""
        # A zone dropped from the machine's zone data since it was chosen: the site's.
        with suppress(ZoneInfoNotFoundError, ValueError):
            if chosen:
                timezone.activate(zone(chosen))
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()
