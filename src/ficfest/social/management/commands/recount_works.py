from typing import Any

from django.core.management.base import BaseCommand

from ficfest.social.counts import counts_recount


class Command(BaseCommand):
    help = "Rebuild every work's kudos, comment and bookmark counts from the rows (safe to run "
    "at any time, e.g. after restoring a backup or editing the database by hand)."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(f"Recounted {counts_recount()} works.")
