"""Ficathon pages. ``…/<challenge>/signup/`` and friends sit beside the period pages
(``…/<challenge>/<period>/``); those words are reserved period slugs (RESERVED_PERIOD_SLUGS in
ficfest.communities.services.challenges), so each reaches its own view."""

from django.urls import URLPattern, path

from ficfest.exchanges import views, views_gifts, views_matching

CHALLENGE = "c/<slug:slug>/challenges/<slug:challenge>/"

urlpatterns: list[URLPattern] = [
    path(CHALLENGE + "signup/", views.signup, name="ficathon_signup"),
    path(CHALLENGE + "signups/", views.signups, name="ficathon_signups"),
    path(CHALLENGE + "assignments/", views.assignments, name="ficathon_assignments"),
    path(CHALLENGE + "assignments/rules/", views_matching.matching_rules, name="matching_rules"),
    path(CHALLENGE + "assignments/matching/", views_matching.matching, name="ficathon_matching"),
    path("assignments/", views.my_assignments, name="my_assignments"),
    path(
        "assignments/<int:pk>/default/", views_gifts.assignment_default, name="assignment_default"
    ),
    path(CHALLENGE + "gifts/", views_gifts.gift_masterlist, name="gift_masterlist"),
    path(
        CHALLENGE + "gifts.<str:fmt>",
        views_gifts.gift_masterlist_export,
        name="gift_masterlist_export",
    ),
    path("users/<str:username>/gifts/", views_gifts.user_gifts, name="user_gifts"),
]
