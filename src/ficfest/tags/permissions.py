"""Who may wrangle tags and who may name wranglers. A guest is sent to log in; a logged-in
reader without the role gets a 403 page that says why."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from ficfest.accounts.auth import AnyUser

View = Callable[..., HttpResponse]


def can_wrangle(user: AnyUser) -> bool:
    return bool(user.is_authenticated and (user.is_staff or getattr(user, "is_wrangler", False)))


def _requires(check: Callable[[AnyUser], bool], refusal: str) -> Callable[[View], View]:
    def decorate(view: View) -> View:
        @wraps(view)
        def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not check(request.user):
                raise PermissionDenied(refusal)
            return view(request, *args, **kwargs)

        return login_required(guarded)

    return decorate


wrangler_required = _requires(can_wrangle, "Only tag wranglers can wrangle tags.")
staff_required = _requires(
    lambda user: bool(user.is_authenticated and user.is_staff),
    "Only the archive's staff can name tag wranglers.",
)
