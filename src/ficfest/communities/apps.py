from django.apps import AppConfig


class CommunitiesConfig(AppConfig):
    name = "ficfest.communities"
    label = "communities"
    verbose_name = "Communities and challenges"

    def ready(self) -> None:
        # Modules that register periodic jobs with ficfest.lib.ticks.
        from ficfest.communities import dashboard, reveals, secrecy, tasks, waiting  # noqa: F401
        from ficfest.communities.services.posting import FillPosting
        from ficfest.works import seams

        # Works hear about communities only through what registers here.
        secrecy.connect()
        seams.register_posting_rules(FillPosting())
        dashboard.register()
        # The header's badge forgets "moderates nothing" when a membership changes.
        waiting.connect()
