from django.urls import path

from ficfest.importer import views

urlpatterns = [
    path("import/", views.upload, name="import"),
    path("import/preview/", views.preview, name="import_preview"),
    path("import/confirm/", views.confirm, name="import_confirm"),
    path("import/done/", views.done, name="import_done"),
    path("import/files/", views.file_list, name="imported_files"),
    path("import/files/<int:pk>/", views.file_download, name="imported_file"),
]
