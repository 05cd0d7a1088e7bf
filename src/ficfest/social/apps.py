from django.apps import AppConfig


class SocialConfig(AppConfig):
    name = "ficfest.social"
    label = "social"
    verbose_name = "Comments, kudos and the inbox"

    def ready(self) -> None:
        from ficfest.communities.seams import register_community_section, register_prompt_section
        from ficfest.social import sections, subscriptions, tasks  # noqa: F401 (ticks)
        from ficfest.works import seams

        # The work page hears of kudos and comments only through what registers here.
        seams.register_work_section(sections.kudos_section, order=10)
        seams.register_work_section(sections.comments_section, order=20)
        register_community_section(sections.community_section, order=10)
        register_prompt_section(sections.prompt_section, order=10)
        seams.register_page_section("profile", sections.creator_subscribe, order=10)
        seams.register_page_section("series", sections.series_subscribe, order=10)
        seams.register_page_section("tag", sections.tag_subscribe, order=10)
        # A work's subscribers hear of each new chapter.
        subscriptions.connect()
