from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "ficfest.accounts"
    label = "accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        from ficfest.accounts import signals  # noqa: F401  (connects the default-pseud rule)
