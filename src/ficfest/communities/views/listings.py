"""The works of a community, of a challenge period and of a prompt, as listings with the
archive's one filter form (works.listing), and their feeds with the same parameters."""

from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from ficfest.communities import selectors
from ficfest.communities.models import Community, Prompt
from ficfest.communities.permissions import is_moderator
from ficfest.communities.views.prompts import get_prompt
from ficfest.works.feeds import ListingFeed
from ficfest.works.listing import listing_for
from ficfest.works.models import WorkQuerySet

PUBLIC = AnonymousUser()


def community_works(request: HttpRequest, slug: str) -> HttpResponse:
    community = get_object_or_404(Community, slug=slug)
    listing = listing_for(request, selectors.works_in_community(community, request.user))
    context = listing.context(
        community=community,
        is_moderator=is_moderator(request.user, community),
        feed_url=reverse("community_works_feed", args=[slug]),
    )
    return render(request, "communities/community_works.html", context)


def period_works(request: HttpRequest, slug: str, challenge: str, period: str) -> HttpResponse:
    found = selectors.get_period(slug, challenge, period)
    community = found.challenge.community
    listing = listing_for(request, selectors.works_in_period(found, request.user))
    context = listing.context(
        community=community,
        challenge=found.challenge,
        period=found,
        is_moderator=is_moderator(request.user, community),
        feed_url=reverse("period_works_feed", args=[slug, challenge, period]),
    )
    return render(request, "communities/period_works.html", context)


def prompt_fills(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    prompt = get_prompt(request, slug, pk)
    community = prompt.period.challenge.community
    listing = listing_for(request, selectors.works_filling(prompt, request.user))
    context = listing.context(
        community=community,
        challenge=prompt.period.challenge,
        period=prompt.period,
        prompt=prompt,
        is_moderator=is_moderator(request.user, community),
        feed_url=reverse("prompt_fills_feed", args=[slug, pk]),
    )
    return render(request, "communities/prompt_fills.html", context)


class CommunityWorksFeed(ListingFeed):
    def source(self, request: HttpRequest, **kwargs: Any) -> tuple[str, str, WorkQuerySet]:
        community = get_object_or_404(Community, slug=kwargs["slug"])
        page = reverse("community_works", args=[community.slug])
        return (f"{community.name}: works", page, selectors.works_in_community(community, PUBLIC))


class PeriodWorksFeed(ListingFeed):
    def source(self, request: HttpRequest, **kwargs: Any) -> tuple[str, str, WorkQuerySet]:
        found = selectors.get_period(kwargs["slug"], kwargs["challenge"], kwargs["period"])
        title = f"{found.challenge.community.name}: {found.challenge.title}, {found.title}"
        page = reverse("period_works", args=[kwargs["slug"], kwargs["challenge"], found.slug])
        return (title, page, selectors.works_in_period(found, PUBLIC))


class PromptFillsFeed(ListingFeed):
    def source(self, request: HttpRequest, **kwargs: Any) -> tuple[str, str, WorkQuerySet]:
        # Unreleased prompts are secret from everyone but moderators, and feeds are public.
        prompts = Prompt.objects.released().select_related("period__challenge__community")
        prompt = get_object_or_404(
            prompts, pk=kwargs["pk"], period__challenge__community__slug=kwargs["slug"]
        )
        page = reverse("prompt_fills", args=[kwargs["slug"], prompt.pk])
        title = f"{prompt.community.name}: fills for a prompt"
        return (title, page, selectors.works_filling(prompt, PUBLIC))
