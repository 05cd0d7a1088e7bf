from django.apps import AppConfig


class ExchangesConfig(AppConfig):
    name = "ficfest.exchanges"
    label = "exchanges"
    verbose_name = "Ficathons and gift exchanges"

    def ready(self) -> None:
        # Registers the periodic late-assignment notices with ficfest.lib.ticks.
        from ficfest.exchanges import tasks  # noqa: F401
