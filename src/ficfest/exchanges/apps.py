from django.apps import AppConfig


class ExchangesConfig(AppConfig):
    name = "ficfest.exchanges"
    label = "exchanges"
    verbose_name = "Ficathons and gift exchanges"
