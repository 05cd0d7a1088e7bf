from django.apps import AppConfig


class WorksConfig(AppConfig):
    name = "ficfest.works"
    label = "works"
    verbose_name = "Works"

    def ready(self) -> None:
        from ficfest.lib import dbstats  # noqa: F401 (its periodic job)
        from ficfest.works import filtertags

        filtertags.connect()
