from django.apps import AppConfig


class DownloadsConfig(AppConfig):
    name = "ficfest.downloads"
    label = "downloads"
    verbose_name = "Downloads and e-reader catalogs"

    def ready(self) -> None:
        from ficfest.communities.seams import register_masterlist_section
        from ficfest.downloads import sections, tasks
        from ficfest.works import seams

        # The work page offers its files under the text, before kudos and comments.
        seams.register_work_section(sections.work_downloads, order=5)
        # A period's masterlist offers its fills as one book.
        register_masterlist_section(sections.masterlist_anthology, order=10)
        # A work's files are rebuilt in the background whenever it changes.
        tasks.connect()
