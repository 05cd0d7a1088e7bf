from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo archive and its ``ficfest demo`` command; it has no models of its own."""

    name = "ficfest.demo"
    label = "demo"
    verbose_name = "Demo archive"
