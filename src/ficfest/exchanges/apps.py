from django.apps import AppConfig


class ExchangesConfig(AppConfig):
    name = "ficfest.exchanges"
    label = "exchanges"
    verbose_name = "Ficathons and gift exchanges"

    def ready(self) -> None:
        from ficfest.communities import waiting
        from ficfest.exchanges import tasks  # noqa: F401  (registers the late-assignment notices)
        from ficfest.exchanges.dashboard import assignments_section
        from ficfest.exchanges.waiting import LateAssignments, PinchHits
        from ficfest.works.seams import register_dashboard_section

        # The moderators' box and badge, and the member's dashboard, hear about ficathons here.
        waiting.register(PinchHits())
        waiting.register(LateAssignments())
        register_dashboard_section(assignments_section, order=40)
