from typing import Any

from django.core.management.base import BaseCommand

from ficfest.demo import DEMO_PASSWORD, DEMO_USERS, demo_load


class Command(BaseCommand):
    help = (
        "Load the demo archive (a dozen works, the seed fill, its communities and a ficathon), "
        "dated from now. Safe to run again."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        seed = demo_load()
        self.stdout.write(
            f"Demo archive ready: the seed fill is /works/{seed.pk}/. "
            f"The seed's community is /c/fag-ends/. Demo accounts ({', '.join(DEMO_USERS)}) "
            f"use the password {DEMO_PASSWORD!r}."
        )
