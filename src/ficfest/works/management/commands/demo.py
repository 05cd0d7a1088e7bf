from typing import Any

from django.core.management.base import BaseCommand

from ficfest.demo import DEMO_PASSWORD, demo_load


class Command(BaseCommand):
    help = "Load the demo archive (the seed fill and a dozen works). Safe to run again."

    def handle(self, *args: Any, **options: Any) -> None:
        seed = demo_load()
        self.stdout.write(
            f"Demo archive ready: the seed fill is /works/{seed.pk}/. "
            f"The seed's community is /c/fag-ends/. Demo accounts (mod, demo, willowtree, "
            f"ripperfan, serenitysky) use the password {DEMO_PASSWORD!r}."
        )
