"""Search tests write works inside ``indexed()``: their index rows are written when the
transaction would commit, by the queued task (immediate in tests), as in production."""

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager

import pytest


@pytest.fixture
def indexed(django_capture_on_commit_callbacks) -> Callable[[], AbstractContextManager[None]]:
    @contextmanager
    def run() -> Iterator[None]:
        with django_capture_on_commit_callbacks(execute=True):
            yield

    return run
