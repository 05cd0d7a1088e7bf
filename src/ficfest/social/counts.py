"""The counts kept on each work (``works.counters``): kudos, shown comments, public bookmarks.

Every service that changes one moves it by an F() update in its own transaction, so two
readers at once each count; deletions the services don't see (a user deleting their account
takes their kudos and bookmarks) are caught by ``post_delete``. ``counts_recount`` rebuilds them
from the rows (the ``recount_works`` command), and a test checks the two agree.

A comment counts while it is published (approved, not hidden) and not deleted; a reply keeps
its own status, so it still counts under a hidden comment. A bookmark counts when it is public
and not its own creator's: a creator keeping their own work is not a reader's bookmark, and
while the work's creators are hidden it would be a clue."""

from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.db.models import (
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce
from django.db.models.signals import post_delete

from ficfest.social.models import Bookmark, Comment, CommentStatus, Kudo
from ficfest.works.models import Creatorship, Work, WorkQuerySet


def _bump(work_id: int | None, field: str, delta: int) -> None:
    if work_id is None or not delta:
        return
    works = Work.objects.filter(pk=work_id)
    if delta < 0:  # a row written around the services never takes a count below zero
        works = works.filter(**{f"{field}__gte": -delta})
    works.update(**{field: F(field) + delta})


def comment_counted(comment: Comment) -> bool:
    return (
        comment.work_id is not None
        and comment.status == CommentStatus.PUBLISHED
        and not comment.deleted
    )


def comment_changed(comment: Comment, *, was_counted: bool) -> None:
    """After a comment was created, moderated or deleted to a placeholder."""
    _bump(comment.work_id, "comment_count", comment_counted(comment) - was_counted)


def kudos_added(work_id: int) -> None:
    _bump(work_id, "kudos_count", 1)


def _by_creator(user_id: int, work_id: int) -> bool:
    return Creatorship.objects.filter(
        work_id=work_id, pseud__user_id=user_id, accepted=True
    ).exists()


def bookmark_counted(bookmark: Bookmark) -> bool:
    if bookmark.work_id is None or bookmark.private:
        return False
    return not _by_creator(bookmark.user_id, bookmark.work_id)


def bookmark_changed(bookmark: Bookmark, *, was_counted: bool) -> None:
    _bump(bookmark.work_id, "bookmark_count", bookmark_counted(bookmark) - was_counted)


def _kudo_deleted(sender: Any, instance: Kudo, **kwargs: Any) -> None:
    _bump(instance.work_id, "kudos_count", -1)


def _comment_deleted(sender: Any, instance: Comment, **kwargs: Any) -> None:
    if comment_counted(instance):
        _bump(instance.work_id, "comment_count", -1)


def _bookmark_deleted(sender: Any, instance: Bookmark, **kwargs: Any) -> None:
    if bookmark_counted(instance):
        _bump(instance.work_id, "bookmark_count", -1)


def connect() -> None:
    post_delete.connect(_kudo_deleted, sender=Kudo, dispatch_uid="social_kudo_count")
    post_delete.connect(_comment_deleted, sender=Comment, dispatch_uid="social_comment_count")
    post_delete.connect(_bookmark_deleted, sender=Bookmark, dispatch_uid="social_bookmark_count")


def _counted(query: QuerySet[Any]) -> Coalesce:
    """A correlated count of ``query``'s rows for each work."""
    rows = query.filter(work_id=OuterRef("pk")).order_by().values("work_id")
    total = rows.annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(total, output_field=IntegerField()), Value(0))


def _telling() -> Q:
    creators = Creatorship.objects.filter(
        work_id=OuterRef("work_id"), pseud__user_id=OuterRef("user_id"), accepted=True
    )
    return Q(Exists(creators))


@transaction.atomic
def counts_recount(works: QuerySet[Work] | None = None) -> int:
    """Rebuild the counts of ``works`` (all of them by default) from the rows; how many."""
    works = Work.objects.all() if works is None else works
    shown = Comment.objects.filter(status=CommentStatus.PUBLISHED, deleted=False)
    public = Bookmark.objects.filter(private=False).exclude(_telling())
    return Work.objects.filter(pk__in=works.values("pk")).update(
        kudos_count=_counted(Kudo.objects.all()),
        comment_count=_counted(shown),
        bookmark_count=_counted(public),
    )


def by_count(field: str) -> Callable[[WorkQuerySet], WorkQuerySet]:
    """A listing order, most first (``works.sorts.sort_register``)."""

    def apply(works: WorkQuerySet) -> WorkQuerySet:
        return works.order_by(f"-{field}", "-pk")

    return apply
