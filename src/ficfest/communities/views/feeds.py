"""Atom feeds of a community's new fills and of a prompt's fills.

Feeds are public artefacts that feed readers cache and re-share: they are always built for a
logged-out reader, whoever fetches them, so a moderator's feed reader never stores a hidden
creator's name. Entries of anonymous works say "Anonymous" and nothing else about who made them.
The one thing a logged-in session changes is that reader's mutes: a feed fetched in their
browser leaves out their muted tags and creators (and is then marked private to caches).
"""

from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django.contrib.auth.models import AnonymousUser
from django.contrib.syndication.views import Feed
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import format_html, linebreaks
from django.utils.safestring import mark_safe
from django.utils.text import Truncator

from ficfest.accounts.auth import AnyUser
from ficfest.communities.masterlists import size_text
from ficfest.communities.models import Community, Prompt
from ficfest.communities.selectors import works_filling, works_in_community
from ficfest.lib.urls import absolute
from ficfest.works.models import Form, Rating, Work, WorkQuerySet

FEED_SIZE = 50
PUBLIC = AnonymousUser()
Subject = TypeVar("Subject", Community, Prompt)


@dataclass(frozen=True)
class Fed(Generic[Subject]):
    """What a feed is about, and who fetched it (whose mutes apply). The feed object is shared
    by every request, so the reader travels with the subject rather than on the feed."""

    subject: Subject
    reader: AnyUser


def _for_entries(works: WorkQuerySet, reader: AnyUser) -> WorkQuerySet:
    # Visibility is the public's (``works`` come for PUBLIC): the reader only takes works out.
    return works.unmuted_for(reader).for_blurbs().prefetch_related("images", "tracks")


class FillFeed(Feed[Work, Any]):
    """What both feeds say about a work: nothing about its creators while they are hidden."""

    feed_type = Atom1Feed

    def __call__(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = super().__call__(request, *args, **kwargs)
        if request.user.is_authenticated:  # this reader's mutes: not for shared caches
            patch_cache_control(response, private=True)
        return response

    def item_title(self, item: Work) -> str:
        return item.title

    def item_link(self, item: Work) -> str:
        return absolute(item.get_absolute_url())

    def item_description(self, item: Work) -> str:
        details = " · ".join(
            [Form(item.form).label, Rating(item.rating).label, size_text(item)]
            + [tag.name for tag in item.relationships]
        )
        # linebreaks escapes the summary itself (autoescape=True); mark_safe keeps it from
        # being escaped twice by format_html.
        summary = mark_safe(linebreaks(item.summary, autoescape=True)) if item.summary else ""
        return format_html("<p>{}</p>{}", details, summary)

    def item_author_name(self, item: Work) -> str:
        if item.creators_are_hidden:
            return "Anonymous"
        return ", ".join(pseud.name for pseud in item.credited_pseuds()) or "Orphan account"

    def item_author_link(self, item: Work) -> str | None:
        if item.creators_are_hidden:
            return None
        pseuds = item.credited_pseuds()
        return absolute(pseuds[0].get_absolute_url()) if len(pseuds) == 1 else None

    def item_pubdate(self, item: Work) -> Any:
        return item.published_at

    def item_updateddate(self, item: Work) -> Any:
        return item.revised_at

    def item_categories(self, item: Work) -> list[str]:
        return [tag.name for tag in [*item.fandoms, *item.relationships]]


class CommunityFeed(FillFeed):
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


class PromptFeed(FillFeed):
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
