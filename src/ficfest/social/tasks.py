"""Emails of the inbox, sent in the background: one per item for readers who chose
"immediately", one digest a day for "daily". Both are safe to run twice: an item is marked
emailed in the same transaction that picks it, and skipped once marked."""

from datetime import timedelta

from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from ficfest.lib.ticks import each, periodic
from ficfest.lib.urls import absolute
from ficfest.social.models import Digest, InboxSettings, Notification

DIGEST_EVERY = timedelta(days=1)


@task()
def email_notification(notification_id: int) -> None:
    with transaction.atomic():
        item = (
            Notification.objects.select_for_update()
            .select_related("user")
            .filter(pk=notification_id, emailed_at__isnull=True, read_at__isnull=True)
            .first()
        )
        if item is None or not item.user.email:
            return  # read or emailed since it was queued
        item.emailed_at = timezone.now()
        item.save(update_fields=["emailed_at"])
    send_mail(
        subject=f"ficfest: {item.text}"[:150],
        message=f"{item.text}\n\n{absolute(item.url)}\n\nYour inbox: {absolute('/inbox/')}\n",
        from_email=None,
        recipient_list=[item.user.email],
    )


def digest_send(settings: InboxSettings) -> int:
    """One reader's daily digest: every item not read nor emailed yet, in one email."""
    now = timezone.now()
    with transaction.atomic():
        items = list(
            Notification.objects.select_for_update()
            .filter(user_id=settings.user_id, emailed_at__isnull=True, read_at__isnull=True)
            .order_by("created_at", "pk")
        )
        Notification.objects.filter(pk__in=[i.pk for i in items]).update(emailed_at=now)
        InboxSettings.objects.filter(pk=settings.pk).update(last_digest_at=now)
    if items and settings.user.email:
        lines = "\n".join(f"- {item.text}\n  {absolute(item.url)}" for item in items)
        send_mail(
            subject=f"ficfest: {len(items)} new in your inbox",
            message=f"{lines}\n\nYour inbox: {absolute('/inbox/')}\n",
            from_email=None,
            recipient_list=[settings.user.email],
        )
    return len(items)


@periodic
def daily_digests() -> None:
    """Readers on "daily" whose last digest is a day old (or who never had one)."""
    due = timezone.now() - DIGEST_EVERY
    readers = InboxSettings.objects.filter(email=Digest.DAILY).select_related("user")
    readers = readers.filter(last_digest_at__isnull=True) | readers.filter(last_digest_at__lte=due)
    each(readers, digest_send, "daily digest")
