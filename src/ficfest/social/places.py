"""What a comment hangs on (a work, an announcement or a prompt), as one reader sees it: the
title and address, who moderates its comments, who counts as its creator and whether they are
hidden. Every comment page starts here, and a work is always read through ``visible_to``."""

from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.text import Truncator

from ficfest.accounts.auth import AnyUser
from ficfest.communities.models import Prompt
from ficfest.communities.permissions import is_moderator
from ficfest.social.models import Announcement, Comment
from ficfest.works.models import Chapter, CommentPolicy, Work


@dataclass
class Place:
    title: str
    url: str
    work: Work | None = None
    announcement: Announcement | None = None
    prompt: Prompt | None = None
    chapter: Chapter | None = None
    policy: str = CommentPolicy.USERS
    moderated: bool = False
    # The users credited on the work: their comments carry the creator badge, or show as
    # "Anonymous creator" while the work's creators are hidden from this reader.
    creator_ids: set[int] = field(default_factory=set)
    creators_hidden: bool = False
    # Whether the reader may freeze, hide, approve and delete comments here.
    moderator: bool = False

    def comments(self) -> "QuerySet[Comment]":
        if self.work is not None:
            query = Comment.objects.filter(work=self.work)
            return query.filter(chapter=self.chapter) if self.chapter is not None else query
        if self.prompt is not None:
            return Comment.objects.filter(prompt=self.prompt)
        return Comment.objects.filter(announcement=self.announcement)


def work_place(work: Work, viewer: AnyUser, chapter: Chapter | None = None) -> Place:
    """``work`` as ``visible_to(viewer)`` read it (so ``creators_hidden`` is this reader's)."""
    creators = {pseud.user_id for pseud in work.credited_pseuds()} | {work.poster_id}
    url = chapter.get_absolute_url() if chapter is not None else work.get_absolute_url()
    return Place(
        title=work.title, url=url, work=work, chapter=chapter,
        policy=work.comment_policy, moderated=work.comments_moderated,
        creator_ids=creators, creators_hidden=work.creators_are_hidden,
        moderator=viewer.is_authenticated and viewer.pk in creators,
    )  # fmt: skip


def announcement_place(announcement: Announcement, viewer: AnyUser) -> Place:
    return Place(
        title=announcement.title, url=announcement.get_absolute_url(),
        announcement=announcement,
        policy=CommentPolicy.USERS if announcement.comments_enabled else CommentPolicy.NONE,
        moderator=is_moderator(viewer, announcement.community),
    )  # fmt: skip


def prompt_place(prompt: Prompt, viewer: AnyUser) -> Place:
    """A prompt's thread: logged-in readers comment under their own names (a prompt posted
    anonymously keeps its poster's secret: their comments carry no badge), and the community's
    moderators moderate it."""
    return Place(
        title=f"Prompt: {Truncator(prompt.text).words(10)}", url=prompt.get_absolute_url(),
        prompt=prompt, policy=CommentPolicy.USERS,
        moderator=is_moderator(viewer, prompt.community),
    )  # fmt: skip


def visible_prompt(viewer: AnyUser, pk: int | None) -> Prompt:
    """The prompt, if this reader may see it: until its release, only its moderators may."""
    found = Prompt.objects.select_related("period__challenge__community", "posted_by")
    prompt = found.filter(pk=pk or 0).first()
    if prompt is None or not (prompt.is_released or is_moderator(viewer, prompt.community)):
        raise Http404("No such prompt.")
    return prompt


def visible_work(viewer: AnyUser, pk: int | None) -> Work:
    if pk is None:
        raise Http404("No such work.")
    work = Work.objects.visible_to(viewer).for_blurbs().filter(pk=pk).first()
    if work is None:
        raise Http404("No such work, or you can't see it.")
    return work


def place_of(comment: Comment, viewer: AnyUser) -> Place:
    """Where ``comment`` is, for this reader; 404 when they may not see it."""
    if comment.work_id is not None:
        return work_place(visible_work(viewer, comment.work_id), viewer)
    if comment.prompt_id is not None:
        return prompt_place(visible_prompt(viewer, comment.prompt_id), viewer)
    announcement = get_object_or_404(
        Announcement.objects.select_related("community"), pk=comment.announcement_id or 0
    )
    return announcement_place(announcement, viewer)


ANONYMOUS_CREATOR = "Anonymous creator"


def secret_from_strangers(work: Work) -> bool:
    """Whether a stranger may not know the work's creators now: what notifications and emails
    go by, whoever the recipient, since they are read later and elsewhere."""
    now = timezone.now()
    return any(
        flag and (until is None or until > now)
        for flag, until in (
            (work.anonymous, work.anonymous_until),
            (work.unrevealed, work.unrevealed_until),
        )
    )


@dataclass(frozen=True)
class Author:
    name: str
    url: str = ""  # empty: shown without a link
    creator: bool = False  # the "Creator" badge, only when the creator is named


def comment_author(comment: Comment, place: Place, *, hidden: bool | None = None) -> Author:
    """Who a comment is shown as. A creator of a work whose creators are hidden is
    "Anonymous creator": no pseud, no link, nothing that names them."""
    if comment.user_id is None:
        return Author(f"{comment.guest_name or 'Someone'} (guest)")
    hidden = place.creators_hidden if hidden is None else hidden
    if comment.user_id in place.creator_ids:
        if hidden:
            return Author(ANONYMOUS_CREATOR)
        return Author(_pseud_name(comment), _pseud_url(comment), creator=True)
    return Author(_pseud_name(comment), _pseud_url(comment))


def _pseud_name(comment: Comment) -> str:
    return str(comment.pseud) if comment.pseud is not None else "A former reader"


def _pseud_url(comment: Comment) -> str:
    return comment.pseud.get_absolute_url() if comment.pseud is not None else ""
