"""Keeps ``Work.filter_tags`` right: what filters on a work match, from its tags and the
wrangling. A work's own tag changes recompute it at once, in the same transaction; a wrangling
change recomputes every work it touches in a background task after commit.
"""

from collections.abc import Iterable
from typing import Any

from django.db import connection, transaction
from django.db.models import ForeignKey, Model
from django.db.models.signals import m2m_changed

from ficfest.tags.memo import memoised_filter_ids
from ficfest.tags.models import Tag
from ficfest.tags.selectors import filter_ids_by_tag
from ficfest.tags.signals import tags_rewrangled
from ficfest.works.models import FilterTagging, Work

# Works recomputed per round trip when wrangling touches a big tag.
CHUNK = 1000


def filter_tags_refresh(work_ids: Iterable[int]) -> None:
    """Recompute these works' filter tags from their tags. Idempotent."""
    ids = sorted(set(work_ids))
    for start in range(0, len(ids), CHUNK):
        _refresh_chunk(ids[start : start + CHUNK])


@transaction.atomic
def _refresh_chunk(work_ids: list[int]) -> None:
    pairs = list(
        Work.tags.through.objects.filter(work_id__in=work_ids).values_list("work_id", "tag_id")
    )
    filters = filter_ids_by_tag(tag_id for _, tag_id in pairs)
    wanted = {(work_id, f) for work_id, tag_id in pairs for f in filters.get(tag_id, ())}
    have = set(FilterTagging.objects.filter(work_id__in=work_ids).values_list("work_id", "tag_id"))
    gone = have - wanted
    for work_id, tag_id in gone:  # rare: a tag taken off a work, or a wrangling change
        FilterTagging.objects.filter(work_id=work_id, tag_id=tag_id).delete()
    FilterTagging.objects.bulk_create(
        [FilterTagging(work_id=w, tag_id=t) for w, t in wanted - have], ignore_conflicts=True
    )


def filter_tags_of_new_work(work: Work, tags: "Iterable[Tag]") -> None:
    """A new work's tags and filter tags, written straight (no old rows to read or compare):
    the importer posts hundreds of works a second through here."""
    chosen = {tag.pk: tag for tag in tags}
    _insert_pairs(Work.tags.through, [(work.pk, pk) for pk in chosen])
    filters = memoised_filter_ids(chosen.values())
    _insert_pairs(FilterTagging, [(work.pk, pk) for pk in sorted(filters)])


def _insert_pairs(model: type[Model], rows: list[tuple[int, int]]) -> None:
    """(work_id, tag_id) rows in one statement. ``bulk_create`` would build a model instance
    per row and read back each new id, which nothing here needs: three times the cost, on every
    imported work. Neither table has signals or defaults beyond its id."""
    if not rows:
        return
    quote = connection.ops.quote_name
    work, tag = (_column(model, name) for name in ("work", "tag"))
    sql = f"INSERT INTO {quote(model._meta.db_table)} ({work}, {tag}) VALUES (%s, %s)"
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


def _column(model: type[Model], name: str) -> str:
    field = model._meta.get_field(name)
    if not isinstance(field, ForeignKey):
        raise TypeError(f"{model.__name__}.{name} is not a foreign key")
    return connection.ops.quote_name(field.column)


def works_with_tags(tag_ids: Iterable[int]) -> list[int]:
    through = Work.tags.through.objects.filter(tag_id__in=list(tag_ids))
    return sorted(set(through.values_list("work_id", flat=True)))


def _work_tags_changed(
    sender: Any, instance: Any, action: str, reverse: bool, pk_set: set[int] | None, **_: Any
) -> None:
    if reverse and action == "pre_clear":  # a tag taken off all its works: note which
        instance._clearing_works = works_with_tags([instance.pk])
    if action not in {"post_add", "post_remove", "post_clear"}:
        return
    if not reverse:
        filter_tags_refresh([instance.pk])
    elif action == "post_clear":
        filter_tags_refresh(getattr(instance, "_clearing_works", ()))
    else:
        filter_tags_refresh(pk_set or ())


def _rewrangled(sender: Any, tag_ids: list[int], **_: Any) -> None:
    from ficfest.works.tasks import refresh_filter_tags  # tasks import this module

    refresh_filter_tags.enqueue(tag_ids=list(tag_ids))


def connect() -> None:
    m2m_changed.connect(_work_tags_changed, sender=Work.tags.through, dispatch_uid="filters")
    tags_rewrangled.connect(_rewrangled, dispatch_uid="filters")
