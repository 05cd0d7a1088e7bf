"""Atom feeds of a community's new fills and of a prompt's fills.

Feeds are public artefacts that feed readers cache and re-share: they are always built for a
logged-out reader, whoever fetches them, so a moderator's feed reader never stores a hidden
creator's name. Entries of anonymous works say "Anonymous" and nothing else about who made them.
"""

from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.text import Truncator

from ficfest.communities.models import Community, Prompt
from ficfest.communities.selectors import works_filling, works_in_community
from ficfest.lib.urls import absolute
from ficfest.works.feeds import FEED_SIZE, PUBLIC, WorkFeed
from ficfest.works.feeds import for_entries as _for_entries
from ficfest.works.models import Work

# The entry class and the rule that feeds are built for a logged-out reader live with the works.
FillFeed = WorkFeed


class CommunityFeed(FillFeed):
    def get_object(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Community:
        return get_object_or_404(Community, slug=kwargs["slug"])

    def title(self, obj: Community) -> str:
        return f"{obj.name}: new fills"

    def subtitle(self, obj: Community) -> str:
        return f"The newest fills posted to {obj.name}."

    def link(self, obj: Community) -> str:
        return absolute(obj.get_absolute_url())

    def feed_url(self, obj: Community) -> str:
        return absolute(reverse("feed_community", args=[obj.slug]))

    def items(self, obj: Community) -> list[Work]:
        return list(_for_entries(works_in_community(obj, PUBLIC))[:FEED_SIZE])


class PromptFeed(FillFeed):
    def get_object(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Prompt:
        # Unreleased prompts are secret from everyone but moderators, and feeds are public.
        prompts = Prompt.objects.released().select_related("period__challenge__community")
        return get_object_or_404(
            prompts, pk=kwargs["pk"], period__challenge__community__slug=kwargs["slug"]
        )

    def title(self, obj: Prompt) -> str:
        text = Truncator(" ".join(obj.text.split())).chars(80)
        return f"{obj.community.name} prompt: “{text}”"

    def subtitle(self, obj: Prompt) -> str:
        return f"Fills for a {obj.community.name} prompt, newest first."

    def link(self, obj: Prompt) -> str:
        return absolute(obj.get_absolute_url())

    def feed_url(self, obj: Prompt) -> str:
        return absolute(reverse("feed_prompt", args=[obj.community.slug, obj.pk]))

    def items(self, obj: Prompt) -> list[Work]:
        return list(_for_entries(works_filling(obj, PUBLIC))[:FEED_SIZE])
