from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from ficfest.accounts.models import User

AnyUser = User | AnonymousUser


def current_user(request: HttpRequest) -> User:
    """The logged-in user, typed; for views behind login_required."""
    if not isinstance(request.user, User):
        raise PermissionDenied("Please log in.")
    return request.user
