"""One idempotent periodic tick. Apps register the side effects that fall due with time
(claim reminders, reveal notices); the worker runs the tick every minute. Each registered
function must be safe to run twice and must catch up on anything it missed while no worker ran.
"""

import logging
from collections.abc import Callable, Iterable
from typing import TypeVar

log = logging.getLogger(__name__)
_TICKS: list[Callable[[], object]] = []
F = TypeVar("F", bound=Callable[[], object])
T = TypeVar("T")
R = TypeVar("R")


def periodic(func: F) -> F:
    _TICKS.append(func)
    return func


def run_tick() -> None:
    for func in _TICKS:
        try:
            func()
        except Exception:  # one failing job must not starve the others
            log.exception("periodic job %s failed", func.__qualname__)


def each(items: Iterable[T], job: Callable[[T], R], what: str) -> list[R]:
    """Run a job on each item (a community, a challenge, a claim); a failure is logged with
    the item and the others go on, so one bad row never stops everyone's reminders. The
    results of the jobs that succeeded."""
    results = []
    for item in items:
        try:
            results.append(job(item))
        except Exception:
            log.exception("%s failed for %r", what, item)
    return results
