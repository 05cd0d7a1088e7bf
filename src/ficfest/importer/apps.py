from django.apps import AppConfig


class ImporterConfig(AppConfig):
    name = "ficfest.importer"
    label = "importer"
    verbose_name = "Importer"
