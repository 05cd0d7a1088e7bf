"""``ficfest reindex``: write the whole search index again from the works and prompts, in
batches, with a progress bar. Safe to run while the site serves: each batch replaces its own
rows in one transaction, and rows of works that are gone or drafted are dropped at the end."""

from argparse import ArgumentParser
from collections.abc import Callable, Iterable
from time import perf_counter
from typing import IO, Any, cast

from django.core.management.base import BaseCommand
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from ficfest.communities.models import Prompt
from ficfest.search.backends import backend
from ficfest.search.backends.base import PROMPTS
from ficfest.search.indexing import prompts_index, works_index, works_rebuild
from ficfest.search.models import IndexedWork
from ficfest.works.models import Status, Work


def _batches(ids: list[int], size: int) -> Iterable[list[int]]:
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


def _count(n: int, what: str) -> str:
    return f"{n:,} {what}{'' if n == 1 else 's'}"


class Command(BaseCommand):
    help = "Rebuild the full-text search index of works and prompts."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--batch", type=int, default=1000, help="Works per transaction.")
        parser.add_argument(
            "--clear", action="store_true", help="Empty the index first (searches find less "
            "until the rebuild ends; without it, rows are replaced as they are written).",
        )  # fmt: skip

    def handle(self, *args: Any, batch: int, clear: bool, **options: Any) -> None:
        console = Console(file=cast(IO[str], self.stdout))
        if clear:
            backend().clear(PROMPTS)
        work_ids = list(Work.objects.filter(status=Status.POSTED).order_by("pk")
                        .values_list("pk", flat=True))  # fmt: skip
        prompt_ids = list(Prompt.objects.order_by("pk").values_list("pk", flat=True))
        started = perf_counter()
        if clear:  # the bulk path: from empty tables, merged or indexed once at the end
            self._run("Works", work_ids, max(1, batch), None)
        else:
            self._run("Works", work_ids, max(1, batch), works_index)
        self._run("Prompts", prompt_ids, max(1, batch) * 5, prompts_index)
        # Rows of works drafted or deleted while no task ran.
        stale = list(IndexedWork.objects.exclude(work__status=Status.POSTED)
                     .values_list("work_id", flat=True))  # fmt: skip
        works_index(ids=stale)
        seconds = perf_counter() - started
        rate = len(work_ids) / seconds if seconds else 0
        console.print(f"Indexed {_count(len(work_ids), 'work')} and "
                      f"{_count(len(prompt_ids), 'prompt')} in {seconds:.1f} s "
                      f"({rate:,.0f} works/s).")  # fmt: skip

    def _run(self, what: str, ids: list[int], size: int,
             index: Callable[..., int] | None) -> None:  # fmt: skip
        columns = (TextColumn(what), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                   TimeRemainingColumn())  # fmt: skip
        with Progress(*columns, console=Console(stderr=True), transient=True) as progress:
            bar = progress.add_task(what, total=len(ids))
            if index is None:
                works_rebuild(ids=ids, batch=size, progress=lambda n: progress.advance(bar, n))
                return
            for chunk in _batches(ids, size):
                index(ids=chunk)
                progress.advance(bar, len(chunk))
