from django.urls import URLPattern, URLResolver, path

from ficfest.downloads import views

# A period's address, as the community pages spell it (the period converter is theirs).
PERIOD = "c/<slug:slug>/challenges/<slug:challenge>/<slug:period>/"

urlpatterns: list[URLPattern | URLResolver] = [
    path("works/<int:pk>/download/<str:fmt>", views.work_download, name="work_download"),
    path(PERIOD + "anthology/", views.anthology, name="anthology"),
    path(PERIOD + "anthology.<str:fmt>", views.anthology_download, name="anthology_download"),
]
