from django.urls import path

from ficfest.works import browse, feeds, mutes, profiles, tag_autocomplete, views, wrangling_queue

urlpatterns = [
    path("", views.home, name="home"),
    path("works/", views.work_list, name="work_list"),
    path("works/feed/", feeds.WorksFeed(), name="works_feed"),
    path("works/new/", views.work_new, name="work_new"),
    path("works/<int:pk>/", views.work_detail, name="work"),
    path("works/<int:pk>/edit/", views.work_edit, name="work_edit"),
    path("works/<int:pk>/delete/", views.work_delete, name="work_delete"),
    path("works/<int:pk>/post/", views.work_post, name="work_post"),
    path("works/<int:pk>/chapters/new/", views.chapter_new, name="chapter_new"),
    path("works/<int:pk>/chapters/", views.chapter_jump, name="chapter_jump"),
    path("works/<int:pk>/chapters/<int:position>/", views.chapter_detail, name="chapter"),
    # Changes address a chapter by its id, never its position, which a delete moves.
    path("works/<int:pk>/chapter/<int:chapter_id>/edit/", views.chapter_edit, name="chapter_edit"),
    path(
        "works/<int:pk>/chapter/<int:chapter_id>/delete/",
        views.chapter_delete,
        name="chapter_delete",
    ),
    path("series/<int:pk>/", views.series_detail, name="series"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("invitations/", views.invitations, name="invitations"),
    path("tags/<int:pk>/", browse.tag_detail, name="tag"),
    path("tags/autocomplete/", tag_autocomplete.tag_autocomplete, name="tag_autocomplete"),
    path("tags/unwrangled/", wrangling_queue.wrangling_fandoms, name="wrangling_fandoms"),
    path("tags/unwrangled/<int:pk>/", wrangling_queue.wrangling_queue, name="wrangling_queue"),
    path("tags/<int:pk>/feed/", browse.tag_feed, name="tag_feed"),
    path("fandoms/", browse.fandom_index, name="fandom_index"),
    path("users/<str:username>/", profiles.user_profile, name="user"),
    path("users/<str:username>/works/", profiles.user_works, name="user_works"),
    path("users/<str:username>/works/feed/", feeds.UserFeed(), name="user_feed"),
    path("users/<str:username>/pseuds/<str:pseud_name>/", profiles.pseud_detail, name="pseud"),
    path(
        "users/<str:username>/pseuds/<str:pseud_name>/feed/", feeds.PseudFeed(), name="pseud_feed"
    ),
    path("preferences/muted/", mutes.mute_preferences, name="mute_preferences"),
    path("preferences/muted/tags/<int:pk>/", mutes.tag_mute, name="tag_mute"),
    path("preferences/muted/creators/<str:username>/", mutes.creator_mute, name="creator_mute"),
]
