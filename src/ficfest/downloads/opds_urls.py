from django.urls import URLPattern, URLResolver, include, path

from ficfest.downloads import opds_setup, opds_views

# The e-reader catalogs (OPDS), beside the downloads their entries point at. Every feed is
# served twice: as the public (or password-sending) catalog, and under a reader's personal key.
feeds: list[URLPattern | URLResolver] = [
    path("", opds_views.root, name="opds_root"),
    path("new/", opds_views.newest, name="opds_newest"),
    path("tags/", opds_views.tag_types, name="opds_tag_types"),
    path("tags/<str:tag_type>/", opds_views.tags, name="opds_tags"),
    path("tag/<int:pk>/", opds_views.tag, name="opds_tag"),
    path("c/", opds_views.communities, name="opds_communities"),
    path("c/<slug:slug>/", opds_views.community, name="opds_community"),
    path("c/<slug:slug>/works/", opds_views.community_works, name="opds_community_works"),
    path("c/<slug:slug>/<slug:challenge>/<slug:period>/", opds_views.period, name="opds_period"),
    path("search.xml", opds_views.search_description, name="opds_search_description"),
    path("search/", opds_views.search, name="opds_search"),
    path("later/", opds_views.later, name="opds_later"),
    path("bookmarks/", opds_views.bookmarks, name="opds_bookmarks"),
    path("works/<int:pk>/download/<str:fmt>", opds_views.download, name="opds_download"),
]

urlpatterns: list[URLPattern | URLResolver] = [
    path("opds/setup/", opds_setup.setup, name="opds_setup"),
    path("opds/setup/key/", opds_setup.key_renew, name="opds_key_renew"),
    path("opds/u/<str:key>/", include(feeds)),
    path("opds/", include(feeds)),
]
