"""Atom feeds of a community's new fills and of a prompt's fills.

Feeds are public artefacts that feed readers cache and re-share: they are always built for a
logged-out reader, whoever fetches them, so a moderator's feed reader never stores a hidden
creator's name. Entries of anonymous works say "Anonymous" and nothing else about who made them.
The one thing a logged-in session changes is that reader's mutes: a feed fetched in their
browser leaves out their muted tags and creators (and is then marked private to caches).
"""

from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.text import Truncator

from ficfest.accounts.auth import AnyUser
from ficfest.communities.models import Community, Prompt
from ficfest.communities.selectors import works_filling, works_in_community
from ficfest.lib.urls import absolute
from ficfest.works.feeds import FEED_SIZE, PUBLIC, WorkFeed, for_entries
from ficfest.works.models import Work, WorkQuerySet

Subject = TypeVar("Subject", Community, Prompt)


@dataclass(frozen=True)
class Fed(Generic[Subject]):
    """What a feed is about, and who fetched it (whose mutes apply). The feed object is shared
    by every request, so the reader travels with the subject rather than on the feed."""

    subject: Subject
    reader: AnyUser


def _for_entries(works: WorkQuerySet, reader: AnyUser) -> WorkQuerySet:
    # Visibility is the public's (``works`` come for PUBLIC): the reader only takes works out.
    return for_entries(works.unmuted_for(reader))


class CommunityFeed(WorkFeed):
    def get_object(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Fed[Community]:
        return Fed(get_object_or_404(Community, slug=kwargs["slug"]), request.user)

    def title(self, obj: Fed[Community]) -> str:
        return f"{obj.subject.name}: new fills"

    def subtitle(self, obj: Fed[Community]) -> str:
        return f"The newest fills posted to {obj.subject.name}."

    def link(self, obj: Fed[Community]) -> str:
        return absolute(obj.subject.get_absolute_url())

    def feed_url(self, obj: Fed[Community]) -> str:
        return absolute(reverse("feed_community", args=[obj.subject.slug]))

    def items(self, obj: Fed[Community]) -> list[Work]:
        works = works_in_community(obj.subject, PUBLIC)
        return list(_for_entries(works, obj.reader)[:FEED_SIZE])


class PromptFeed(WorkFeed):
    def get_object(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Fed[Prompt]:
        # Unreleased prompts are secret from everyone but moderators, and feeds are public.
        prompts = Prompt.objects.released().select_related("period__challenge__community")
        prompt = get_object_or_404(
            prompts, pk=kwargs["pk"], period__challenge__community__slug=kwargs["slug"]
        )
        return Fed(prompt, request.user)

    def title(self, obj: Fed[Prompt]) -> str:
        text = Truncator(" ".join(obj.subject.text.split())).chars(80)
        return f"{obj.subject.community.name} prompt: “{text}”"

    def subtitle(self, obj: Fed[Prompt]) -> str:
        return f"Fills for a {obj.subject.community.name} prompt, newest first."

    def link(self, obj: Fed[Prompt]) -> str:
        return absolute(obj.subject.get_absolute_url())

    def feed_url(self, obj: Fed[Prompt]) -> str:
        prompt = obj.subject
        return absolute(reverse("feed_prompt", args=[prompt.community.slug, prompt.pk]))

    def items(self, obj: Fed[Prompt]) -> list[Work]:
        return list(_for_entries(works_filling(obj.subject, PUBLIC), obj.reader)[:FEED_SIZE])
