from django.apps import AppConfig


class SocialConfig(AppConfig):
    name = "ficfest.social"
    label = "social"
    verbose_name = "Comments, kudos and the inbox"

    def ready(self) -> None:
        from ficfest.communities.seams import register_community_section, register_prompt_section
        from ficfest.exchanges.seams import register_gift_listener
        from ficfest.social import counts, notices, sections, subscriptions, tasks  # noqa: F401
        from ficfest.works import seams, sorts

        # The work page hears of kudos and comments only through what registers here.
        seams.register_work_section(sections.kudos_section, order=10)
        seams.register_work_section(sections.comments_section, order=20)
        register_community_section(sections.community_section, order=10)
        register_prompt_section(sections.prompt_section, order=10)
        seams.register_page_section("profile", sections.creator_subscribe, order=10)
        seams.register_page_section("series", sections.series_subscribe, order=10)
        seams.register_page_section("tag", sections.tag_subscribe, order=10)
        # A gift's recipient finds its notice in their inbox.
        register_gift_listener(notices.gift_received)
        # A work's subscribers hear of each new chapter.
        subscriptions.connect()
        # Deletions no service sees (an account deleted) still take their counts with them.
        counts.connect()
        sorts.sort_register("kudos", "Kudos", counts.by_count("kudos_count"))
        sorts.sort_register("comments", "Comments", counts.by_count("comment_count"))
        sorts.sort_register("bookmarks", "Bookmarks", counts.by_count("bookmark_count"))
