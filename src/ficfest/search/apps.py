from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "ficfest.search"
    label = "search"
    verbose_name = "Full-text search"
