from django.urls import URLPattern, URLResolver, path

from ficfest.downloads import views

urlpatterns: list[URLPattern | URLResolver] = [
    path("works/<int:pk>/download/<str:fmt>", views.work_download, name="work_download"),
]
