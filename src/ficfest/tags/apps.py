from django.apps import AppConfig


class TagsConfig(AppConfig):
    name = "ficfest.tags"
    label = "tags"
    verbose_name = "Tags"
