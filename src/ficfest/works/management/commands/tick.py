from typing import Any

from django.core.management.base import BaseCommand

from ficfest.lib.ticks import run_tick


class Command(BaseCommand):
    help = "Run the periodic jobs once (reminders, reveal notices). `ficfest worker` runs it "
    "every minute; run this from cron instead if you run the worker elsewhere."

    def handle(self, *args: Any, **options: Any) -> None:
        run_tick()
