from django.apps import AppConfig


class DownloadsConfig(AppConfig):
    name = "ficfest.downloads"
    label = "downloads"
    verbose_name = "Downloads and e-reader catalogs"
