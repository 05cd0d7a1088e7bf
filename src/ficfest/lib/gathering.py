"""Work queued after a commit, gathered for callers that write many rows in one transaction.

Each change to a work queues its search row and its download files once the change commits.
One saved work is three or four changes (the work, its chapter, its creatorship, its tags), so
an import of 200 files in one transaction would queue some 1,400 tasks, a row each in the task
table, costing more than the works themselves. Inside ``gathered()`` (an import's batch),
``after_commit`` only remembers the ids; the caller sends each kind once, with every id, after
its commit (``send_gathered``), or drops them when it rolls back. The tasks reload their rows by
id and skip the ones that are gone, so an id of a file rolled back within the batch costs
nothing but a look-up.
"""

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import partial

from django.db import transaction

Send = Callable[[list[int]], None]
Gathered = dict[Send, set[int]]

_gathered: ContextVar[Gathered | None] = ContextVar("ficfest_gathered", default=None)


def after_commit(send: Send, ids: Iterable[int]) -> None:
    """``send(ids)`` once the current transaction commits (at once outside one); inside
    ``gathered()``, the ids join the others for the same ``send`` (a module-level function)."""
    wanted = sorted(set(ids))
    if not wanted:
        return
    gathering = _gathered.get()
    if gathering is None:
        transaction.on_commit(partial(send, wanted))
    else:
        gathering.setdefault(send, set()).update(wanted)


@contextmanager
def gathered() -> Iterator[Gathered]:
    """Gather ``after_commit``'s ids instead of queueing them; hand them to ``send_gathered``
    after committing the transaction the block ran in."""
    gathering: Gathered = {}
    token = _gathered.set(gathering)
    try:
        yield gathering
    finally:
        _gathered.reset(token)


def send_gathered(gathering: Gathered) -> None:
    for send, ids in gathering.items():
        send(sorted(ids))
    gathering.clear()
