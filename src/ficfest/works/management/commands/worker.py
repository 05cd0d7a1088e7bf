import logging
import threading
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import close_old_connections

from ficfest.lib.ticks import run_tick

log = logging.getLogger(__name__)


def _tick_forever(interval: float, stop: threading.Event) -> None:
    while not stop.wait(interval):
        try:
            run_tick()
        finally:
            close_old_connections()


class Command(BaseCommand):
    help = "Run background tasks (emails, notices) and, every minute, the periodic jobs."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--batch",
            action="store_true",
            help="Run the tick once and the tasks queued now, then exit.",
        )
        parser.add_argument("--tick-seconds", type=float, default=60.0)

    def handle(self, *args: Any, **options: Any) -> None:
        run_tick()  # catch up at once on anything that fell due while no worker ran
        if options["batch"]:
            call_command("db_worker", "--batch")
            return
        stop = threading.Event()
        ticker = threading.Thread(
            target=_tick_forever, args=(options["tick_seconds"], stop), daemon=True
        )
        ticker.start()
        try:
            call_command("db_worker")
        finally:
            stop.set()
