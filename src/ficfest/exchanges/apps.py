from django.apps import AppConfig


class ExchangesConfig(AppConfig):
    name = "ficfest.exchanges"
    label = "exchanges"
    verbose_name = "Ficathons and gift exchanges"

    def ready(self) -> None:
        from ficfest.communities import waiting
        from ficfest.exchanges import gift_notices, tasks  # noqa: F401  (register periodic jobs)
        from ficfest.exchanges.dashboard import assignments_section
        from ficfest.exchanges.gifts import GiftPosting, profile_gifts_link
        from ficfest.exchanges.waiting import LateAssignments, PinchHits
        from ficfest.works import seams
        from ficfest.works.seams import register_dashboard_section

        # The moderators' box and badge, and the member's dashboard, hear about ficathons here.
        waiting.register(PinchHits())
        waiting.register(LateAssignments())
        register_dashboard_section(assignments_section, order=40)
        seams.register_page_section("profile", profile_gifts_link, order=5)
        # "Post your gift": gifts are posted through the exchange, every other post through the
        # rules registered before (the communities', whose app is ready before this one).
        if not isinstance(seams.posting_rules(), GiftPosting):
            seams.register_posting_rules(GiftPosting(seams.posting_rules()))
