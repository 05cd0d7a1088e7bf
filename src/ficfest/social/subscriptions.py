"""Subscriptions and what they deliver: a work's new chapters (as they are posted), and new
works by a creator, in a series, for a prompt or under a tag (by the periodic tick, which also
catches scheduled works when their time comes). A reader is only told of works they can see,
and a creator or series subscription never hears of a work whose creators are hidden: that
would name them."""

from datetime import timedelta
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.db.models.signals import post_save
from django.utils import timezone

from ficfest.accounts.models import User
from ficfest.communities.models import Fill, FillStatus
from ficfest.lib.ticks import periodic
from ficfest.social import notices
from ficfest.social.models import NoticeKind, Notification, Subscription
from ficfest.social.places import secret_from_strangers
from ficfest.works.models import Chapter, Creatorship, SeriesWork, Work

KINDS = ("work", "creator", "series", "community", "prompt", "tag")
LOOK_BACK = timedelta(days=2)  # the tick tells of works published this recently


@transaction.atomic
def subscription_set(*, user: User, on: bool, **target: Any) -> None:
    """Subscribe to (or unsubscribe from) exactly one target, e.g. ``work=...``."""
    if on:
        Subscription.objects.get_or_create(user=user, **target)
    else:
        Subscription.objects.filter(user=user, **target).delete()


def is_subscribed(user: Any, **target: Any) -> bool:
    return user.is_authenticated and Subscription.objects.filter(user=user, **target).exists()


def _can_see(user: User, work: Work) -> bool:
    return Work.objects.visible_to(user).filter(pk=work.pk).exists()


def chapter_posted(chapter: Chapter) -> None:
    work = chapter.work
    if not work.is_published or chapter.position < 2:
        return
    subscribers = Subscription.objects.filter(work=work).values("user_id")
    for user in User.objects.filter(pk__in=subscribers):
        if _can_see(user, work):
            notices.notify(
                user=user, kind=NoticeKind.CHAPTER, url=chapter.get_absolute_url(),
                text=f"New chapter of “{work.title}”: chapter {chapter.position}.",
            )  # fmt: skip


def _on_chapter_saved(sender: Any, instance: Chapter, created: bool, **kwargs: Any) -> None:
    if created:
        transaction.on_commit(lambda: chapter_posted(instance))


def connect() -> None:
    post_save.connect(_on_chapter_saved, sender=Chapter, dispatch_uid="social_new_chapter")


def _subscribers_of(work: Work) -> Q:
    """Subscriptions that want to hear of this new work."""
    wanted = Q(tag__in=work.filter_tags.all())
    fills = Fill.objects.filter(work=work, status=FillStatus.APPROVED)
    wanted |= Q(prompt__in=fills.values("prompts"))
    if not secret_from_strangers(work):
        creators = Creatorship.objects.filter(work=work, accepted=True)
        wanted |= Q(creator__in=creators.values("pseud__user_id"))
        # A series names its owner: hearing a secret work is in it would name its creator.
        wanted |= Q(series__in=SeriesWork.objects.filter(work=work).values("series_id"))
    return wanted


def work_published(work: Work) -> int:
    """Tell each subscriber who may see it, once (safe to run again)."""
    url = work.get_absolute_url()
    told = Notification.objects.filter(kind=NoticeKind.WORK, url=url).values("user_id")
    users = Subscription.objects.filter(_subscribers_of(work)).values("user_id")
    sent = 0
    for user in User.objects.filter(pk__in=users).exclude(pk__in=told).exclude(pk=work.poster_id):
        if _can_see(user, work):
            notices.notify(user=user, kind=NoticeKind.WORK, url=url,
                           text=f"New work: “{work.title}”.")  # fmt: skip
            sent += 1
    return sent


@periodic
def deliver_new_works() -> None:
    now = timezone.now()
    recent = Work.objects.published().filter(published_at__gt=now - LOOK_BACK)
    for work in recent:
        work_published(work)
