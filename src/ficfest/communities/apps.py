from django.apps import AppConfig


class CommunitiesConfig(AppConfig):
    name = "ficfest.communities"
    label = "communities"
    verbose_name = "Communities and challenges"
