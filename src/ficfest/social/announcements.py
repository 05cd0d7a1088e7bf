"""Announcements: a community's moderators post news; its subscribers hear of it in the inbox."""

from django.core.exceptions import PermissionDenied
from django.db import transaction

from ficfest.accounts.models import User
from ficfest.communities.models import Community
from ficfest.communities.permissions import is_moderator
from ficfest.social import notices
from ficfest.social.comments import comment_html
from ficfest.social.models import Announcement, NoticeKind, Subscription


@transaction.atomic
def announcement_post(
    *, community: Community, author: User, title: str, body: str, comments_enabled: bool = True
) -> Announcement:
    if not is_moderator(author, community):
        raise PermissionDenied("Only this community's moderators can post announcements.")
    announcement = Announcement.objects.create(
        community=community, author=author, title=title, body=body,
        html=comment_html(body), comments_enabled=comments_enabled,
    )  # fmt: skip
    subscribers = Subscription.objects.filter(community=community).exclude(user=author)
    for user in User.objects.filter(pk__in=subscribers.values("user_id")):
        notices.notify(
            user=user, kind=NoticeKind.ANNOUNCEMENT, url=announcement.get_absolute_url(),
            text=f"{community.name}: {title}",
        )  # fmt: skip
    return announcement
