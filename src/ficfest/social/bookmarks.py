"""Bookmarks and reading history. A bookmark list shows only works the viewer may see, and
never a creator's bookmark of their own work while its creators are hidden from the viewer:
that would say who made it."""

from typing import Any

from django.db import transaction
from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.utils import timezone

from ficfest.accounts.auth import AnyUser
from ficfest.accounts.models import User
from ficfest.social import counts
from ficfest.social.models import Bookmark, Reading
from ficfest.works.models import Creatorship, Work


@transaction.atomic
def bookmark_save(*, user: User, work: Work | None = None, **fields: Any) -> Bookmark:
    if work is not None:
        before = Bookmark.objects.select_for_update().filter(user=user, work=work).first()
        was_counted = before is not None and counts.bookmark_counted(before)
        bookmark, _created = Bookmark.objects.update_or_create(
            user=user, work=work, defaults=fields
        )
        counts.bookmark_changed(bookmark, was_counted=was_counted)
        return bookmark
    return Bookmark.objects.create(user=user, **fields)


@transaction.atomic
def bookmark_delete(*, user: User, pk: int) -> bool:
    return Bookmark.objects.filter(user=user, pk=pk).delete()[0] > 0


def _telling(viewer: AnyUser) -> Q:
    """Bookmarks by a work's own creator, on a work whose creators this viewer may not know."""
    hidden = Work.objects.visible_to(viewer).filter(**{"creators_hidden": True}).values("pk")
    by_creator = Exists(
        Creatorship.objects.filter(
            work_id=OuterRef("work_id"), pseud__user_id=OuterRef("user_id"), accepted=True
        )
    )
    return Q(work__in=hidden) & Q(by_creator)


def bookmarks_shown(viewer: AnyUser, query: QuerySet[Bookmark]) -> QuerySet[Bookmark]:
    """``query`` as ``viewer`` may see it: public ones (all of their own), of works they can
    see (or outside links), without the telling ones."""
    visible = Work.objects.visible_to(viewer).values("pk")
    query = query.filter(Q(work__isnull=True) | Q(work__in=visible))
    if viewer.is_authenticated:
        query = query.filter(Q(private=False) | Q(user=viewer))
    else:
        query = query.filter(private=False)
    return query.exclude(_telling(viewer)).select_related("work", "user")


def bookmark_count(work: Work, viewer: AnyUser) -> int:
    return bookmarks_shown(viewer, Bookmark.objects.filter(work=work, private=False)).count()


def reading_record(*, user: User, work: Work) -> None:
    """A visit to a work's page, for the reader's history."""
    updated = Reading.objects.filter(user=user, work=work).update(
        last_read_at=timezone.now(), visits=F("visits") + 1
    )
    if not updated:
        Reading.objects.get_or_create(
            user=user, work=work, defaults={"last_read_at": timezone.now(), "visits": 1}
        )


@transaction.atomic
def reading_mark_later(*, user: User, work: Work, later: bool) -> None:
    reading, _created = Reading.objects.get_or_create(user=user, work=work)
    reading.later = later
    reading.save(update_fields=["later"])


def history_of(user: User, *, later_only: bool = False) -> QuerySet[Reading]:
    readings = Reading.objects.filter(
        user=user, work__in=Work.objects.visible_to(user).values("pk")
    )
    if later_only:
        readings = readings.filter(later=True)
    return readings.select_related("work")
