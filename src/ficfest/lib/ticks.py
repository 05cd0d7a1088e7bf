"""One idempotent periodic tick. Apps register the side effects that fall due with time
(claim reminders, reveal notices); the worker runs the tick every minute. Each registered
function must be safe to run twice and must catch up on anything it missed while no worker ran.
"""

import logging
from collections.abc import Callable
from typing import TypeVar

log = logging.getLogger(__name__)
_TICKS: list[Callable[[], object]] = []
F = TypeVar("F", bound=Callable[[], object])


def periodic(func: F) -> F:
    _TICKS.append(func)
    return func


def run_tick() -> None:
    for func in _TICKS:
        try:
            func()
        except Exception:  # one failing job must not starve the others
            log.exception("periodic job %s failed", func.__qualname__)
