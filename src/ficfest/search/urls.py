from django.urls import URLPattern, URLResolver, path

from ficfest.search import views

urlpatterns: list[URLPattern | URLResolver] = [
    path("search/", views.search_page, name="search"),
    path("search/help/", views.search_help, name="search_help"),
]
