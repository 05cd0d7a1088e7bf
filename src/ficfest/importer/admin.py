from django.contrib import admin

from ficfest.importer.models import ImportedFile


@admin.register(ImportedFile)
class ImportedFileAdmin(admin.ModelAdmin):
    list_display = ["filename", "owner", "format", "encoding", "work", "created_at"]
    list_filter = ["format"]
    search_fields = ["filename", "sha256"]
    raw_id_fields = ["owner", "work"]
