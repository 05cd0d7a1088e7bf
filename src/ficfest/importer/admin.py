from django.contrib import admin

from ficfest.importer.models import ImportedFile


@admin.register(ImportedFile)
class ImportedFileAdmin(admin.ModelAdmin):
    list_display = ["filename", "owner", "format", "encoding", "work", "created_at"]
    list_filter = ["format"]
    search_fields = ["filename", "sha256"]
    raw_id_fields = ["owner", "work"]
    # The original is whatever someone uploaded: the admin names it but never links to it (a
    # link would open a stranger's HTML in a staff session). Its owner downloads it from their
    # imported files page, as an attachment.
    exclude = ["original"]
    readonly_fields = ["stored_as", "sha256", "size"]

    @admin.display(description="Original stored as")
    def stored_as(self, imported: ImportedFile) -> str:
        return imported.original.name or "—"
