"""Wrangling pages under /tags/. Included before the works app's URLs, whose /tags/<id>/ is a
tag's works page: nothing here may look like a bare id."""

from django.urls import path

from ficfest.tags import views

urlpatterns = [
    path("tags/wranglers/", views.wranglers, name="wranglers"),
    path("tags/<int:pk>/wrangle/", views.tag_wrangle, name="tag_wrangle"),
]
