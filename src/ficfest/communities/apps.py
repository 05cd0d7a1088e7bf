from django.apps import AppConfig


class CommunitiesConfig(AppConfig):
    name = "ficfest.communities"
    label = "communities"
    verbose_name = "Communities and challenges"

    def ready(self) -> None:
        # Modules that register periodic jobs with ficfest.lib.ticks.
        from ficfest.communities import reveals, tasks  # noqa: F401
