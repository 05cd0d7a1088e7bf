"""What social adds to pages of the apps below it, through their seams: under a work's text
(kudos, then the comments), on a community's page and on a prompt's page."""

from typing import Any

from django.http import HttpRequest
from django.urls import reverse

from ficfest.accounts.models import User
from ficfest.accounts.throttle import client_address
from ficfest.communities.models import Community, Prompt
from ficfest.communities.permissions import is_moderator
from ficfest.social import bookmarks, comments, kudos, threads
from ficfest.social.forms import blank_form_html
from ficfest.social.models import Announcement, Reading
from ficfest.social.places import prompt_place, work_place
from ficfest.social.subscriptions import is_subscribed
from ficfest.tags.models import Tag
from ficfest.works.models import Chapter, Series, Work
from ficfest.works.seams import WorkSection

NEWS_SHOWN = 3


def kudos_section(request: HttpRequest, work: Work, chapter: Chapter | None) -> WorkSection | None:
    if not work.is_published:
        return None
    place = work_place(work, request.user)
    if isinstance(request.user, User):
        # The reading page is where a visit happens; works can't record it itself.
        bookmarks.reading_record(user=request.user, work=work)
    return WorkSection("social/_kudos.html", {
        # The kept count: public bookmarks, never a creator's own (social.counts).
        "bookmarks": work.bookmark_count,
        "later": _later(request, work),
        "work": work, "summary": kudos.kudos_summary(place),
        "refusal": kudos.kudos_refusal(place, request.user),
        "given": kudos.has_given(place, request.user, client_address(request)),
        "subscribed": is_subscribed(request.user, work=work),
    })  # fmt: skip


def comments_section(
    request: HttpRequest, work: Work, chapter: Chapter | None
) -> WorkSection | None:
    if not work.is_published:
        return None
    # On a chapter's page, that chapter's comments; on the whole work, all of them.
    place = work_place(work, request.user, chapter if work.chapter_count > 1 else None)
    page, shown = threads.thread_page(place, request.user, request.GET.get("comments_page"))
    chapter_id = chapter.pk if chapter is not None else None
    return WorkSection("social/_comments.html", {
        "place": place, "page": page, "threads": shown,
        "count": page.paginator.count,
        "refusal": comments.comment_refusal(place, request.user),
        "form_html": blank_form_html(not request.user.is_authenticated, chapter_id),
        "action": _post_url(work),
    })  # fmt: skip


def _post_url(work: Work) -> str:
    return reverse("comment_new", args=[work.pk])


def community_section(request: HttpRequest, community: Community) -> WorkSection:
    """The community page's announcements, the subscribe button, and posting for moderators."""
    return WorkSection("social/_community_news.html", {
        "community": community,
        "announcements": Announcement.objects.filter(community=community)[:NEWS_SHOWN],
        "subscribed": is_subscribed(request.user, community=community),
        "can_announce": is_moderator(request.user, community),
    })  # fmt: skip


def _later(request: HttpRequest, work: Work) -> bool:
    if not request.user.is_authenticated:
        return False
    return Reading.objects.filter(user_id=request.user.pk, work=work, later=True).exists()


def prompt_section(request: HttpRequest, prompt: Prompt) -> WorkSection:
    """A prompt's comment thread (where members cheer, ask and link fills) and its subscribe
    button. The prompt page only shows prompts the reader may see."""
    place = prompt_place(prompt, request.user)
    page, shown = threads.thread_page(place, request.user, request.GET.get("comments_page"))
    return WorkSection("social/_prompt_comments.html", {
        "prompt": prompt, "place": place, "page": page, "threads": shown,
        "count": page.paginator.count,
        "refusal": comments.comment_refusal(place, request.user),
        "form_html": blank_form_html(not request.user.is_authenticated, None),
        "action": reverse("prompt_comment_new", args=[prompt.pk]),
        "subscribed": is_subscribed(request.user, prompt=prompt),
    })  # fmt: skip


def _subscribe(kind: str, target: Any, about: str, subscribed: bool) -> WorkSection:
    return WorkSection("social/_subscribe_section.html", {
        "kind": kind, "target_id": target.pk, "about": about, "subscribed": subscribed,
    })  # fmt: skip


def creator_subscribe(request: HttpRequest, creator: User) -> WorkSection | None:
    """On a profile only: the profile names its user already, so the button tells nothing. It
    is never offered beside a work, whose creators may be hidden."""
    if request.user.pk == creator.pk:
        return None
    about = f"new works by {creator.username} in your inbox"
    return _subscribe("creator", creator, about, is_subscribed(request.user, creator=creator))


def series_subscribe(request: HttpRequest, series: Series) -> WorkSection:
    subscribed = is_subscribed(request.user, series=series)
    return _subscribe("series", series, "new works in this series in your inbox", subscribed)


def tag_subscribe(request: HttpRequest, tag: Tag) -> WorkSection:
    subscribed = is_subscribed(request.user, tag=tag)
    return _subscribe("tag", tag, f"new works tagged {tag.name} in your inbox", subscribed)
