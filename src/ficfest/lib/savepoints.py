"""Services whose savepoint a caller may spare.

Every service runs in ``transaction.atomic``: called inside another transaction, that is a
savepoint (two statements) so that a caller catching the service's error can go on. An import
writes thousands of files in a row, each in a savepoint of its own that it rolls back whenever
anything inside fails; the services inside need none of their own there. ``atomic`` services
skip their savepoint inside ``savepoint_held()``: an error then dooms the enclosing block,
which the holder rolls back to its own savepoint. A service whose errors a caller catches and
gets over (``fill_create``'s refusals) must keep ``transaction.atomic``.
"""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import wraps
from typing import ParamSpec, TypeVar

from django.db import transaction

P = ParamSpec("P")
R = TypeVar("R")

_held: ContextVar[bool] = ContextVar("ficfest_savepoint_held", default=False)


@contextmanager
def savepoint_held() -> Iterator[None]:
    """The caller holds a savepoint around this block and rolls it back when anything inside
    raises, without catching the error in between."""
    token = _held.set(True)
    try:
        yield
    finally:
        _held.reset(token)


def atomic(service: Callable[P, R]) -> Callable[P, R]:
    """``transaction.atomic``, with no savepoint of its own inside ``savepoint_held()``."""

    @wraps(service)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        with transaction.atomic(savepoint=not _held.get()):
            return service(*args, **kwargs)

    return run
