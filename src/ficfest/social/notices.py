"""The inbox: what is written there when something happens, and reading it. Each item's text
is written once, naming no creator who is hidden from strangers at that moment."""

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from ficfest.accounts.models import User
from ficfest.communities.permissions import is_moderator
from ficfest.exchanges.seams import GiftNotice
from ficfest.social import tasks
from ficfest.social.models import (
    Comment,
    CommentStatus,
    Digest,
    InboxSettings,
    NoticeKind,
    Notification,
    Subscription,
)
from ficfest.social.places import Place, comment_author, secret_from_strangers


def notify(*, user: User, kind: str, text: str, url: str, comment: Comment | None = None) -> None:
    item = Notification.objects.create(
        user=user, kind=kind, text=text[:500], url=url, comment=comment
    )
    if inbox_settings(user).email == Digest.IMMEDIATELY:
        transaction.on_commit(lambda: tasks.email_notification.enqueue(item.pk))


def gift_received(notice: GiftNotice) -> None:
    """A gift exchange told a recipient of their gift (registered with exchanges.seams). The
    exchange emailed it already, so the inbox keeps it without emailing it again."""
    Notification.objects.create(
        user=notice.user, kind=NoticeKind.GIFT, text=notice.text[:500], url=notice.url,
        emailed_at=timezone.now() if notice.emailed else None,
    )  # fmt: skip


def inbox_settings(user: User) -> InboxSettings:
    settings, _created = InboxSettings.objects.get_or_create(user=user)
    return settings


def _hidden(place: Place) -> bool:
    return place.work is not None and secret_from_strangers(place.work)


def comment_posted(comment: Comment, place: Place) -> None:
    """Tell the parent's author of a reply, and the creators of a comment on their work."""
    name = comment_author(comment, place, hidden=_hidden(place)).name
    url = comment.get_absolute_url()
    if comment.status == CommentStatus.PENDING:
        for user in User.objects.filter(pk__in=place.creator_ids):
            notify(user=user, kind=NoticeKind.COMMENT, url=url, comment=comment,
                   text=f"A comment on “{place.title}” awaits your approval.")  # fmt: skip
        return
    told = {comment.user_id}
    parent = comment.parent
    if parent is not None and parent.user is not None and parent.user_id not in told:
        notify(user=parent.user, kind=NoticeKind.REPLY, url=url, comment=comment,
               text=f"{name} replied to your comment on “{place.title}”.")  # fmt: skip
        told.add(parent.user_id)
    for user in User.objects.filter(pk__in=place.creator_ids - told):
        notify(user=user, kind=NoticeKind.COMMENT, url=url, comment=comment,
               text=f"{name} commented on “{place.title}”.")  # fmt: skip
        told.add(user.pk)
    for user in _prompt_watchers(place, told):
        notify(user=user, kind=NoticeKind.COMMENT, url=url, comment=comment,
               text=f"{name} commented on “{place.title}”.")  # fmt: skip


def _prompt_watchers(place: Place, told: set[int | None]) -> list[User]:
    """Who hears of a comment on a prompt: its poster and its subscribers, if they may see the
    prompt (before its release, only the community's moderators may)."""
    prompt = place.prompt
    if prompt is None:
        return []
    subscribers = Subscription.objects.filter(prompt=prompt).values("user_id")
    watchers = User.objects.filter(Q(pk__in=subscribers) | Q(pk=prompt.posted_by_id or 0))
    watchers = watchers.exclude(pk__in=[pk for pk in told if pk is not None])
    if prompt.is_released:
        return list(watchers)
    return [user for user in watchers if is_moderator(user, prompt.community)]


def comment_approved(comment: Comment, place: Place) -> None:
    """A held comment, now shown: tell whom its posting would have told (not the creators
    again, who approved it)."""
    parent = comment.parent
    if parent is None or parent.user is None or parent.user_id == comment.user_id:
        return
    name = comment_author(comment, place, hidden=_hidden(place)).name
    notify(user=parent.user, kind=NoticeKind.REPLY, url=comment.get_absolute_url(),
           comment=comment, text=f"{name} replied to your comment on “{place.title}”.")  # fmt: skip


def inbox_of(user: User) -> QuerySet[Notification]:
    return Notification.objects.filter(user=user).select_related("comment")


def unread_count(user: User) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


@transaction.atomic
def notifications_mark(*, user: User, ids: list[int], read: bool) -> int:
    items = Notification.objects.filter(user=user, pk__in=ids)
    return items.update(read_at=timezone.now() if read else None)
