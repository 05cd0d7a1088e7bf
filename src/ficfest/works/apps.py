from django.apps import AppConfig


class WorksConfig(AppConfig):
    name = "ficfest.works"
    label = "works"
    verbose_name = "Works"

    def ready(self) -> None:
        from ficfest.works import filtertags

        filtertags.connect()
