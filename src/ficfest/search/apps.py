from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "ficfest.search"
    label = "search"
    verbose_name = "Full-text search"

    def ready(self) -> None:
        from ficfest.communities.seams import register_challenge_section
        from ficfest.search import indexing, sections
        from ficfest.works import seams

        # Every listing of works takes ``q`` through this; works never import search.
        seams.register_listing_search(sections.listing_search)
        register_challenge_section(sections.prompt_search_box, order=10)
        indexing.connect()
