"""Ficathon pages. ``…/<challenge>/signup/`` and friends sit beside the period pages
(``…/<challenge>/<period>/``); those words are reserved period slugs (RESERVED_PERIOD_SLUGS in
ficfest.communities.services.challenges), so each reaches its own view."""

from django.urls import URLPattern, path

from ficfest.exchanges import views

CHALLENGE = "c/<slug:slug>/challenges/<slug:challenge>/"

urlpatterns: list[URLPattern] = [
    path(CHALLENGE + "signup/", views.signup, name="ficathon_signup"),
    path(CHALLENGE + "signups/", views.signups, name="ficathon_signups"),
    path(CHALLENGE + "assignments/", views.assignments, name="ficathon_assignments"),
    path("assignments/", views.my_assignments, name="my_assignments"),
]
